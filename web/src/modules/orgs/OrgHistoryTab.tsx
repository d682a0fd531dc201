import type { OrgDetail, OrgEvent } from '@guantong/shared';
import { Alert, Empty, Flex, Pagination, Spin, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/client';
import { formatDate, formatDateTime } from '../../i18n/format';
import { translateIfKnown } from '../../i18n/index';
import { toLang } from '../../i18n/languages';
import type { OrgTab } from './OrgDetailPanel';
import { useOrgHistory } from './orgs.api';

const PAGE_SIZE = 20;
const MAX_VALUE = 60;

/** Fields of the before/after records the history shows as "field: before → after". */
const SHOWN_FIELDS = [
  'code',
  'name',
  'short_name',
  'sort_order',
  'business_unit',
  'founded_on',
  'status',
  'term_start',
  'term_years',
  'committee_note',
] as const;

function text(v: unknown): string {
  if (v === null || v === undefined || v === '') {
    return '—';
  }
  const s = typeof v === 'object' ? JSON.stringify(v) : String(v);
  return s.length > MAX_VALUE ? `${s.slice(0, MAX_VALUE)}…` : s;
}

const KIND_COLORS: Partial<Record<OrgEvent['kind'], string>> = {
  created: 'green',
  imported: 'green',
  merged: 'gray',
  dissolved: 'gray',
  moved: 'blue',
  merged_in: 'blue',
  term_renewed: 'blue',
};

/** 沿革: every change of the organisation, newest first, with what changed, why, and who recorded it. */
export function OrgHistoryTab({ org, onSelect }: { org: OrgDetail; onSelect: (id: number, tab?: OrgTab) => void }) {
  const { t, i18n } = useTranslation();
  const lang = toLang(i18n.language);
  const [page, setPage] = useState(1);
  const history = useOrgHistory(org.id, page, PAGE_SIZE);

  const changes = (e: OrgEvent): string[] => {
    const before = e.before ?? {};
    const after = e.after ?? {};
    const out: string[] = [];
    if (e.kind === 'moved') {
      out.push(
        t('orgs.history.change', {
          field: t('orgs.history.fields.parent_id'),
          before: text(before.parentName),
          after: text(after.parentName),
        }),
      );
      return out;
    }
    if (e.kind === 'merged' || e.kind === 'merged_in') {
      if (typeof after.movedPeople === 'number') {
        out.push(t('orgs.history.line', { field: t('orgs.history.fields.moved_people'), value: after.movedPeople }));
      }
      return out;
    }
    if (e.kind === 'created' || e.kind === 'imported' || e.kind === 'dissolved') {
      return out;
    }
    for (const f of SHOWN_FIELDS) {
      if (f in before || f in after) {
        if (JSON.stringify(before[f]) === JSON.stringify(after[f])) {
          continue;
        }
        const show = (v: unknown) => (f === 'status' && typeof v === 'string' ? translateIfKnown(`orgs.status.${v}`, v) : text(v));
        out.push(t('orgs.history.change', { field: t(`orgs.history.fields.${f}`), before: show(before[f]), after: show(after[f]) }));
      }
    }
    return out;
  };

  if (history.error) {
    return <Alert type="error" showIcon title={errorMessage(history.error)} />;
  }
  if (history.isLoading) {
    return (
      <Flex justify="center" style={{ padding: 24 }}>
        <Spin />
      </Flex>
    );
  }
  const items = history.data?.items ?? [];
  if (items.length === 0) {
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('orgs.history.empty')} />;
  }
  return (
    <>
      <Timeline
        style={{ marginTop: 8 }}
        items={items.map((e) => ({
          key: e.id,
          color: KIND_COLORS[e.kind] ?? 'gray',
          content: (
            <div>
              <Flex gap={8} align="center" wrap>
                <Typography.Text strong>{formatDate(e.onDate, lang)}</Typography.Text>
                <Tag color={KIND_COLORS[e.kind]}>{t(`orgs.history.kinds.${e.kind}`)}</Tag>
                {e.relatedOrg ? (
                  <Typography.Text>
                    {t('orgs.history.related')}
                    <Typography.Link onClick={() => e.relatedOrg && onSelect(e.relatedOrg.id, 'history')}>
                      {e.relatedOrg.name}
                    </Typography.Link>
                  </Typography.Text>
                ) : null}
              </Flex>
              {changes(e).map((c) => (
                <div key={c}>{c}</div>
              ))}
              {e.reason ? <div>{t('orgs.history.reason', { reason: e.reason })}</div> : null}
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('orgs.history.by', { actor: e.actorName, time: formatDateTime(e.createdAt, lang) })}
              </Typography.Text>
            </div>
          ),
        }))}
      />
      {(history.data?.total ?? 0) > PAGE_SIZE ? (
        <Pagination
          size="small"
          current={page}
          pageSize={PAGE_SIZE}
          total={history.data?.total ?? 0}
          onChange={setPage}
          showSizeChanger={false}
          showTotal={(total) => t('orgs.history.total', { total })}
        />
      ) : null}
    </>
  );
}
