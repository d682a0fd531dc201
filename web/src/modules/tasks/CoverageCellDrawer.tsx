import { RightOutlined } from '@ant-design/icons';
import type { CoverageMatrix, CoverageMatrixCell, OrgKind } from '@guantong/shared';
import { Button, Descriptions, Drawer, Empty, Flex, Skeleton, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { SimpleList } from '../../components/SimpleList';
import { formatDate } from '../../i18n/format';
import { toLang } from '../../i18n/languages';
import { TaskLights, TaskStatusTag } from './TaskBits';
import { useCoverageNode, useTaskList } from './tasks.api';

export interface CellTarget {
  row: CoverageMatrix['rows'][number];
  column: CoverageMatrix['columns'][number];
  cell: CoverageMatrixCell;
  columnIndex: number;
}

export interface CoverageCellDrawerProps {
  target: CellTarget | null;
  matrix: CoverageMatrix;
  kind: OrgKind;
  onClose: () => void;
  onDrill: (orgId: number) => void;
}

/** One cell of the coverage matrix: its numbers, the tasks behind them and the grassroots organisations with nothing. */
export function CoverageCellDrawer({ target, kind, onClose, onDrill }: CoverageCellDrawerProps) {
  const { t, i18n } = useTranslation();
  const lang = toLang(i18n.language);
  const nodeId = target?.row.id ?? null;
  const orgId = target?.column.org.id ?? null;
  const tasks = useTaskList(
    { view: 'org', frameworkNodeId: nodeId ?? undefined, orgId: orgId ?? undefined, page: 1, pageSize: 20, sort: 'dueOn', order: 'asc' },
    target !== null,
  );
  const node = useCoverageNode(target && !target.column.self ? nodeId : null, orgId, kind);
  const kindLabel = t(`tasks.coverage.kinds.${kind}`);
  if (!target) {
    return <Drawer open={false} onClose={onClose} />;
  }
  const { row, column, cell } = target;
  const listLink = `/tasks/org?frameworkNodeId=${row.id}&orgId=${column.org.id}`;
  return (
    <Drawer
      open
      onClose={onClose}
      size={560}
      title={t('tasks.coverage.cell.title', {
        code: row.code,
        name: lang === 'en' && row.nameEn ? row.nameEn : row.name,
        org: column.self ? `${column.org.name}（${t('tasks.coverage.self')}）` : column.org.name,
      })}
      extra={
        column.drillable ? (
          <Button
            size="small"
            onClick={() => {
              onClose();
              onDrill(column.org.id);
            }}
          >
            {t('tasks.coverage.drill')}
          </Button>
        ) : null
      }
    >
      <Flex vertical gap={16}>
        <Descriptions
          size="small"
          bordered
          column={2}
          items={[
            { key: 'open', label: t('tasks.coverage.open'), children: cell.open },
            {
              key: 'late',
              label: t('tasks.coverage.late'),
              children: <span style={{ color: cell.late ? '#CF1322' : undefined }}>{cell.late}</span>,
            },
            { key: 'verified', label: t('tasks.coverage.verified'), children: cell.verified },
            ...(column.grassroots > 0 && !column.self
              ? [
                  {
                    key: 'covered',
                    label: t('tasks.coverage.grassroots'),
                    children: t('tasks.coverage.coveredHint', { covered: cell.covered, total: column.grassroots, kind: kindLabel }),
                  },
                ]
              : []),
          ]}
        />
        {!column.self && column.grassroots > 0 ? (
          <div>
            <Typography.Title level={5} style={{ marginTop: 0 }}>
              {t('tasks.coverage.cell.uncovered', {
                kind: kindLabel,
                count: node.data?.totals.uncovered ?? column.grassroots - cell.covered,
              })}
            </Typography.Title>
            {node.isLoading ? (
              <Skeleton active paragraph={{ rows: 3 }} />
            ) : (node.data?.uncoveredOrgs.length ?? 0) === 0 ? (
              <Typography.Text type="success">{t('tasks.coverage.cell.allCovered', { kind: kindLabel })}</Typography.Text>
            ) : (
              <Flex gap={6} wrap>
                {node.data?.uncoveredOrgs.map((o) => (
                  <Tag key={o.id} variant="outlined" style={{ borderStyle: 'dashed' }}>
                    {o.name}
                  </Tag>
                ))}
                {node.data?.uncoveredTruncated ? (
                  <Typography.Text type="secondary">
                    {t('tasks.coverage.cell.truncated', { count: node.data.uncoveredOrgs.length })}
                  </Typography.Text>
                ) : null}
              </Flex>
            )}
          </div>
        ) : null}
        <div>
          <Flex justify="space-between" align="center">
            <Typography.Title level={5} style={{ margin: 0 }}>
              {t('tasks.coverage.cell.tasks')}
              {tasks.data ? ` (${tasks.data.total})` : ''}
            </Typography.Title>
            <Link to={listLink}>
              {t('tasks.coverage.cell.openList')} <RightOutlined />
            </Link>
          </Flex>
          {tasks.isLoading ? (
            <Skeleton active />
          ) : (tasks.data?.items.length ?? 0) === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('tasks.coverage.cell.noTasks')} />
          ) : (
            <SimpleList
              size="small"
              items={tasks.data?.items ?? []}
              rowKey={(task) => task.id}
              empty={null}
              renderItem={(task) => (
                <Flex vertical gap={2} style={{ width: '100%' }}>
                  <Flex justify="space-between" gap={8}>
                    <Link to={`/tasks/${task.id}`} state={{ from: listLink }}>
                      {task.title}
                    </Link>
                    <TaskStatusTag status={task.status} />
                  </Flex>
                  <Flex justify="space-between" gap={8} wrap>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {task.org.name} · {formatDate(task.dueOn, lang)}
                    </Typography.Text>
                    <TaskLights task={task} compact />
                  </Flex>
                </Flex>
              )}
            />
          )}
        </div>
      </Flex>
    </Drawer>
  );
}
