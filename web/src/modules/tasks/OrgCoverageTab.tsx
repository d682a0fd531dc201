import { RightOutlined } from '@ant-design/icons';
import type { CoverageRequirement } from '@guantong/shared';
import { Alert, Button, Empty, Flex, Progress, Result, Skeleton, Switch, Table, type TableProps, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { errorMessage } from '../../api/client';
import { CELL_STYLE, cellStatus } from './CoveragePage';
import { useOrgCoverage } from './tasks.api';

type Row = Omit<CoverageRequirement, 'children'> & { children?: Row[] };

/** Drops empty `children` arrays so the table shows no expander on requirements. */
function toRows(nodes: CoverageRequirement[]): Row[] {
  return nodes.map(({ children, ...n }) => (children.length > 0 ? { ...n, children: toRows(children) } : n));
}

/**
 * The 体系覆盖 tab of an organisation: which requirements of the framework in force have work in its subtree and
 * which have none (the org side of 贯通 coverage), with the counts behind each and a link to the tasks.
 */
export function OrgCoverageTab({ orgId }: { orgId: number }) {
  const { t } = useTranslation();
  const coverage = useOrgCoverage(orgId);
  const [onlyGaps, setOnlyGaps] = useState(false);
  const data = coverage.data;
  const rows = useMemo(() => (data ? toRows(data.nodes) : []), [data]);
  const expanded = useMemo(() => {
    const keys: number[] = [];
    const walk = (rs: Row[]) => {
      for (const r of rs) {
        if (r.children) {
          keys.push(r.id);
          walk(r.children);
        }
      }
    };
    walk(rows);
    return keys;
  }, [rows]);

  if (coverage.isLoading) {
    return <Skeleton active paragraph={{ rows: 8 }} />;
  }
  if (coverage.isError || !data) {
    return (
      <Result
        status="warning"
        title={errorMessage(coverage.error)}
        extra={<Button onClick={() => void coverage.refetch()}>{t('tasks.misc.retry')}</Button>}
      />
    );
  }
  if (data.year === null || data.nodes.length === 0) {
    return <Empty description={t('tasks.coverage.noFramework')} />;
  }

  const total = data.covered.length + data.uncovered.length;
  const taskLink = (nodeId: number) => `/tasks/org?frameworkNodeId=${nodeId}&orgId=${orgId}`;
  const columns: TableProps<Row>['columns'] = [
    {
      title: t('tasks.fields.framework'),
      key: 'node',
      render: (_: unknown, r) => (
        <Flex gap={6} align="baseline">
          <Typography.Text type="secondary">{r.code}</Typography.Text>
          <Typography.Text strong={r.kind !== 'requirement'}>{r.name}</Typography.Text>
        </Flex>
      ),
    },
    {
      title: t('tasks.coverage.org.column'),
      key: 'status',
      width: 260,
      render: (_: unknown, r) => {
        if (r.kind !== 'requirement') {
          return (
            <Flex gap={8} align="center">
              <Progress
                percent={r.requirements.total ? Math.round((100 * r.requirements.covered) / r.requirements.total) : 0}
                size="small"
                showInfo={false}
                style={{ width: 90, margin: 0 }}
              />
              <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                {t('tasks.coverage.org.reqs', r.requirements)}
              </Typography.Text>
            </Flex>
          );
        }
        const status = cellStatus(r.counts);
        const style = CELL_STYLE[status];
        return (
          <Flex gap={8} align="center" wrap>
            <Tag
              data-status={status}
              style={{
                background: style.bg,
                borderColor: style.border,
                color: style.fg,
                borderStyle: status === 'none' ? 'dashed' : 'solid',
              }}
            >
              {t(`tasks.coverage.org.status.${status}`)}
            </Tag>
            {r.counts.total > 0 ? (
              <Link to={taskLink(r.id)} style={{ fontSize: 13 }}>
                {t('tasks.coverage.org.counts', r.counts)}
              </Link>
            ) : null}
          </Flex>
        );
      },
    },
  ];

  return (
    <Flex vertical gap={12}>
      <Alert
        type={data.uncovered.length > 0 ? 'warning' : 'success'}
        showIcon
        message={t('tasks.coverage.org.summary', { org: data.org.name, covered: data.covered.length, total })}
        description={
          <Flex gap={16} align="center" wrap>
            <Progress
              percent={total ? Math.round((100 * data.covered.length) / total) : 0}
              style={{ width: 240, margin: 0 }}
              strokeColor="#1677FF"
            />
            <Typography.Text type="secondary">
              {t('tasks.coverage.year', { year: data.year })} · {t('tasks.coverage.asOf', { date: data.asOf })}
            </Typography.Text>
            <Link to={`/coverage?orgId=${orgId}`}>
              {t('tasks.coverage.org.matrix')} <RightOutlined />
            </Link>
          </Flex>
        }
      />
      <Flex gap={8} align="center">
        <Switch id="org-coverage-gaps" checked={onlyGaps} onChange={setOnlyGaps} size="small" />
        <label htmlFor="org-coverage-gaps">{t('tasks.coverage.org.onlyGaps')}</label>
      </Flex>
      {onlyGaps ? (
        data.uncovered.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('tasks.coverage.org.noGaps')} />
        ) : (
          <div data-testid="org-coverage-gaps">
            <Typography.Title level={5} style={{ marginTop: 0 }}>
              {t('tasks.coverage.org.gaps', { count: data.uncovered.length })}
            </Typography.Title>
            <ul style={{ margin: 0, paddingLeft: 20, lineHeight: 1.9 }}>
              {data.uncovered.map((u) => (
                <li key={u.id}>
                  <Typography.Text type="secondary">{u.code}</Typography.Text> {u.name}
                </li>
              ))}
            </ul>
          </div>
        )
      ) : (
        <Table<Row>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={rows}
          pagination={false}
          expandable={{ defaultExpandedRowKeys: expanded }}
          data-testid="org-coverage-table"
        />
      )}
    </Flex>
  );
}
