import type { EvalGrade, EvalPeriodKind, EvalPopulation, EvalRunStatus, OrgKind } from '@guantong/shared';
import { Tag } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../i18n/format';
import type { Lang } from '../../i18n/languages';

/** “2026年第四季度” / “Q4 2026”. */
export function periodLabel(t: TFunction, year: number, kind: EvalPeriodKind, index: number): string {
  if (kind === 'year') {
    return t('evaluation.period.year', { year });
  }
  if (kind === 'half') {
    return t('evaluation.period.half', { year, half: t(`evaluation.period.halves.${index === 2 ? '2' : '1'}`) });
  }
  return t('evaluation.period.quarter', { year, n: index });
}

/** “各党支部” / “干部（综合评价）”. */
export function populationLabel(t: TFunction, population: EvalPopulation, orgKind: OrgKind | null): string {
  if (population === 'cadres') {
    return t('evaluation.populationOf.cadres');
  }
  return t('evaluation.populationOf.orgs', { kind: t(`common.orgKinds.${orgKind ?? 'branch'}`) });
}

/** A score with up to two decimals (“—” without data). */
export function score(value: number | null | undefined, lang: Lang): string {
  return formatNumber(value ?? null, lang, undefined);
}

const GRADE_COLORS = ['green', 'blue', 'gold', 'red', 'purple', 'cyan'];

/** A grade as a coloured tag; colours follow the order of the scheme's bands (best first). */
export function GradeTag({ grade, order }: { grade: EvalGrade | null; order?: readonly string[] }) {
  const { t, i18n } = useTranslation();
  if (!grade) {
    return <Tag>{t('evaluation.explain.noTotal')}</Tag>;
  }
  const i = order ? order.indexOf(grade.code) : -1;
  const color = i >= 0 ? GRADE_COLORS[Math.min(i, GRADE_COLORS.length - 1)] : 'default';
  return <Tag color={color}>{i18n.language === 'en' && grade.nameEn ? grade.nameEn : grade.name}</Tag>;
}

const RUN_COLORS: Record<EvalRunStatus, string> = {
  queued: 'default',
  running: 'processing',
  computed: 'gold',
  failed: 'error',
  published: 'green',
};

/** A run's status as a tag. */
export function RunStatusTag({ status }: { status: EvalRunStatus | null }) {
  const { t } = useTranslation();
  if (!status) {
    return <Tag>{t('evaluation.runStatus.none')}</Tag>;
  }
  return <Tag color={RUN_COLORS[status]}>{t(`evaluation.runStatus.${status}`)}</Tag>;
}

/** The name in the user's language when an English one exists. */
export function localName(lang: Lang, item: { name: string; nameEn?: string }): string {
  return lang === 'en' && item.nameEn ? item.nameEn : item.name;
}
