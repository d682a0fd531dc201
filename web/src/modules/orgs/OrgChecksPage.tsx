import { CheckCircleOutlined, DownloadOutlined } from '@ant-design/icons';
import { CHECK_SEVERITIES, type CheckSeverity, ORG_CHECK_RULES, type OrgCheck, type OrgCheckRule } from '@guantong/shared';
import { Alert, App, Button, Card, Checkbox, Empty, Flex, Form, Result, Select, Table, type TableProps, Tabs, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { errorMessage } from '../../api/client';
import { downloadFile } from '../../api/files';
import { OrgTreeSelect } from '../../components/OrgTreeSelect';
import { PageHeader } from '../../components/PageHeader';
import { useUrlState } from '../../components/useUrlState';
import { formatNumber } from '../../i18n/format';
import { toLang } from '../../i18n/languages';
import { SeverityTag } from './OrgBits';
import { ruleName } from './OrgChecksList';
import { indexOrgTree, useOrgChecks, useOrgTree } from './orgs.api';
import { RuleSettingsTab } from './RuleSettingsTab';

interface ChecksView {
  orgId?: number;
  rule?: OrgCheckRule;
  severity?: CheckSeverity;
  info: boolean;
  tab: 'list' | 'settings';
}

function parseView(params: URLSearchParams): ChecksView {
  const org = params.get('orgId');
  const rule = params.get('rule');
  const severity = params.get('severity');
  return {
    orgId: org && /^\d{1,9}$/.test(org) ? Number(org) : undefined,
    rule: (ORG_CHECK_RULES as readonly string[]).includes(rule ?? '') ? (rule as OrgCheckRule) : undefined,
    severity: (CHECK_SEVERITIES as readonly string[]).includes(severity ?? '') ? (severity as CheckSeverity) : undefined,
    info: params.get('info') === '1',
    tab: params.get('tab') === 'settings' ? 'settings' : 'list',
  };
}

const SEVERITY_RANK: Record<CheckSeverity, number> = { error: 0, warning: 1, info: 2 };

/** 组织保障 → 规则检查: every rule violation in the user's scope, filtered, with its source; and the thresholds. */
export function OrgChecksPage() {
  const { t, i18n } = useTranslation();
  const lang = toLang(i18n.language);
  const { message } = App.useApp();
  const [view, setView] = useUrlState(parseView);
  const checks = useOrgChecks({ orgId: view.orgId, rule: view.rule, severity: view.severity, includeInfo: view.info });
  const tree = useOrgTree();
  const index = useMemo(() => indexOrgTree(tree.data), [tree.data]);
  const [exporting, setExporting] = useState(false);
  const filtered = Boolean(view.orgId || view.rule || view.severity || view.info);
  const items = checks.data ?? [];

  const counts = useMemo(() => {
    const c = { error: 0, warning: 0, info: 0 };
    for (const i of items) {
      c[i.severity] += 1;
    }
    return c;
  }, [items]);
  const byRule = useMemo(() => {
    const m = new Map<string, number>();
    for (const i of items) {
      m.set(i.rule, (m.get(i.rule) ?? 0) + 1);
    }
    return ORG_CHECK_RULES.filter((r) => m.has(r)).map((r) => ({ rule: r, count: m.get(r) ?? 0 }));
  }, [items]);

  const doExport = () => {
    setExporting(true);
    downloadFile(
      '/api/orgs/checks/export.xlsx',
      { orgId: view.orgId, rule: view.rule, severity: view.severity, includeInfo: view.info ? 'true' : undefined },
      '规则检查.xlsx',
    )
      .then((name) => void message.success(t('orgs.exported', { name })))
      .catch((error: unknown) => void message.error(errorMessage(error)))
      .finally(() => setExporting(false));
  };

  const columns: TableProps<OrgCheck>['columns'] = [
    {
      title: t('orgs.checks.columns.severity'),
      key: 'severity',
      width: 84,
      sorter: (a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity],
      render: (_: unknown, c: OrgCheck) => <SeverityTag severity={c.severity} />,
    },
    {
      title: t('orgs.checks.columns.org'),
      key: 'org',
      width: 260,
      sorter: (a, b) => a.orgCode.localeCompare(b.orgCode),
      render: (_: unknown, c: OrgCheck) => (
        <div>
          <Link to={`/orgs?org=${c.orgId}&tab=checks`}>{index.get(c.orgId)?.name ?? c.orgCode}</Link>
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {c.orgCode}
              {index.get(c.orgId)?.parentId ? ` · ${index.get(index.get(c.orgId)?.parentId ?? 0)?.name ?? ''}` : ''}
            </Typography.Text>
          </div>
        </div>
      ),
    },
    {
      title: t('orgs.checks.columns.rule'),
      key: 'rule',
      width: 170,
      sorter: (a, b) => a.rule.localeCompare(b.rule),
      render: (_: unknown, c: OrgCheck) => ruleName(c.rule),
    },
    { title: t('orgs.checks.columns.message'), dataIndex: 'message', key: 'message' },
    {
      title: t('orgs.checks.columns.source'),
      dataIndex: 'source',
      key: 'source',
      width: 240,
      render: (v: string) => (
        <Typography.Text type="secondary" style={{ fontSize: 13 }}>
          {v}
        </Typography.Text>
      ),
    },
  ];

  const list = (
    <>
      <Form layout="inline" style={{ rowGap: 12, marginBottom: 16 }} onSubmitCapture={(e) => e.preventDefault()}>
        <Form.Item label={t('orgs.checks.filters.org')} htmlFor="checks-org">
          <div style={{ width: 280 }}>
            <OrgTreeSelect
              id="checks-org"
              allowClear
              value={view.orgId}
              placeholder={t('orgs.checks.filters.orgPlaceholder')}
              onChange={(v) => setView({ orgId: v })}
            />
          </div>
        </Form.Item>
        <Form.Item label={t('orgs.checks.filters.rule')} htmlFor="checks-rule">
          <Select<OrgCheckRule>
            id="checks-rule"
            allowClear
            value={view.rule}
            placeholder={t('orgs.checks.filters.ruleAll')}
            onChange={(v) => setView({ rule: v })}
            options={ORG_CHECK_RULES.map((r) => ({ value: r, label: ruleName(r) }))}
            style={{ width: 200 }}
          />
        </Form.Item>
        <Form.Item label={t('orgs.checks.filters.severity')} htmlFor="checks-severity">
          <Select<CheckSeverity>
            id="checks-severity"
            allowClear
            value={view.severity}
            placeholder={t('orgs.checks.filters.severityAll')}
            onChange={(v) => setView({ severity: v })}
            options={CHECK_SEVERITIES.map((s) => ({ value: s, label: t(`orgs.checks.severities.${s}`) }))}
            style={{ width: 140 }}
          />
        </Form.Item>
        <Form.Item>
          <Checkbox checked={view.info} onChange={(e) => setView({ info: e.target.checked ? '1' : null })}>
            {t('orgs.checks.filters.includeInfo')}
          </Checkbox>
        </Form.Item>
        <Form.Item>
          <Button disabled={!filtered} onClick={() => setView({ orgId: null, rule: null, severity: null, info: null })}>
            {t('common.actions.reset')}
          </Button>
        </Form.Item>
      </Form>
      {checks.error ? <Alert type="error" showIcon title={errorMessage(checks.error)} style={{ marginBottom: 16 }} /> : null}
      {!checks.isLoading && items.length === 0 && !filtered ? (
        <Result icon={<CheckCircleOutlined style={{ color: '#389E0D' }} />} title={t('orgs.checks.noneAll')} />
      ) : (
        <>
          <Flex gap={8} wrap align="center" style={{ marginBottom: 12 }} role="group" aria-label={t('orgs.checks.filters.rule')}>
            {byRule.map((r) => (
              <Tag.CheckableTag
                key={r.rule}
                checked={view.rule === r.rule}
                onChange={(on) => setView({ rule: on ? r.rule : null })}
                style={{ border: '1px solid #D9D9D9' }}
              >
                {ruleName(r.rule)} {formatNumber(r.count, lang)}
              </Tag.CheckableTag>
            ))}
          </Flex>
          <Typography.Paragraph type="secondary">
            {t('orgs.checks.summary', {
              total: formatNumber(items.length, lang),
              error: formatNumber(counts.error, lang),
              warning: formatNumber(counts.warning, lang),
              info: formatNumber(counts.info, lang),
            })}
          </Typography.Paragraph>
          <Table<OrgCheck>
            rowKey={(c) => `${c.orgId}-${c.rule}`}
            size="middle"
            columns={columns}
            dataSource={items}
            loading={checks.isFetching}
            scroll={{ x: 1000 }}
            showSorterTooltip={false}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('orgs.checks.noneFiltered')} /> }}
            pagination={{
              defaultPageSize: 20,
              showSizeChanger: true,
              pageSizeOptions: [20, 50, 100],
              showTotal: (total) => t('common.table.total', { total: formatNumber(total, lang) }),
            }}
          />
        </>
      )}
    </>
  );

  return (
    <>
      <PageHeader
        title={t('orgs.checks.title')}
        subtitle={t('orgs.checks.subtitle')}
        extra={
          view.tab === 'list' ? (
            <Button icon={<DownloadOutlined />} loading={exporting} onClick={doExport} disabled={items.length === 0}>
              {t('orgs.actions.exportChecks')}
            </Button>
          ) : null
        }
      />
      <Card styles={{ body: { paddingTop: 4 } }}>
        <Tabs
          activeKey={view.tab}
          onChange={(k) => setView({ tab: k === 'settings' ? 'settings' : null })}
          items={[
            { key: 'list', label: t('orgs.checks.tabs.list'), children: list },
            { key: 'settings', label: t('orgs.checks.tabs.settings'), children: <RuleSettingsTab /> },
          ]}
        />
      </Card>
    </>
  );
}
