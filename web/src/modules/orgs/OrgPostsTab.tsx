import { PlusOutlined } from '@ant-design/icons';
import type { OrgDetail, OrgPost } from '@guantong/shared';
import { App, Button, Empty, Flex, Popconfirm, Switch, Table, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { errorMessage } from '../../api/client';
import { formatDate } from '../../i18n/format';
import { toLang } from '../../i18n/languages';
import { useDeleteOrgPost, useOrgPosts } from './orgs.api';
import { EndPostModal, PostFormModal } from './PostFormModal';

/** 班子成员: who holds which post since when (and, on request, who held it before); add, end or delete a post. */
export function OrgPostsTab({ org, canWrite }: { org: OrgDetail; canWrite: boolean }) {
  const { t, i18n } = useTranslation();
  const lang = toLang(i18n.language);
  const { message } = App.useApp();
  const [includeEnded, setIncludeEnded] = useState(false);
  const posts = useOrgPosts(org.id, includeEnded);
  const remove = useDeleteOrgPost();
  const [adding, setAdding] = useState(false);
  const [ending, setEnding] = useState<OrgPost | null>(null);

  const postLabel = (p: OrgPost) => t(`orgs.posts.kinds.${p.post}`);
  const doDelete = (p: OrgPost) =>
    remove
      .mutateAsync({ orgId: org.id, postId: p.id })
      .then(() => void message.success(t('orgs.posts.deleted')))
      .catch((error: unknown) => void message.error(errorMessage(error)));

  return (
    <>
      <Flex justify="space-between" align="center" gap={12} wrap style={{ marginBottom: 12 }}>
        <Flex gap={6} align="center">
          <Switch id={`posts-ended-${org.id}`} size="small" checked={includeEnded} onChange={setIncludeEnded} />
          <label htmlFor={`posts-ended-${org.id}`}>{t('orgs.posts.includeEnded')}</label>
        </Flex>
        {canWrite ? (
          <Button icon={<PlusOutlined />} onClick={() => setAdding(true)}>
            {t('orgs.actions.addPost')}
          </Button>
        ) : null}
      </Flex>
      <Table<OrgPost>
        size="small"
        rowKey="id"
        loading={posts.isFetching}
        dataSource={posts.data}
        pagination={false}
        scroll={{ x: includeEnded ? 760 : 560 }}
        locale={{
          emptyText: (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={canWrite ? t('orgs.posts.emptyWriter') : t('orgs.posts.empty')} />
          ),
        }}
        columns={[
          {
            title: t('orgs.posts.columns.post'),
            key: 'post',
            width: 120,
            render: (_: unknown, p: OrgPost) => <Tag color="red">{postLabel(p)}</Tag>,
          },
          {
            title: t('orgs.posts.columns.person'),
            key: 'person',
            width: 110,
            render: (_: unknown, p: OrgPost) => <Link to={`/people/${p.personId}`}>{p.personName}</Link>,
          },
          { title: t('orgs.posts.columns.employeeNo'), dataIndex: 'employeeNo', key: 'employeeNo', width: 110 },
          {
            title: t('orgs.posts.columns.startOn'),
            key: 'startOn',
            width: 130,
            render: (_: unknown, p: OrgPost) => formatDate(p.startOn, lang),
          },
          ...(includeEnded
            ? [
                {
                  title: t('orgs.posts.columns.endOn'),
                  key: 'endOn',
                  width: 130,
                  render: (_: unknown, p: OrgPost) => (p.endOn ? formatDate(p.endOn, lang) : t('common.empty')),
                },
                {
                  title: t('orgs.posts.columns.state'),
                  key: 'state',
                  width: 80,
                  render: (_: unknown, p: OrgPost) =>
                    p.active ? <Tag color="green">{t('orgs.posts.active')}</Tag> : <Tag>{t('orgs.posts.ended')}</Tag>,
                },
              ]
            : []),
          {
            title: t('orgs.posts.columns.note'),
            dataIndex: 'note',
            key: 'note',
            ellipsis: true,
            render: (v: string | null) =>
              v ? <Tooltip title={v}>{v}</Tooltip> : <Typography.Text type="secondary">{t('common.empty')}</Typography.Text>,
          },
          ...(canWrite
            ? [
                {
                  title: t('orgs.posts.columns.actions'),
                  key: 'actions',
                  width: lang === 'en' ? 150 : 120,
                  render: (_: unknown, p: OrgPost) => (
                    <Flex gap={0}>
                      {p.active ? (
                        <Button type="link" size="small" onClick={() => setEnding(p)}>
                          {t('orgs.actions.endPost')}
                        </Button>
                      ) : null}
                      <Popconfirm
                        title={t('orgs.posts.confirmDelete')}
                        description={<div style={{ maxWidth: 280 }}>{t('orgs.posts.deleteHint')}</div>}
                        okText={t('orgs.actions.deletePost')}
                        cancelText={t('common.actions.cancel')}
                        okButtonProps={{ danger: true }}
                        onConfirm={() => doDelete(p)}
                      >
                        <Button type="link" size="small" danger>
                          {t('orgs.actions.deletePost')}
                        </Button>
                      </Popconfirm>
                    </Flex>
                  ),
                },
              ]
            : []),
        ]}
      />
      {adding ? <PostFormModal org={org} onClose={() => setAdding(false)} /> : null}
      {ending ? <EndPostModal org={org} post={ending} onClose={() => setEnding(null)} /> : null}
    </>
  );
}
