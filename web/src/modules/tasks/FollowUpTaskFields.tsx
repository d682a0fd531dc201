import type { FormInstance } from 'antd';
import { Checkbox, Col, DatePicker, Form, Input, Row } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { errorDetails } from '../../api/client';
import { OrgTreeSelect } from '../../components/OrgTreeSelect';
import { toLang } from '../../i18n/languages';
import { AssigneeSelect } from './AssigneeSelect';

/** The fields of a task created from another record (a decision's follow-up, an adopted discussion answer). */
export interface FollowUpTaskValues {
  title: string;
  orgId?: number;
  responsibleUserId?: number | null;
  dueOn?: Dayjs | null;
  description?: string;
  issue: boolean;
}

const FIELDS = ['title', 'orgId', 'responsibleUserId', 'dueOn', 'description'] as const;

/** What the follow-up and adopt endpoints take (an action-level task of normal priority), or null while incomplete. */
export function followUpTaskInput(v: FollowUpTaskValues) {
  if (!v.dueOn || !v.orgId) {
    return null;
  }
  return {
    title: v.title.trim(),
    orgId: v.orgId,
    responsibleUserId: v.responsibleUserId ?? null,
    dueOn: v.dueOn.format('YYYY-MM-DD'),
    description: (v.description ?? '').trim(),
    level: 'action' as const,
    priority: 'normal' as const,
    issue: v.issue,
  };
}

/** Puts the server's field errors (400 details) on the fields they name. */
export function showFollowUpTaskErrors(form: FormInstance<FollowUpTaskValues>, error: unknown): void {
  const details = errorDetails(error).filter((d) => (FIELDS as readonly string[]).includes(d.path));
  if (details.length > 0) {
    form.setFields(details.map((d) => ({ name: d.path as (typeof FIELDS)[number], errors: [d.message] })));
  }
}

/**
 * Title, executing organisation, responsible person, due date, "issue at once" and requirements of such a task, for
 * a Form of FollowUpTaskValues. Choosing another organisation clears the responsible person (they belong to it).
 */
export function FollowUpTaskFields({ issueLabel, titlePlaceholder }: { issueLabel: string; titlePlaceholder?: string }) {
  const { t, i18n } = useTranslation();
  const lang = toLang(i18n.language);
  const form = Form.useFormInstance<FollowUpTaskValues>();
  const orgId = Form.useWatch('orgId', form) ?? null;
  const required = { required: true, message: t('tasks.followUpFields.required') };
  return (
    <>
      <Form.Item name="title" label={t('tasks.followUpFields.taskTitle')} rules={[{ ...required, whitespace: true }]}>
        <Input maxLength={300} autoFocus placeholder={titlePlaceholder} />
      </Form.Item>
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Form.Item name="orgId" label={t('tasks.followUpFields.org')} rules={[required]}>
            <OrgTreeSelect aria-label={t('tasks.followUpFields.org')} onChange={() => form.setFieldsValue({ responsibleUserId: null })} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="responsibleUserId" label={t('tasks.followUpFields.responsible')}>
            <AssigneeSelect
              orgId={orgId}
              placeholder={t('tasks.followUpFields.responsiblePlaceholder')}
              aria-label={t('tasks.followUpFields.responsible')}
            />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Form.Item name="dueOn" label={t('tasks.followUpFields.dueOn')} rules={[required]}>
            <DatePicker format={lang === 'zh-CN' ? 'YYYY年M月D日' : 'YYYY-MM-DD'} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="issue" valuePropName="checked" label=" ">
            <Checkbox>{issueLabel}</Checkbox>
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="description" label={t('tasks.followUpFields.description')}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={5000} />
      </Form.Item>
    </>
  );
}
