import { PARTY_STATUS_TRANSITIONS, type PartyStatus, type PersonDetail, type PersonStatus } from '@guantong/shared';
import { Alert, App, DatePicker, Form, Input, Modal, Radio, Select, TreeSelect, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, errorMessage } from '../../api/client';
import { formatDate } from '../../i18n/format';
import { toLang } from '../../i18n/languages';
import { isFuture, toIso } from '../orgs/dates';
import { ORG_PICKER_PROPS, orgPickerOptions } from '../orgs/MoveOrgModal';
import { useOrgTree } from '../orgs/orgs.api';
import { useRecordStatusEvent } from './people.api';

interface FormValues {
  kind: 'party_status' | 'roster';
  toStatus: string;
  on: Dayjs;
  reason: string;
  branchId?: number;
}

/**
 * Records a status change on a date with its basis: a party-status step allowed by PARTY_STATUS_TRANSITIONS
 * (e.g. 预备党员 → 党员, 转正) or a roster change (left the enterprise / back). Never a silent edit.
 */
export function StatusEventModal({ person, onClose }: { person: PersonDetail; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const lang = toLang(i18n.language);
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const record = useRecordStatusEvent();
  const tree = useOrgTree();
  const kind: FormValues['kind'] = Form.useWatch('kind', form) ?? (person.status === 'left' ? 'roster' : 'party_status');
  const toStatus: string | undefined = Form.useWatch('toStatus', form);
  const partyTargets = person.status === 'active' ? PARTY_STATUS_TRANSITIONS[person.partyStatus] : [];
  const rosterTarget: PersonStatus = person.status === 'active' ? 'left' : 'active';
  const needsBranch = kind === 'party_status' && person.branch === null && toStatus !== undefined && toStatus !== 'non_member';
  const branchOptions = useMemo(
    () =>
      orgPickerOptions(
        tree.data ?? [],
        (n) => n.kind === 'branch',
        (k) => t(`common.orgKinds.${k}`),
      ),
    [tree.data, t],
  );
  const statusLabel = (s: string) =>
    kind === 'roster' ? t(`people.rosterStatus.${s as PersonStatus}`) : t(`people.partyStatus.${s as PartyStatus}`);

  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) {
      return;
    }
    const on = toIso(v.on) ?? '';
    const input =
      v.kind === 'roster'
        ? { kind: 'roster' as const, toStatus: v.toStatus as PersonStatus, on, reason: v.reason.trim() }
        : {
            kind: 'party_status' as const,
            toStatus: v.toStatus as PartyStatus,
            on,
            reason: v.reason.trim(),
            ...(needsBranch && v.branchId ? { branchId: v.branchId } : {}),
          };
    try {
      await record.mutateAsync({ id: person.id, input });
      const from = v.kind === 'roster' ? person.status : person.partyStatus;
      void message.success(t('people.statusForm.done', { from: statusLabel(from), to: statusLabel(v.toStatus) }));
      onClose();
    } catch (error) {
      const details = error instanceof ApiError ? (error.details as { code?: string; earliest?: string } | undefined) : undefined;
      if (details?.code === 'probation_too_short' && details.earliest) {
        form.setFields([{ name: 'on', errors: [t('people.statusForm.probationTooShort', { date: formatDate(details.earliest, lang) })] }]);
        return;
      }
      if (details?.code === 'under_18') {
        form.setFields([{ name: 'on', errors: [t('people.statusForm.under18')] }]);
        return;
      }
      void message.error(errorMessage(error));
    }
  };

  const current = kind === 'roster' ? t(`people.rosterStatus.${person.status}`) : t(`people.partyStatus.${person.partyStatus}`);
  const targets: string[] = kind === 'roster' ? [rosterTarget] : [...partyTargets];

  return (
    <Modal
      open
      title={t('people.statusForm.title', { name: person.name })}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('common.actions.save')}
      cancelText={t('common.actions.cancel')}
      confirmLoading={record.isPending}
      okButtonProps={{ disabled: targets.length === 0 }}
      destroyOnHidden
      width={600}
    >
      <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('people.statusForm.hint')} />
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          kind,
          toStatus: person.partyStatus === 'probationary' && person.status === 'active' ? 'full' : undefined,
          on: dayjs(),
        }}
      >
        <Form.Item name="kind" label={t('people.statusForm.kind')}>
          <Radio.Group
            onChange={() => form.setFieldValue('toStatus', undefined)}
            options={[
              { value: 'party_status', label: t('people.statusForm.kinds.party_status'), disabled: person.status !== 'active' },
              { value: 'roster', label: t('people.statusForm.kinds.roster') },
            ]}
          />
        </Form.Item>
        <Typography.Paragraph type="secondary">{t('people.statusForm.current', { status: current })}</Typography.Paragraph>
        {targets.length === 0 ? (
          <Alert type="warning" showIcon title={t('people.statusForm.noTransitions')} style={{ marginBottom: 16 }} />
        ) : (
          <Form.Item
            name="toStatus"
            label={t('people.statusForm.toStatus')}
            rules={[{ required: true, message: t('people.statusForm.toStatusRequired') }]}
          >
            <Select options={targets.map((s) => ({ value: s, label: statusLabel(s) }))} style={{ maxWidth: 240 }} />
          </Form.Item>
        )}
        {kind === 'roster' && toStatus === 'left' ? (
          <Alert type="warning" showIcon title={t('people.statusForm.leftWarning')} style={{ marginBottom: 16 }} />
        ) : null}
        {needsBranch ? (
          <Form.Item
            name="branchId"
            label={t('people.statusForm.branch')}
            rules={[{ required: true, message: t('people.statusForm.branchRequired') }]}
          >
            <TreeSelect<number>
              {...ORG_PICKER_PROPS}
              treeData={branchOptions}
              treeDefaultExpandedKeys={(tree.data ?? []).map((n) => n.id)}
            />
          </Form.Item>
        ) : null}
        <Form.Item name="on" label={t('people.statusForm.on')} rules={[{ required: true, message: t('people.statusForm.onRequired') }]}>
          <DatePicker style={{ width: 200 }} disabledDate={isFuture} />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('people.statusForm.reason')}
          rules={[{ required: true, whitespace: true, message: t('people.statusForm.reasonRequired') }]}
        >
          <Input.TextArea maxLength={500} autoSize={{ minRows: 2, maxRows: 4 }} placeholder={t('people.statusForm.reasonPlaceholder')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
