import { CheckCircleOutlined } from '@ant-design/icons';
import type { OrgCheck } from '@guantong/shared';
import { Flex, Result, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { translateIfKnown } from '../../i18n/index';
import { SeverityTag } from './OrgBits';

const LIST_STYLE = { listStyle: 'none', margin: 0, padding: 0 } as const;

/** The name of a rule in the user's language (the rule id when this client does not know it). */
export function ruleName(rule: string): string {
  return translateIfKnown(`orgs.checks.rules.${rule}`, rule);
}

/** An organisation's rule checks: severity, the rule, what was found and the regulation it comes from. */
export function OrgChecksList({ checks }: { checks: OrgCheck[] }) {
  const { t } = useTranslation();
  if (checks.length === 0) {
    return (
      <Result
        icon={<CheckCircleOutlined style={{ color: '#389E0D' }} />}
        title={t('orgs.checks.none')}
        subTitle={t('orgs.checks.noneHint')}
      />
    );
  }
  return (
    <ul style={LIST_STYLE} aria-label={t('orgs.detail.tabs.checks')}>
      {checks.map((c) => (
        <li key={`${c.rule}-${c.orgId}`} style={{ padding: '12px 0', borderBottom: '1px solid rgba(5,5,5,0.06)' }}>
          <Flex gap={8} align="center" wrap>
            <SeverityTag severity={c.severity} />
            <Typography.Text strong>{ruleName(c.rule)}</Typography.Text>
          </Flex>
          <Typography.Paragraph style={{ margin: '6px 0 2px' }}>{c.message}</Typography.Paragraph>
          <Typography.Text type="secondary" style={{ fontSize: 13 }}>
            {t('orgs.checks.sourceLine', { source: c.source })}
          </Typography.Text>
        </li>
      ))}
    </ul>
  );
}
