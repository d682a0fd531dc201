import { PlusOutlined } from '@ant-design/icons';
import { CAMPAIGN_PHASES, type Campaign, type CampaignListQuery, campaignListQuerySchema } from '@guantong/shared';
import { Alert, Button, Card, Empty, Flex, Input, List, Pagination, Segmented, Skeleton, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { errorMessage } from '../../api/client';
import { PageHeader } from '../../components/PageHeader';
import { parseKnown, useUrlState } from '../../components/useUrlState';
import { formatDate, formatNumber } from '../../i18n/format';
import { toLang } from '../../i18n/languages';
import { useCurrentUser } from '../auth/auth.api';
import { PhaseTag } from './CampaignBits';
import { CampaignFormModal } from './CampaignFormModal';
import { useCampaignList } from './campaigns.api';

const QUERY_KEYS = ['page', 'pageSize', 'phase', 'year', 'q', 'sort', 'order'] as const;
const ORGANISER_ROLES = ['sysadmin', 'org_admin', 'secretary'];

function parseQuery(params: URLSearchParams): CampaignListQuery {
  return parseKnown(params, QUERY_KEYS, (input) => campaignListQuerySchema.safeParse(input));
}

/** `/mission/campaigns`: the discussions addressed to the user or organised in their scope, newest first. */
export function CampaignListPage() {
  const { t, i18n } = useTranslation();
  const lang = toLang(i18n.language);
  const navigate = useNavigate();
  const me = useCurrentUser();
  const [query, setQuery] = useUrlState(parseQuery);
  const list = useCampaignList(query);
  const [creating, setCreating] = useState(false);
  const [search, setSearch] = useState(query.q ?? '');
  const canOrganise = me.roles.some((r) => ORGANISER_ROLES.includes(r));
  const filtered = Boolean(query.phase || query.q);

  return (
    <>
      <PageHeader
        title={t('campaigns.title')}
        subtitle={t('campaigns.subtitle')}
        extra={
          canOrganise ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t('campaigns.actions.create')}
            </Button>
          ) : null
        }
      />
      <Card>
        <Flex gap={12} wrap align="center" style={{ marginBottom: 16 }}>
          <Segmented
            aria-label={t('campaigns.filters.phase')}
            value={query.phase ?? ''}
            onChange={(v) => setQuery({ phase: (v as string) || undefined, page: undefined })}
            options={[
              { value: '', label: t('campaigns.filters.phaseAll') },
              ...CAMPAIGN_PHASES.map((p) => ({ value: p, label: t(`campaigns.phase.${p}`) })),
            ]}
          />
          <Input.Search
            allowClear
            aria-label={t('campaigns.filters.q')}
            placeholder={t('campaigns.filters.qPlaceholder')}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            onSearch={(v) => setQuery({ q: v.trim() || undefined, page: undefined })}
            style={{ width: 260 }}
            maxLength={100}
          />
        </Flex>
        {list.error ? <Alert type="error" showIcon title={errorMessage(list.error)} style={{ marginBottom: 16 }} /> : null}
        {!list.data ? (
          <Skeleton active />
        ) : list.data.items.length === 0 ? (
          <Empty
            image={Empty.PRESENTED_IMAGE_SIMPLE}
            description={
              filtered ? t('campaigns.list.emptyFiltered') : canOrganise ? t('campaigns.list.empty') : t('campaigns.list.emptyMember')
            }
          />
        ) : (
          <List<Campaign>
            itemLayout="vertical"
            dataSource={list.data.items}
            renderItem={(c) => (
              <List.Item key={c.id} extra={<PhaseTag phase={c.phase} />}>
                <List.Item.Meta
                  title={<Link to={`/mission/campaigns/${c.id}`}>{c.title}</Link>}
                  description={
                    <Typography.Text type="secondary">
                      {t('campaigns.list.org')}：{c.org.name} ·{' '}
                      {t('campaigns.list.period', { from: formatDate(c.startsOn, lang), to: formatDate(c.endsOn, lang) })}
                    </Typography.Text>
                  }
                />
                <Typography.Paragraph style={{ fontSize: 16, marginBottom: 4 }}>“{c.question}”</Typography.Paragraph>
                <Typography.Text type="secondary">
                  {t('campaigns.list.counts', { answers: formatNumber(c.answers, lang), respondents: formatNumber(c.respondents, lang) })}
                  {c.adopted > 0 ? ` · ${t('campaigns.list.adopted', { n: c.adopted })}` : ''}
                </Typography.Text>
              </List.Item>
            )}
          />
        )}
        {list.data && list.data.total > query.pageSize ? (
          <Flex justify="flex-end" style={{ marginTop: 16 }}>
            <Pagination
              current={query.page}
              pageSize={query.pageSize}
              total={list.data.total}
              onChange={(page, pageSize) =>
                setQuery({ page: page > 1 ? page : undefined, pageSize: pageSize !== 20 ? pageSize : undefined })
              }
              showTotal={(total) => t('common.table.total', { total: formatNumber(total, lang) })}
            />
          </Flex>
        ) : null}
      </Card>
      <CampaignFormModal open={creating} onClose={() => setCreating(false)} onDone={(id) => navigate(`/mission/campaigns/${id}`)} />
    </>
  );
}
