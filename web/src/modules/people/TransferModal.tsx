import { MEMBER_STATUSES, type PersonDetail, type TransferKind } from '@guantong/shared';
import { Alert, App, DatePicker, Form, Input, Modal, Radio, Select, TreeSelect, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { errorDetails, errorMessage } from '../../api/client';
import { isFuture, toIso } from '../orgs/dates';
import { ORG_PICKER_PROPS, orgPickerOptions } from '../orgs/MoveOrgModal';
import { indexOrgTree, useOrgTree } from '../orgs/orgs.api';
import { useTransferPerson } from './people.api';

interface FormValues {
  kind: TransferKind;
  toOrgId?: number;
  toGroupId?: number | null;
  externalOrg?: string;
  on: Dayjs;
  reason: string;
}

/**
 * 组织关系转接: in from outside (for someone without a branch), out to outside, or between two branches of the
 * system, on a date with a reason. Only branches can be chosen as the receiving organisation.
 */
export function TransferModal({ person, onClose }: { person: PersonDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const transfer = useTransferPerson();
  const tree = useOrgTree();
  const index = useMemo(() => indexOrgTree(tree.data), [tree.data]);
  const kinds: TransferKind[] = person.branch ? ['between', 'out'] : ['in'];
  const kind: TransferKind = Form.useWatch('kind', form) ?? kinds[0] ?? 'between';
  const toOrgId: number | undefined = Form.useWatch('toOrgId', form);
  const isMember = MEMBER_STATUSES.includes(person.partyStatus);
  const groups = useMemo(() => {
    const org = toOrgId !== undefined ? index.get(toOrgId) : undefined;
    return org ? org.children.filter((c) => c.kind === 'group') : [];
  }, [index, toOrgId]);
  const options = useMemo(
    () =>
      orgPickerOptions(
        tree.data ?? [],
        (n) => n.kind === 'branch' && n.id !== person.branch?.id,
        (k) => t(`common.orgKinds.${k}`),
      ),
    [tree.data, person.branch?.id, t],
  );
  // The current branch's general branch opens first: most transfers stay close.
  const expandedKeys = useMemo(() => {
    const keys = (tree.data ?? []).map((n) => n.id);
    const parent = person.branch ? index.get(person.branch.id)?.parentId : undefined;
    return parent ? [...keys, parent] : keys;
  }, [tree.data, index, person.branch]);

  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) {
      return;
    }
    try {
      const moved = await transfer.mutateAsync({
        id: person.id,
        kind: v.kind,
        on: toIso(v.on) ?? '',
        reason: v.reason.trim(),
        ...(v.kind !== 'out' ? { toOrgId: v.toOrgId, toGroupId: v.toGroupId ?? null } : {}),
        ...(v.kind !== 'between' ? { externalOrg: v.externalOrg?.trim() } : {}),
      });
      void message.success(
        v.kind === 'out'
          ? t('people.transferForm.doneOut', { org: v.externalOrg ?? '' })
          : t('people.transferForm.done', { org: moved.branch?.name ?? '' }),
      );
      onClose();
    } catch (error) {
      const details = errorDetails(error).filter((d) => ['toOrgId', 'toGroupId', 'externalOrg', 'on'].includes(d.path));
      if (details.length > 0) {
        form.setFields(details.map((d) => ({ name: d.path as keyof FormValues, errors: [d.message] })));
      }
      void message.error(errorMessage(error));
    }
  };

  return (
    <Modal
      open
      title={t('people.transferForm.title', { name: person.name })}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('common.actions.save')}
      cancelText={t('common.actions.cancel')}
      confirmLoading={transfer.isPending}
      destroyOnHidden
      width={640}
    >
      <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('people.transferForm.hint')} />
      <Typography.Paragraph>
        {person.branch
          ? t('people.transferForm.current', { org: [person.branch.name, person.group?.name].filter(Boolean).join(' / ') })
          : t('people.transferForm.noCurrent')}
      </Typography.Paragraph>
      <Form form={form} layout="vertical" initialValues={{ kind: kinds[0], on: dayjs() }}>
        <Form.Item name="kind" label={t('people.transferForm.kind')}>
          <Radio.Group options={kinds.map((k) => ({ value: k, label: t(`people.transferForm.kinds.${k}`) }))} />
        </Form.Item>
        {kind !== 'out' ? (
          <>
            <Form.Item
              name="toOrgId"
              label={t('people.transferForm.toOrg')}
              extra={t('people.transferForm.notBranch')}
              rules={[{ required: true, message: t('people.transferForm.toOrgRequired') }]}
            >
              <TreeSelect<number>
                {...ORG_PICKER_PROPS}
                treeData={options}
                loading={tree.isLoading}
                placeholder={t('people.transferForm.toOrgPlaceholder')}
                treeDefaultExpandedKeys={expandedKeys}
                onChange={() => form.setFieldValue('toGroupId', null)}
              />
            </Form.Item>
            {isMember && groups.length > 0 ? (
              <Form.Item name="toGroupId" label={t('people.transferForm.toGroup')}>
                <Select
                  allowClear
                  placeholder={t('people.transferForm.toGroupPlaceholder')}
                  options={groups.map((g) => ({ value: g.id, label: g.name }))}
                />
              </Form.Item>
            ) : null}
          </>
        ) : null}
        {kind !== 'between' ? (
          <Form.Item
            name="externalOrg"
            label={kind === 'in' ? t('people.transferForm.externalIn') : t('people.transferForm.externalOut')}
            rules={[{ required: true, whitespace: true, message: t('people.transferForm.externalRequired') }]}
          >
            <Input maxLength={200} />
          </Form.Item>
        ) : null}
        <Form.Item name="on" label={t('people.transferForm.on')} rules={[{ required: true, message: t('people.transferForm.onRequired') }]}>
          <DatePicker style={{ width: 200 }} disabledDate={isFuture} />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('people.transferForm.reason')}
          rules={[{ required: true, whitespace: true, message: t('people.transferForm.reasonRequired') }]}
        >
          <Input maxLength={500} placeholder={t('people.transferForm.reasonPlaceholder')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
