import type { OrgDetail } from '@guantong/shared';
import { Alert, Card, Descriptions, Empty, Flex, Statistic, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDate, formatDateTime, formatNumber } from '../../i18n/format';
import { toLang } from '../../i18n/languages';
import { OrgKindIcon, OrgKindTag, OrgStatusTag, TermStateTag } from './OrgBits';
import type { OrgTab } from './OrgDetailPanel';

type Child = OrgDetail['children'][number];

/** 概况: the organisation's fields, member counts, committee term and sub-organisations. */
export function OrgOverviewTab({
  org,
  visible,
  onSelect,
}: {
  org: OrgDetail;
  /** Organisations the user may open (a secretary sees the names of the levels above but cannot open them). */
  visible: (id: number) => boolean;
  onSelect: (id: number, tab?: OrgTab) => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = toLang(i18n.language);
  const secretaries = org.posts.filter((p) => p.post === 'secretary' && p.active);
  const issues = org.checks.filter((c) => c.severity !== 'info');
  const counts = org.counts;
  const stats: Array<{ key: keyof typeof counts; value: number }> = [
    { key: 'members', value: counts.members },
    { key: 'full', value: counts.full },
    { key: 'probationary', value: counts.probationary },
    { key: 'activists', value: counts.activists },
    { key: 'candidates', value: counts.candidates },
    { key: 'applicants', value: counts.applicants },
    ...(org.kind === 'group' ? [] : [{ key: 'groups' as const, value: counts.groups }]),
  ];

  const term = org.term;
  const termText = term
    ? t('orgs.detail.termRange', { start: formatDate(term.termStart, lang), end: formatDate(term.termEnd, lang), years: term.termYears })
    : null;

  return (
    <Flex vertical gap={16}>
      {issues.length > 0 ? (
        <Alert
          type="warning"
          showIcon
          title={t('orgs.tree.badge', { count: issues.length })}
          description={issues.map((c) => c.message).join('；')}
          action={<Typography.Link onClick={() => onSelect(org.id, 'checks')}>{t('orgs.detail.tabs.checks')}</Typography.Link>}
        />
      ) : null}
      <Card
        size="small"
        title={t('orgs.detail.tabs.members')}
        extra={<Typography.Text type="secondary">{t('orgs.detail.countsHint')}</Typography.Text>}
      >
        <Flex wrap gap={24} style={{ rowGap: 12 }}>
          {stats.map((s) => (
            <Statistic
              key={s.key}
              title={t(`orgs.detail.counts.${s.key}`)}
              value={formatNumber(s.value, lang)}
              styles={{ content: { fontSize: 22 } }}
              style={{ minWidth: 72 }}
            />
          ))}
        </Flex>
      </Card>
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 1, md: 2 }}
        styles={{ label: { whiteSpace: 'nowrap' } }}
        items={[
          { key: 'code', label: t('orgs.fields.code'), children: org.code },
          { key: 'kind', label: t('orgs.fields.kind'), children: <OrgKindTag kind={org.kind} /> },
          { key: 'shortName', label: t('orgs.fields.shortName'), children: org.shortName ?? t('common.empty') },
          {
            key: 'parent',
            label: t('orgs.fields.parent'),
            children:
              org.parentId === null ? (
                t('common.empty')
              ) : visible(org.parentId) ? (
                <Typography.Link onClick={() => org.parentId !== null && onSelect(org.parentId)}>{org.parentName}</Typography.Link>
              ) : (
                org.parentName
              ),
          },
          { key: 'businessUnit', label: t('orgs.fields.businessUnit'), children: org.businessUnit ?? t('common.empty') },
          { key: 'foundedOn', label: t('orgs.fields.foundedOn'), children: formatDate(org.foundedOn, lang) },
          // The secretary and the (long) term line get a row each, so they do not squeeze the column beside them.
          {
            key: 'secretary',
            span: { xs: 1, sm: 1, md: 2 },
            label: t('orgs.detail.secretary'),
            children:
              secretaries.length > 0 ? (
                <Flex gap={8} wrap>
                  {secretaries.map((p) => (
                    <Link key={p.id} to={`/people/${p.personId}`}>
                      {p.personName}
                    </Link>
                  ))}
                </Flex>
              ) : org.kind === 'group' ? (
                t('common.empty')
              ) : (
                <Typography.Text type="danger">{t('orgs.detail.noSecretary')}</Typography.Text>
              ),
          },
          ...(org.kind !== 'group'
            ? [
                {
                  key: 'term',
                  span: { xs: 1, sm: 1, md: 2 },
                  label: t('orgs.detail.term'),
                  children: term ? (
                    <Flex gap={8} wrap align="center">
                      <span>{termText}</span>
                      <TermStateTag state={term.state} />
                      <Typography.Text type="secondary">
                        {term.daysLeft > 0
                          ? t('orgs.detail.termLeft', { days: formatNumber(term.daysLeft, lang) })
                          : t('orgs.detail.termOverdue', { days: formatNumber(-term.daysLeft, lang) })}
                      </Typography.Text>
                    </Flex>
                  ) : (
                    <Typography.Text type="secondary">{t('orgs.detail.noTerm')}</Typography.Text>
                  ),
                },
              ]
            : []),
          ...(org.committeeNote ? [{ key: 'note', label: t('orgs.fields.committeeNote'), children: org.committeeNote }] : []),
          { key: 'createdAt', label: t('orgs.fields.createdAt'), children: formatDateTime(org.createdAt, lang) },
        ]}
      />
      {org.kind !== 'group' ? (
        <div>
          <Typography.Title level={5} style={{ marginTop: 0 }}>
            {t('orgs.detail.children', { count: org.children.length })}
          </Typography.Title>
          {org.children.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('orgs.detail.noChildren')} />
          ) : (
            <Table<Child>
              size="small"
              rowKey="id"
              dataSource={org.children}
              pagination={org.children.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
              columns={[
                {
                  title: t('orgs.fields.name'),
                  key: 'name',
                  render: (_: unknown, c: Child) => (
                    <Flex gap={6} align="center">
                      <OrgKindIcon kind={c.kind} />
                      <Typography.Link onClick={() => onSelect(c.id)}>{c.name}</Typography.Link>
                      <OrgStatusTag status={c.status} />
                    </Flex>
                  ),
                },
                { title: t('orgs.fields.code'), dataIndex: 'code', key: 'code', width: 110 },
                { title: t('orgs.fields.kind'), key: 'kind', width: 110, render: (_: unknown, c: Child) => <OrgKindTag kind={c.kind} /> },
                {
                  title: t('orgs.detail.counts.members'),
                  key: 'members',
                  width: 90,
                  align: 'right',
                  render: (_: unknown, c: Child) => formatNumber(c.counts.members, lang),
                },
              ]}
            />
          )}
        </div>
      ) : null}
    </Flex>
  );
}
