import type { CampaignPhase } from '@guantong/shared';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

const PHASE_COLOR: Record<CampaignPhase, string> = { draft: 'default', upcoming: 'gold', open: 'blue', ended: 'green' };

/** A campaign's phase as a tag. */
export function PhaseTag({ phase }: { phase: CampaignPhase }) {
  const { t } = useTranslation();
  return (
    <Tag color={PHASE_COLOR[phase]} style={{ marginInlineEnd: 0 }}>
      {t(`campaigns.phase.${phase}`)}
    </Tag>
  );
}
