import { Alert, Result, Skeleton, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { errorMessage } from '../../api/client';
import { PageHeader } from '../../components/PageHeader';
import { useUrlState } from '../../components/useUrlState';
import { formatDate } from '../../i18n/format';
import { toLang } from '../../i18n/languages';
import { AdjustmentsTab } from './AdjustmentsTab';
import { periodLabel, populationLabel } from './EvalBits';
import { useScheme } from './evaluation.api';
import { InputsTab } from './InputsTab';
import { ManualScoresTab } from './ManualScoresTab';
import { ResultsTab } from './ResultsTab';
import { RunsTab } from './RunsTab';
import { SchemeEditor } from './SchemeEditor';

const TABS = ['results', 'definition', 'manual', 'adjustments', 'inputs', 'runs'] as const;
type TabKey = (typeof TABS)[number];

function parseTab(p: URLSearchParams): { tab: TabKey } {
  const tab = p.get('tab');
  return { tab: (TABS as readonly string[]).includes(tab ?? '') ? (tab as TabKey) : 'results' };
}

/** One scheme: its results (ranking, radar, explanations), definition, manual scores, bonus/deduction, entered data and runs. */
export function SchemePage() {
  const { t, i18n } = useTranslation();
  const lang = toLang(i18n.language);
  const params = useParams();
  const id = Number(params.schemeId);
  const scheme = useScheme(Number.isInteger(id) && id > 0 ? id : null);
  const [{ tab }, setUrl] = useUrlState(parseTab);

  if (scheme.isLoading) {
    return <Skeleton active />;
  }
  if (scheme.error || !scheme.data) {
    return <Result status="404" title={errorMessage(scheme.error)} extra={<Link to="/evaluation">← {t('evaluation.scheme.back')}</Link>} />;
  }
  const s = scheme.data;
  const has = (m: string) => s.indicators.some((i) => i.method === m);
  const items = [
    { key: 'results', label: t('evaluation.tabs.results'), children: <ResultsTab scheme={s} /> },
    { key: 'definition', label: t('evaluation.tabs.definition'), children: <SchemeEditor scheme={s} /> },
    ...(has('manual') ? [{ key: 'manual', label: t('evaluation.tabs.manual'), children: <ManualScoresTab scheme={s} /> }] : []),
    ...(s.canManage && (has('bonus') || has('deduction'))
      ? [{ key: 'adjustments', label: t('evaluation.tabs.adjustments'), children: <AdjustmentsTab scheme={s} /> }]
      : []),
    ...(s.canManage && has('imported') ? [{ key: 'inputs', label: t('evaluation.tabs.inputs'), children: <InputsTab scheme={s} /> }] : []),
    ...(s.canManage ? [{ key: 'runs', label: t('evaluation.tabs.runs'), children: <RunsTab scheme={s} /> }] : []),
  ];
  const active = items.some((i) => i.key === tab) ? tab : 'results';

  return (
    <>
      <PageHeader
        title={s.name}
        subtitle={
          <>
            <Link to="/evaluation">← {t('evaluation.scheme.back')}</Link>
            <Typography.Text type="secondary" style={{ marginInlineStart: 12 }}>
              {t('evaluation.scheme.scope', {
                root: s.rootOrg.name,
                population: populationLabel(t, s.population, s.orgKind),
                period: periodLabel(t, s.year, s.periodKind, s.periodIndex),
                range: t('evaluation.period.range', { from: formatDate(s.periodFrom, lang), to: formatDate(s.periodTo, lang) }),
              })}
            </Typography.Text>
          </>
        }
      />
      {s.canManage && s.problems.length > 0 ? (
        <Alert
          type="warning"
          showIcon
          title={t('evaluation.scheme.problems')}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 18 }}>
              {s.problems.map((p) => (
                <li key={`${p.path}:${p.message}`}>{p.message}</li>
              ))}
            </ul>
          }
          style={{ marginBottom: 16 }}
        />
      ) : null}
      <Tabs
        activeKey={active}
        onChange={(k) => setUrl({ tab: k === 'results' ? null : k, run: null, target: null })}
        items={items}
        destroyOnHidden
      />
    </>
  );
}
