import { CheckCircleFilled, ExclamationCircleFilled, MinusCircleOutlined, WarningFilled } from '@ant-design/icons';
import { type Decision, type DecisionStatus, PRE_STUDY_RULE, type PreStudyCheck } from '@guantong/shared';
import { Alert, Tag, Tooltip, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { STATUS_COLORS } from '../../components/status';
import { formatDate } from '../../i18n/format';
import { type Lang, toLang } from '../../i18n/languages';

/** The body's name in the user's language. */
export function bodyName(body: { name: string; nameEn: string }, lang: Lang): string {
  return lang === 'zh-CN' ? body.name : body.nameEn;
}

/** The category with its group (三重一大) in the user's language. */
export function categoryName(c: Decision['category'], lang: Lang, withGroup = true): string {
  const name = lang === 'zh-CN' ? c.name : c.nameEn;
  const group = lang === 'zh-CN' ? c.groupName : c.groupNameEn;
  return withGroup && group ? `${name}（${group}）` : name;
}

/** The check's explanation in the user's language (the server's Chinese sentence is the same in zh-CN). */
export function preStudyText(t: TFunction, lang: Lang, d: Pick<Decision, 'preStudy' | 'body' | 'decidedOn'>): string {
  const check = d.preStudy;
  const body = bodyName(d.body, lang);
  const date = check.meeting ? formatDate(check.meeting.date, lang) : '';
  const decidedOn = formatDate(d.decidedOn, lang);
  const sameDay = check.meeting?.date === d.decidedOn;
  switch (check.status) {
    case 'ok':
      return sameDay ? t('decisions.preStudy.message.okSameDay', { body }) : t('decisions.preStudy.message.ok', { date, body, decidedOn });
    case 'late':
      return sameDay
        ? t('decisions.preStudy.message.lateSameDay', { body })
        : t('decisions.preStudy.message.late', { date, body, decidedOn });
    case 'missing':
      return t('decisions.preStudy.message.missing');
    case 'same_day_unverified':
      return t('decisions.preStudy.message.same_day_unverified', { body });
    default:
      return t('decisions.preStudy.message.not_required');
  }
}

/** The regulation, in the user's language. */
export function preStudySource(lang: Lang): string {
  return lang === 'zh-CN' ? PRE_STUDY_RULE.source : PRE_STUDY_RULE.sourceEn;
}

const SEVERITY_STYLE: Record<PreStudyCheck['severity'], { color: string; icon: React.ReactNode }> = {
  violation: { color: STATUS_COLORS.overdue.tag, icon: <ExclamationCircleFilled /> },
  warning: { color: STATUS_COLORS.dueSoon.tag, icon: <WarningFilled /> },
  ok: { color: STATUS_COLORS.done.tag, icon: <CheckCircleFilled /> },
  none: { color: 'default', icon: <MinusCircleOutlined /> },
};

/** The pre-study check as a tag (list): red violation, gold to verify, green done, grey not required; the reason on hover. */
export function PreStudyFlag({ decision }: { decision: Pick<Decision, 'preStudy' | 'body' | 'decidedOn'> }) {
  const { t, i18n } = useTranslation();
  const lang = toLang(i18n.language);
  const check = decision.preStudy;
  const style = SEVERITY_STYLE[check.severity];
  const tip = (
    <div>
      <div>{preStudyText(t, lang, decision)}</div>
      {check.required ? (
        <div style={{ marginTop: 4, opacity: 0.85 }}>{t('decisions.preStudy.source', { source: preStudySource(lang) })}</div>
      ) : null}
    </div>
  );
  return (
    <Tooltip title={tip}>
      <Tag color={style.color} icon={style.icon} style={{ marginInlineEnd: 0 }} data-prestudy={check.status}>
        {t(`decisions.preStudy.status.${check.status}`)}
      </Tag>
    </Tooltip>
  );
}

/** The check as a banner (decision page): heading, what is wrong or right, the rule and its source. */
export function PreStudyBanner({ decision, action }: { decision: Decision; action?: React.ReactNode }) {
  const { t, i18n } = useTranslation();
  const lang = toLang(i18n.language);
  const check = decision.preStudy;
  const type =
    check.severity === 'violation' ? 'error' : check.severity === 'warning' ? 'warning' : check.severity === 'ok' ? 'success' : 'info';
  return (
    <Alert
      type={type}
      showIcon
      role={check.severity === 'violation' ? 'alert' : 'status'}
      data-prestudy={check.status}
      title={t(`decisions.preStudy.heading.${check.severity}`)}
      description={
        <div>
          <div>{preStudyText(t, lang, decision)}</div>
          {check.required ? (
            <Typography.Text type="secondary" style={{ display: 'block', marginTop: 4, fontSize: 13 }}>
              {t('decisions.preStudy.rule')} {t('decisions.preStudy.source', { source: preStudySource(lang) })}
            </Typography.Text>
          ) : null}
        </div>
      }
      action={action}
    />
  );
}

const STATUS_TAG: Record<DecisionStatus, string> = { decided: 'blue', in_progress: 'processing', completed: 'green', cancelled: 'default' };

/** A decision item's status as a tag. */
export function DecisionStatusTag({ status }: { status: DecisionStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_TAG[status]} style={{ marginInlineEnd: 0 }}>
      {t(`decisions.status.${status}`)}
    </Tag>
  );
}
