import {
  EDUCATION_OPTIONS,
  ETHNICITY_OPTIONS,
  GENDERS,
  type Gender,
  MEMBER_STATUSES,
  PARTY_STATUSES,
  type PartyStatus,
  type PersonDetail,
} from '@guantong/shared';
import { Alert, App, Checkbox, Col, DatePicker, Divider, Form, Input, Modal, Radio, Row, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, errorDetails, errorMessage } from '../../api/client';
import { OrgTreeSelect } from '../../components/OrgTreeSelect';
import { fromIso, isFuture, toIso } from '../orgs/dates';
import { indexOrgTree, useOrgTree } from '../orgs/orgs.api';
import { useCreatePerson, useUpdatePerson } from './people.api';

const FLAGS = ['isCadre', 'isRetired', 'isMobile'] as const;
type Flag = (typeof FLAGS)[number];

interface FormValues {
  employeeNo: string;
  name: string;
  gender: Gender;
  ethnicity?: string;
  birthDate: Dayjs;
  education?: string;
  jobTitle?: string;
  businessUnit?: string;
  phone?: string;
  partyStatus: PartyStatus;
  orgId: number;
  groupId?: number | null;
  joinedPartyOn?: Dayjs | null;
  fullMemberOn?: Dayjs | null;
  probationStart?: Dayjs | null;
  memberSince?: Dayjs | null;
  flags?: Flag[];
  note?: string;
}

const PHONE = /^1[3-9]\d{9}$|^0\d{2,3}-?\d{7,8}$/;
const EMPLOYEE_NO = /^[A-Za-z0-9-]+$/;
const FIELD_NAMES = new Set<string>([
  'employeeNo',
  'name',
  'gender',
  'ethnicity',
  'birthDate',
  'education',
  'jobTitle',
  'businessUnit',
  'phone',
  'partyStatus',
  'orgId',
  'groupId',
  'joinedPartyOn',
  'fullMemberOn',
  'probationStart',
  'memberSince',
  'note',
]);

export type PersonFormModalProps =
  | { person?: undefined; defaultOrgId?: number; onClose: () => void; onDone: (id: number) => void }
  | { person: PersonDetail; defaultOrgId?: undefined; onClose: () => void; onDone: (id: number) => void };

/**
 * Adds a person to the roster, or edits their personal data and date corrections. Party status, branch and group
 * are set once here; later they change only through status events and transfers (so the history is kept).
 */
