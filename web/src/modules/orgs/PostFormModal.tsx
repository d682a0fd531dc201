import { COMMITTEE_POST_KINDS, type OrgDetail, type OrgPost, type PostKind } from '@guantong/shared';
import { App, DatePicker, Form, Input, Modal, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/client';
import { PersonSelect } from '../people/PersonSelect';
import { toIso } from './dates';
import { useCreateOrgPost, useUpdateOrgPost } from './orgs.api';

interface AddValues {
  personId: number;
  post: PostKind;
  startOn: Dayjs;
  endOn?: Dayjs | null;
  note?: string;
}

/** Records who holds a post in the organisation: a full member of it (a group: of its branch), from a date. */
export function PostFormModal({ org, onClose }: { org: OrgDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<AddValues>();
  const create = useCreateOrgPost();
  const kinds: readonly PostKind[] = org.kind === 'group' ? ['group_leader'] : COMMITTEE_POST_KINDS;
  // A group's leader comes from its branch; any other post from the organisation's own subtree.
  const pickFrom = org.kind === 'group' ? (org.parentId ?? org.id) : org.id;

  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) {
      return;
    }
    try {
      const post = await create.mutateAsync({
        orgId: org.id,
        personId: v.personId,
        post: v.post,
        startOn: toIso(v.startOn) ?? '',
        endOn: toIso(v.endOn) ?? null,
        note: v.note?.trim() || null,
      });
      void message.success(t('orgs.posts.created', { name: post.personName, post: t(`orgs.posts.kinds.${post.post}`) }));
      onClose();
    } catch (error) {
      void message.error(errorMessage(error));
    }
  };

  return (
    <Modal
      open
      title={t('orgs.posts.addTitle', { org: org.name })}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('common.actions.save')}
      cancelText={t('common.actions.cancel')}
      confirmLoading={create.isPending}
      destroyOnHidden
      width={560}
    >
      <Form form={form} layout="vertical" initialValues={{ post: kinds[0], startOn: dayjs() }}>
        <Form.Item
          name="personId"
          label={t('orgs.posts.person')}
          extra={t('orgs.posts.personHint')}
          rules={[{ required: true, message: t('orgs.posts.personRequired') }]}
        >
          <PersonSelect orgId={pickFrom} partyStatus={['full']} placeholder={t('orgs.posts.personPlaceholder')} />
        </Form.Item>
        <Form.Item name="post" label={t('orgs.posts.columns.post')} rules={[{ required: true, message: t('orgs.posts.postRequired') }]}>
          <Select options={kinds.map((k) => ({ value: k, label: t(`orgs.posts.kinds.${k}`) }))} />
        </Form.Item>
        <Form.Item
          name="startOn"
          label={t('orgs.posts.columns.startOn')}
          rules={[{ required: true, message: t('orgs.posts.startRequired') }]}
        >
          <DatePicker style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="endOn" label={t('orgs.posts.endOnOptional')}>
          <DatePicker style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="note" label={t('orgs.posts.note')}>
          <Input maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Ends a post on a date (the first day no longer held); the record stays in the history. */
export function EndPostModal({ org, post, onClose }: { org: OrgDetail; post: OrgPost; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ endOn: Dayjs; note?: string }>();
  const update = useUpdateOrgPost();
  const label = t(`orgs.posts.kinds.${post.post}`);

  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) {
      return;
    }
    try {
      await update.mutateAsync({
        orgId: org.id,
        postId: post.id,
        endOn: toIso(v.endOn) ?? null,
        ...(v.note?.trim() ? { note: v.note.trim() } : {}),
      });
      void message.success(t('orgs.posts.endedMsg', { name: post.personName, post: label }));
      onClose();
    } catch (error) {
      void message.error(errorMessage(error));
    }
  };

  return (
    <Modal
      open
      title={t('orgs.posts.endTitle', { name: post.personName, post: label })}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('orgs.actions.endPost')}
      cancelText={t('common.actions.cancel')}
      confirmLoading={update.isPending}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ endOn: dayjs(), note: post.note ?? undefined }}>
        <Form.Item name="endOn" label={t('orgs.posts.endOn')} rules={[{ required: true, message: t('orgs.posts.endRequired') }]}>
          <DatePicker style={{ width: 200 }} disabledDate={(d) => d.isBefore(dayjs(post.startOn), 'day')} />
        </Form.Item>
        <Form.Item name="note" label={t('orgs.posts.columns.note')}>
          <Input maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
