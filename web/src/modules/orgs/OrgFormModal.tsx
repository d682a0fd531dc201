import { ORG_KINDS, ORG_PARENT_KINDS, type OrgDetail, type OrgKind } from '@guantong/shared';
import { Alert, App, DatePicker, Form, Input, InputNumber, Modal, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { ApiError, errorDetails, errorMessage } from '../../api/client';
import { fromIso, toIso } from './dates';
import { useCreateOrg, useUpdateOrg } from './orgs.api';

interface FormValues {
  code: string;
  name: string;
  shortName?: string;
  kind: OrgKind;
  businessUnit?: string;
  foundedOn?: Dayjs | null;
  sortOrder?: number | null;
  termStart?: Dayjs | null;
  termYears?: number | null;
  committeeNote?: string;
  reason?: string;
}

const CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const KIND_PREFERENCE: readonly OrgKind[] = ['branch', 'general_branch', 'group', 'committee'];

export type OrgFormModalProps =
  | { mode: 'create'; parent: OrgDetail; onClose: () => void; onDone: (id: number) => void }
  | { mode: 'edit'; org: OrgDetail; onClose: () => void; onDone: (id: number) => void };

/** Creates a sub-organisation (of a kind the parent allows) or edits an organisation's fields (a rename is kept in its history). */
export function OrgFormModal(props: OrgFormModalProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const create = useCreateOrg();
  const update = useUpdateOrg();
  const creating = props.mode === 'create';
  const kinds = creating ? ORG_KINDS.filter((k) => ORG_PARENT_KINDS[k].includes(props.parent.kind)) : [];
  const defaultKind = KIND_PREFERENCE.find((k) => kinds.includes(k));
  const kind: OrgKind | undefined = Form.useWatch('kind', form) ?? (creating ? defaultKind : props.org.kind);
  const org = creating ? null : props.org;

  const initialValues: Partial<FormValues> = creating
    ? { kind: defaultKind, businessUnit: props.parent.businessUnit ?? undefined }
    : {
        code: props.org.code,
        name: props.org.name,
        shortName: props.org.shortName ?? undefined,
        businessUnit: props.org.businessUnit ?? undefined,
        foundedOn: fromIso(props.org.foundedOn),
        sortOrder: props.org.sortOrder,
        committeeNote: props.org.committeeNote ?? undefined,
      };

  const showServerErrors = (error: unknown) => {
    if (error instanceof ApiError && error.code === 'CONFLICT') {
      form.setFields([{ name: 'code', errors: [t('orgs.form.codeTaken')] }]);
      return;
    }
    const fields = errorDetails(error).filter((d) => d.path in initialValues || ['code', 'name', 'kind'].includes(d.path));
    if (fields.length > 0) {
      form.setFields(fields.map((d) => ({ name: d.path as keyof FormValues, errors: [d.message] })));
    }
    void message.error(errorMessage(error));
  };

  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) {
      return;
    }
    const common = {
      code: v.code.trim(),
      name: v.name.trim(),
      shortName: v.shortName?.trim() || null,
      businessUnit: v.businessUnit?.trim() || null,
      foundedOn: toIso(v.foundedOn) ?? null,
      ...(v.sortOrder !== undefined && v.sortOrder !== null ? { sortOrder: v.sortOrder } : {}),
      committeeNote: v.committeeNote?.trim() || null,
    };
    try {
      if (props.mode === 'create') {
        const created = await create.mutateAsync({
          ...common,
          kind: v.kind,
          parentId: props.parent.id,
          ...(v.kind !== 'group' && v.termStart ? { termStart: toIso(v.termStart), termYears: v.termYears ?? null } : {}),
        });
        void message.success(t('orgs.form.created', { name: created.name }));
        props.onClose();
        props.onDone(created.id);
      } else {
        const saved = await update.mutateAsync({ id: props.org.id, ...common, ...(v.reason?.trim() ? { reason: v.reason.trim() } : {}) });
        void message.success(t('orgs.form.saved'));
        props.onClose();
        props.onDone(saved.id);
      }
    } catch (error) {
      showServerErrors(error);
    }
  };

  return (
    <Modal
      open
      title={creating ? t('orgs.form.createTitle', { parent: props.parent.name }) : t('orgs.form.editTitle', { name: props.org.name })}
      onCancel={props.onClose}
      onOk={() => void submit()}
      okText={t('common.actions.save')}
      cancelText={t('common.actions.cancel')}
      confirmLoading={create.isPending || update.isPending}
      okButtonProps={{ disabled: creating && kinds.length === 0 }}
      destroyOnHidden
      width={640}
    >
      {creating && kinds.length === 0 ? (
        <Alert type="info" showIcon title={t('orgs.form.noKinds', { kind: t(`common.orgKinds.${props.parent.kind}`) })} />
      ) : (
        <Form form={form} layout="vertical" initialValues={initialValues} requiredMark>
          {creating ? (
            <Form.Item
              name="kind"
              label={t('orgs.fields.kind')}
              extra={t('orgs.form.kindHint')}
              rules={[{ required: true, message: t('orgs.form.kindRequired') }]}
            >
              <Select options={kinds.map((k) => ({ value: k, label: t(`common.orgKinds.${k}`) }))} style={{ maxWidth: 240 }} />
            </Form.Item>
          ) : null}
          <Form.Item
            name="code"
            label={t('orgs.fields.code')}
            extra={t('orgs.form.codeHelp')}
            rules={[
              { required: true, whitespace: true, message: t('orgs.form.codeRequired') },
              { pattern: CODE_PATTERN, message: t('orgs.form.codeFormat') },
            ]}
          >
            <Input maxLength={64} style={{ maxWidth: 240 }} autoComplete="off" />
          </Form.Item>
          <Form.Item
            name="name"
            label={t('orgs.fields.name')}
            rules={[{ required: true, whitespace: true, message: t('orgs.form.nameRequired') }]}
          >
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="shortName" label={t('orgs.fields.shortName')}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="businessUnit" label={t('orgs.fields.businessUnit')}>
            <Input maxLength={100} style={{ maxWidth: 320 }} />
          </Form.Item>
          <Form.Item name="foundedOn" label={t('orgs.fields.foundedOn')}>
            <DatePicker style={{ width: 200 }} />
          </Form.Item>
          <Form.Item name="sortOrder" label={t('orgs.fields.sortOrder')}>
            <InputNumber min={0} max={100000} precision={0} style={{ width: 160 }} />
          </Form.Item>
          {creating && kind !== 'group' ? (
            <>
              <Form.Item name="termStart" label={t('orgs.fields.termStart')} extra={t('orgs.form.termHint')}>
                <DatePicker style={{ width: 200 }} />
              </Form.Item>
              <Form.Item name="termYears" label={t('orgs.fields.termYears')} extra={t('orgs.termForm.yearsHint')}>
                <InputNumber min={1} max={10} precision={0} style={{ width: 160 }} />
              </Form.Item>
            </>
          ) : null}
          {kind === 'branch' || kind === 'general_branch' || kind === 'committee' ? (
            <Form.Item name="committeeNote" label={t('orgs.fields.committeeNote')} extra={t('orgs.form.committeeNoteHint')}>
              <Input.TextArea maxLength={500} autoSize={{ minRows: 1, maxRows: 3 }} />
            </Form.Item>
          ) : null}
          {org ? (
            <Form.Item name="reason" label={t('orgs.fields.reason')}>
              <Input maxLength={500} placeholder={t('orgs.form.reasonPlaceholder')} />
            </Form.Item>
          ) : null}
        </Form>
      )}
    </Modal>
  );
}
