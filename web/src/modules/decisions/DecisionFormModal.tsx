import { DECISION_STATUSES, type DecisionDetail, type DecisionStatus } from '@guantong/shared';
import { Alert, App, Col, DatePicker, Divider, Form, Input, Modal, Row, Select, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { errorDetails, errorMessage } from '../../api/client';
import { OrgTreeSelect } from '../../components/OrgTreeSelect';
import { useFormInit } from '../../components/useFormInit';
import { formatDate } from '../../i18n/format';
import { toLang } from '../../i18n/languages';
import { useCurrentUser } from '../auth/auth.api';
import { AssigneeSelect } from '../tasks/AssigneeSelect';
import { bodyName } from './DecisionBits';
import { useCreateDecision, useDecisionBodies, useDecisionCategories, useMeetingOptions, useUpdateDecision } from './decisions.api';

interface FormValues {
  orgId?: number;
  bodyCode?: string;
  categoryCode?: string;
  title: string;
  docNo?: string;
  decidedOn?: Dayjs | null;
  meetingId?: number | null;
  agendaItemId?: number | null;
  preStudyMeetingId?: number | null;
  preStudyAgendaItemId?: number | null;
  preStudyNote?: string;
  summary?: string;
  ownerUserId?: number | null;
  ownerDepartment?: string;
  reviewOn?: Dayjs | null;
  status: DecisionStatus;
}

const FIELDS = [
  'orgId',
  'bodyCode',
  'categoryCode',
  'title',
  'docNo',
  'decidedOn',
  'meetingId',
  'agendaItemId',
  'preStudyMeetingId',
  'preStudyAgendaItemId',
  'preStudyNote',
  'summary',
  'ownerUserId',
  'ownerDepartment',
  'reviewOn',
  'status',
] as const;

export interface DecisionFormModalProps {
  open: boolean;
  decision?: DecisionDetail;
  /** Opens the form scrolled to the pre-study section (the "link the pre-study" action). */
  focusPreStudy?: boolean;
  onClose: () => void;
  onDone: (id: number) => void;
}

/** Records or edits a decision item: body, category, meeting and agenda item, the 党委会 pre-study, owner, review date. */
export function DecisionFormModal({ open, decision, focusPreStudy, onClose, onDone }: DecisionFormModalProps) {
  const { t, i18n } = useTranslation();
  const lang = toLang(i18n.language);
  const { message } = App.useApp();
  const me = useCurrentUser();
  const [form] = Form.useForm<FormValues>();
  const create = useCreateDecision();
  const update = useUpdateDecision();
  const bodies = useDecisionBodies();
  const categories = useDecisionCategories();
  const editing = decision !== undefined;
  const defaultOrg = useMemo(
    () => me.grants.find((g) => g.role === 'org_admin' || g.role === 'secretary' || g.role === 'sysadmin')?.orgId,
    [me.grants],
  );
  const orgId = Form.useWatch('orgId', form) ?? decision?.org.id ?? null;
  const bodyCode = Form.useWatch('bodyCode', form);
  const categoryCode = Form.useWatch('categoryCode', form);
  const meetingId = Form.useWatch('meetingId', form);
  const decidedOn = Form.useWatch('decidedOn', form);
  const preStudyMeetingId = Form.useWatch('preStudyMeetingId', form);
  const body = bodies.data?.find((b) => b.code === bodyCode);
  const category = categories.data?.find((c) => c.code === categoryCode);
  const needsPreStudy = Boolean(body?.requiresPreStudy && category?.requiresPreStudy);
  const preStudyPossible = Boolean(body && !body.isPreStudyBody);
  const meetings = useMeetingOptions(orgId, bodyCode ?? null);
  const preStudyMeetings = useMeetingOptions(
    preStudyPossible ? orgId : null,
    'pre_study',
    decidedOn ? decidedOn.format('YYYY-MM-DD') : undefined,
  );
  const chosenMeeting = meetings.data?.find((m) => m.id === meetingId);
  const chosenPreStudy = preStudyMeetings.data?.find((m) => m.id === preStudyMeetingId);

  useFormInit(open, decision?.id ?? null, () => {
    form.resetFields();
    if (decision) {
      form.setFieldsValue({
        orgId: decision.org.id,
        bodyCode: decision.body.code,
        categoryCode: decision.category.code,
        title: decision.title,
        docNo: decision.docNo ?? '',
        decidedOn: dayjs(decision.decidedOn),
        meetingId: decision.meeting?.id ?? null,
        agendaItemId: decision.agendaItem?.id ?? null,
        preStudyMeetingId: decision.preStudy.meeting?.id ?? null,
        preStudyAgendaItemId: decision.preStudy.agendaItem?.id ?? null,
        preStudyNote: decision.preStudy.note ?? '',
        summary: decision.summary,
        ownerUserId: decision.ownerUser?.id ?? null,
        ownerDepartment: decision.ownerDepartment ?? '',
        reviewOn: decision.reviewOn ? dayjs(decision.reviewOn) : null,
        status: decision.status,
      });
    } else {
      form.setFieldsValue({ orgId: defaultOrg, status: 'decided', decidedOn: dayjs() });
    }
  });

  useEffect(() => {
    if (open && focusPreStudy) {
      const timer = window.setTimeout(() => document.getElementById('decision-prestudy')?.scrollIntoView({ block: 'center' }), 300);
      return () => window.clearTimeout(timer);
    }
    return undefined;
  }, [open, focusPreStudy]);

  const showServerError = (error: unknown) => {
    const details = errorDetails(error).filter((d) => (FIELDS as readonly string[]).includes(d.path));
    if (details.length > 0) {
      form.setFields(details.map((d) => ({ name: d.path as (typeof FIELDS)[number], errors: [d.message] })));
    }
    void message.error(errorMessage(error));
  };

  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v?.decidedOn || !v.bodyCode || !v.categoryCode) {
      return;
    }
    const fields = {
      title: v.title.trim(),
      docNo: v.docNo?.trim() || null,
      bodyCode: v.bodyCode,
      categoryCode: v.categoryCode,
      decidedOn: v.decidedOn.format('YYYY-MM-DD'),
      meetingId: v.meetingId ?? null,
      agendaItemId: v.agendaItemId ?? null,
      summary: (v.summary ?? '').trim(),
      ownerUserId: v.ownerUserId ?? null,
      ownerDepartment: v.ownerDepartment?.trim() || null,
      reviewOn: v.reviewOn ? v.reviewOn.format('YYYY-MM-DD') : null,
      status: v.status,
      preStudyMeetingId: preStudyPossible ? (v.preStudyMeetingId ?? null) : null,
      preStudyAgendaItemId: preStudyPossible ? (v.preStudyAgendaItemId ?? null) : null,
      preStudyNote: preStudyPossible ? v.preStudyNote?.trim() || null : null,
    };
    try {
      if (decision) {
        const saved = await update.mutateAsync({ id: decision.id, input: fields });
        void message.success(t('decisions.form.saved'));
        onDone(saved.id);
      } else {
        if (!v.orgId) {
          return;
        }
        const created = await create.mutateAsync({ ...fields, orgId: v.orgId });
        void message.success(t('decisions.form.created'));
        onDone(created.id);
      }
    } catch (error) {
      showServerError(error);
    }
  };

  const required = { required: true, message: t('decisions.form.required') };
  const dateFormat = lang === 'zh-CN' ? 'YYYY年M月D日' : 'YYYY-MM-DD';
  const meetingLabel = (m: { date: string; title: string }) =>
    t('decisions.form.meetingOption', { date: formatDate(m.date, lang), title: m.title });
  const groupedCategories = useMemo(() => {
    const groups = new Map<string, { label: string; options: Array<{ value: string; label: string }> }>();
    for (const c of categories.data ?? []) {
      if (!c.active && c.code !== decision?.category.code) {
        continue;
      }
      const key = (lang === 'zh-CN' ? c.groupName : c.groupNameEn) ?? '';
      const g = groups.get(key) ?? { label: key || t('decisions.filters.categoryAll'), options: [] };
      g.options.push({ value: c.code, label: lang === 'zh-CN' ? c.name : c.nameEn });
      groups.set(key, g);
    }
    return [...groups.values()];
  }, [categories.data, lang, t, decision?.category.code]);

  return (
    <Modal
      open={open}
      title={editing ? t('decisions.form.editTitle') : t('decisions.form.createTitle')}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('common.actions.save')}
      cancelText={t('common.actions.cancel')}
      confirmLoading={create.isPending || update.isPending}
      width={820}
      destroyOnHidden
      styles={{ body: { maxHeight: 'calc(100vh - 220px)', overflowY: 'auto', paddingInlineEnd: 8 } }}
    >
      <Form form={form} layout="vertical" requiredMark onFinish={() => void submit()}>
        <Form.Item name="title" label={t('decisions.form.title')} rules={[{ ...required, whitespace: true }]}>
          <Input maxLength={300} autoFocus placeholder={t('decisions.form.titlePlaceholder')} />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            {editing ? (
              <Form.Item label={t('decisions.form.org')}>
                <Typography.Text>{decision.org.name}</Typography.Text>
              </Form.Item>
            ) : (
              <Form.Item name="orgId" label={t('decisions.form.org')} rules={[required]} extra={t('decisions.form.orgHelp')}>
                <OrgTreeSelect aria-label={t('decisions.form.org')} />
              </Form.Item>
            )}
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="docNo" label={t('decisions.form.docNo')}>
              <Input maxLength={60} placeholder={t('decisions.form.docNoPlaceholder')} />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="bodyCode" label={t('decisions.form.body')} rules={[required]}>
              <Select
                loading={bodies.isLoading}
                options={(bodies.data ?? [])
                  .filter((b) => b.active || b.code === decision?.body.code)
                  .map((b) => ({ value: b.code, label: bodyName(b, lang) }))}
                onChange={() => form.setFieldsValue({ meetingId: null, agendaItemId: null })}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="categoryCode" label={t('decisions.form.category')} rules={[required]} extra={t('decisions.form.categoryHelp')}>
              <Select loading={categories.isLoading} options={groupedCategories} />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="meetingId" label={t('decisions.form.meeting')}>
              <Select
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                disabled={!bodyCode}
                loading={meetings.isFetching}
                placeholder={t('decisions.form.meetingPlaceholder')}
                notFoundContent={t('decisions.form.noMeetings')}
                options={(meetings.data ?? []).map((m) => ({ value: m.id, label: meetingLabel(m) }))}
                onChange={(id: number | undefined) => {
                  const m = meetings.data?.find((x) => x.id === id);
                  form.setFieldsValue({ agendaItemId: null, ...(m ? { decidedOn: dayjs(m.date) } : {}) });
                }}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="agendaItemId" label={t('decisions.form.agendaItem')}>
              <Select
                allowClear
                disabled={!chosenMeeting}
                placeholder={t('decisions.form.agendaPlaceholder')}
                options={(chosenMeeting?.agendaItems ?? []).map((a) => ({ value: a.id, label: `${a.position}. ${a.title}` }))}
              />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="decidedOn" label={t('decisions.form.decidedOn')} rules={[required]} extra={t('decisions.form.decidedOnHelp')}>
              <DatePicker
                format={dateFormat}
                style={{ width: '100%' }}
                disabled={Boolean(meetingId)}
                placeholder={t('decisions.form.datePlaceholder')}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="status" label={t('decisions.form.status')} rules={[required]}>
              <Select options={DECISION_STATUSES.map((s) => ({ value: s, label: t(`decisions.status.${s}`) }))} />
            </Form.Item>
          </Col>
        </Row>

        {preStudyPossible ? (
          <div id="decision-prestudy">
            <Divider titlePlacement="start" style={{ marginTop: 4 }}>
              {t('decisions.form.preStudySection')}
            </Divider>
            <Alert
              type={needsPreStudy ? 'warning' : 'info'}
              showIcon
              style={{ marginBottom: 16 }}
              title={
                needsPreStudy
                  ? t('decisions.form.preStudyRequired', { body: body ? bodyName(body, lang) : '' })
                  : t('decisions.form.preStudyNotRequired')
              }
            />
            <Row gutter={16}>
              <Col xs={24} md={12}>
                <Form.Item name="preStudyMeetingId" label={t('decisions.form.preStudyMeeting')}>
                  <Select
                    allowClear
                    showSearch={{ optionFilterProp: 'label' }}
                    loading={preStudyMeetings.isFetching}
                    placeholder={t('decisions.form.preStudyMeetingPlaceholder')}
                    notFoundContent={t('decisions.form.noMeetings')}
                    options={(preStudyMeetings.data ?? []).map((m) => ({ value: m.id, label: meetingLabel(m) }))}
                    onChange={() => form.setFieldsValue({ preStudyAgendaItemId: null })}
                  />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item name="preStudyAgendaItemId" label={t('decisions.form.preStudyAgenda')}>
                  <Select
                    allowClear
                    disabled={!chosenPreStudy}
                    placeholder={t('decisions.form.agendaPlaceholder')}
                    options={(chosenPreStudy?.agendaItems ?? []).map((a) => ({ value: a.id, label: `${a.position}. ${a.title}` }))}
                  />
                </Form.Item>
              </Col>
            </Row>
            <Form.Item name="preStudyNote" label={t('decisions.form.preStudyNote')}>
              <Input maxLength={500} placeholder={t('decisions.form.preStudyNotePlaceholder')} />
            </Form.Item>
            <Divider style={{ marginTop: 0 }} />
          </div>
        ) : null}

        <Form.Item name="summary" label={t('decisions.form.summary')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={5000} showCount />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item name="ownerUserId" label={t('decisions.form.owner')}>
              <AssigneeSelect
                orgId={orgId}
                placeholder={t('decisions.form.ownerPlaceholder')}
                known={decision?.ownerUser ? [decision.ownerUser] : []}
                aria-label={t('decisions.form.owner')}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="ownerDepartment" label={t('decisions.form.ownerDepartment')}>
              <Input maxLength={100} placeholder={t('decisions.form.ownerDepartmentPlaceholder')} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="reviewOn" label={t('decisions.form.reviewOn')}>
              <DatePicker format={dateFormat} style={{ width: '100%' }} placeholder={t('decisions.form.datePlaceholder')} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