export function PersonFormModal({ person, defaultOrgId, onClose, onDone }: PersonFormModalProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const create = useCreatePerson();
  const update = useUpdatePerson();
  const tree = useOrgTree();
  const index = useMemo(() => indexOrgTree(tree.data), [tree.data]);
  const editing = person !== undefined;
  const partyStatus: PartyStatus | undefined = Form.useWatch('partyStatus', form) ?? person?.partyStatus;
  const orgId: number | undefined = Form.useWatch('orgId', form);
  const isMember = partyStatus !== undefined && MEMBER_STATUSES.includes(partyStatus);
  const groups = useMemo(() => {
    const org = orgId !== undefined ? index.get(orgId) : undefined;
    return org?.kind === 'branch' ? org.children.filter((c) => c.kind === 'group') : [];
  }, [index, orgId]);

  const initialValues: Partial<FormValues> = person
    ? {
        employeeNo: person.employeeNo,
        name: person.name,
        gender: person.gender,
        ethnicity: person.ethnicity ?? undefined,
        birthDate: dayjs(person.birthDate),
        education: person.education ?? undefined,
        jobTitle: person.jobTitle ?? undefined,
        businessUnit: person.businessUnit ?? undefined,
        // A masked number is not a value to save back.
        phone: person.phoneMasked ? undefined : (person.phone ?? undefined),
        joinedPartyOn: fromIso(person.joinedPartyOn),
        fullMemberOn: fromIso(person.fullMemberOn),
        probationStart: fromIso(person.probationStart),
        flags: FLAGS.filter((f) => person[f]),
        note: person.note ?? undefined,
      }
    : { gender: 'male', ethnicity: '汉族', partyStatus: 'full', orgId: defaultOrgId, flags: [] };

  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) {
      return;
    }
    const flags = v.flags ?? [];
    const personal = {
      name: v.name.trim(),
      gender: v.gender,
      ethnicity: v.ethnicity ?? null,
      birthDate: toIso(v.birthDate) ?? '',
      education: v.education ?? null,
      jobTitle: v.jobTitle?.trim() || null,
      businessUnit: v.businessUnit?.trim() || null,
      isCadre: flags.includes('isCadre'),
      isRetired: flags.includes('isRetired'),
      isMobile: flags.includes('isMobile'),
      note: v.note?.trim() || null,
    };
    try {
      if (person) {
        const saved = await update.mutateAsync({
          id: person.id,
          ...personal,
          employeeNo: v.employeeNo.trim(),
          ...(v.phone !== undefined || !person.phoneMasked ? { phone: v.phone?.trim() || null } : {}),
          joinedPartyOn: toIso(v.joinedPartyOn) ?? null,
          fullMemberOn: toIso(v.fullMemberOn) ?? null,
          probationStart: toIso(v.probationStart) ?? null,
        });
        void message.success(t('people.form.saved'));
        onClose();
        onDone(saved.id);
        return;
      }
      const created = await create.mutateAsync({
        ...personal,
        employeeNo: v.employeeNo.trim(),
        phone: v.phone?.trim() || null,
        partyStatus: v.partyStatus,
        orgId: v.orgId,
        groupId: isMember ? (v.groupId ?? null) : null,
        joinedPartyOn: toIso(v.joinedPartyOn) ?? null,
        fullMemberOn: v.partyStatus === 'full' ? (toIso(v.fullMemberOn) ?? null) : null,
        probationStart: v.partyStatus === 'probationary' ? (toIso(v.probationStart) ?? null) : null,
        ...(v.memberSince ? { memberSince: toIso(v.memberSince) } : {}),
      });
      void message.success(t('people.form.created', { name: created.name }));
      onClose();
      onDone(created.id);
    } catch (error) {
      if (error instanceof ApiError && error.code === 'CONFLICT') {
        form.setFields([{ name: 'employeeNo', errors: [t('people.form.employeeNoTaken')] }]);
        return;
      }
      const details = errorDetails(error).filter((d) => FIELD_NAMES.has(d.path));
      if (details.length > 0) {
        form.setFields(details.map((d) => ({ name: d.path as keyof FormValues, errors: [d.message] })));
      }
      void message.error(errorMessage(error));
    }
  };

  const required = (field: string) => ({ required: true, message: t('people.form.required', { field }) });
  const choose = (field: string) => ({ required: true, message: t('people.form.choose', { field }) });

  return (
    <Modal
      open
      title={person ? t('people.form.editTitle', { name: person.name }) : t('people.form.createTitle')}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('common.actions.save')}
      cancelText={t('common.actions.cancel')}
      confirmLoading={create.isPending || update.isPending}
      destroyOnHidden
      width={760}
    >
      <Form form={form} layout="vertical" initialValues={initialValues}>
        <Divider titlePlacement="start" style={{ marginTop: 0 }}>
          {t('people.form.sectionPerson')}
        </Divider>
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item
              name="employeeNo"
              label={t('people.fields.employeeNo')}
              rules={[required(t('people.fields.employeeNo')), { pattern: EMPLOYEE_NO, message: t('people.form.employeeNoFormat') }]}
            >
              <Input maxLength={32} autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="name" label={t('people.fields.name')} rules={[{ ...required(t('people.fields.name')), whitespace: true }]}>
              <Input maxLength={64} autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="gender" label={t('people.fields.gender')} rules={[choose(t('people.fields.gender'))]}>
              <Radio.Group options={GENDERS.map((g) => ({ value: g, label: t(`people.gender.${g}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="birthDate" label={t('people.fields.birthDate')} rules={[choose(t('people.fields.birthDate'))]}>
              <DatePicker style={{ width: '100%' }} disabledDate={isFuture} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="ethnicity" label={t('people.fields.ethnicity')}>
              <Select showSearch allowClear options={ETHNICITY_OPTIONS.map((e) => ({ value: e, label: e }))} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="education" label={t('people.fields.education')}>
              <Select allowClear options={EDUCATION_OPTIONS.map((e) => ({ value: e, label: e }))} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="jobTitle" label={t('people.fields.jobTitle')}>
              <Input maxLength={64} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="businessUnit" label={t('people.fields.businessUnit')}>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="phone"
              label={t('people.fields.phone')}
              rules={[{ pattern: PHONE, message: t('people.form.phoneFormat') }]}
              extra={person?.phoneMasked ? t('people.phoneMasked') : undefined}
            >
              <Input maxLength={20} inputMode="tel" placeholder={person?.phoneMasked ? (person.phone ?? undefined) : undefined} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="flags" label={t('people.fields.flags')}>
              <Checkbox.Group options={FLAGS.map((f) => ({ value: f, label: t(`people.flags.${f}`) }))} />
            </Form.Item>
          </Col>
        </Row>
        <Divider titlePlacement="start">{t('people.form.sectionParty')}</Divider>
        {editing ? <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('people.form.statusNote')} /> : null}
        <Row gutter={16}>
          {!editing ? (
            <>
              <Col xs={24} sm={12}>
                <Form.Item name="partyStatus" label={t('people.fields.partyStatus')} rules={[choose(t('people.fields.partyStatus'))]}>
                  <Select options={PARTY_STATUSES.map((s) => ({ value: s, label: t(`people.partyStatus.${s}`) }))} />
                </Form.Item>
              </Col>
              <Col xs={24} sm={12}>
                <Form.Item
                  name="orgId"
                  label={t('people.fields.orgId')}
                  extra={t('people.form.orgHint')}
                  rules={[
                    choose(t('people.fields.orgId')),
                    {
                      validator: (_r, value: number | undefined) =>
                        value === undefined || partyStatus === 'non_member' || index.get(value)?.kind === 'branch'
                          ? Promise.resolve()
                          : Promise.reject(new Error(t('people.form.mustBeBranch'))),
                    },
                  ]}
                >
                  <OrgTreeSelect onChange={() => form.setFieldValue('groupId', null)} />
                </Form.Item>
              </Col>
              {isMember ? (
                <Col xs={24} sm={12}>
                  <Form.Item name="groupId" label={t('people.fields.groupId')} extra={t('people.form.groupHint')}>
                    <Select
                      allowClear
                      disabled={groups.length === 0}
                      placeholder={orgId !== undefined && groups.length === 0 ? t('people.form.noGroups') : undefined}
                      options={groups.map((g) => ({ value: g.id, label: g.name }))}
                    />
                  </Form.Item>
                </Col>
              ) : null}
              <Col xs={24} sm={12}>
                <Form.Item name="memberSince" label={t('people.fields.memberSince')} extra={t('people.form.memberSinceHint')}>
                  <DatePicker style={{ width: '100%' }} disabledDate={isFuture} />
                </Form.Item>
              </Col>
            </>
          ) : null}
          {isMember ? (
            <Col xs={24} sm={12}>
              <Form.Item name="joinedPartyOn" label={t('people.fields.joinedPartyOn')} rules={[choose(t('people.fields.joinedPartyOn'))]}>
                <DatePicker style={{ width: '100%' }} disabledDate={isFuture} />
              </Form.Item>
            </Col>
          ) : null}
          {partyStatus === 'full' ? (
            <Col xs={24} sm={12}>
              <Form.Item name="fullMemberOn" label={t('people.fields.fullMemberOn')} rules={[choose(t('people.fields.fullMemberOn'))]}>
                <DatePicker style={{ width: '100%' }} disabledDate={isFuture} />
              </Form.Item>
            </Col>
          ) : null}
          {partyStatus === 'probationary' ? (
            <Col xs={24} sm={12}>
              <Form.Item name="probationStart" label={t('people.fields.probationStart')}>
                <DatePicker style={{ width: '100%' }} disabledDate={isFuture} />
              </Form.Item>
            </Col>
          ) : null}
          <Col xs={24}>
            <Form.Item name="note" label={t('people.fields.note')}>
              <Input.TextArea maxLength={500} autoSize={{ minRows: 1, maxRows: 3 }} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
