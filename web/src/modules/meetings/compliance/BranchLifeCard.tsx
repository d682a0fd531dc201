import { RightOutlined } from '@ant-design/icons';
import { Card, Flex, List, Skeleton, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { errorMessage } from '../../../api/client';
import { useCurrentUser } from '../../auth/auth.api';
import { useComplianceBranch } from '../meetings.api';
import { InactiveMemberLine, MissingObligationList } from './ComplianceBits';

/** Members listed on the card before "合规明细" takes over. */
const INACTIVE_SHOWN = 5;

/**
 * 工作台 for a branch secretary: what the branch still owes this period under the 条例 (each with a link to record
 * it) and the members drifting toward the 6-month rule — the two things the compliance matrix would show in red.
 */
export function BranchLifeCards() {
  const me = useCurrentUser();
  const branches = me.grants.filter((g) => g.role === 'secretary' && g.orgKind === 'branch').slice(0, 3);
  return (
    <>
      {branches.map((g) => (
        <BranchLifeCard key={g.id} orgId={g.orgId} orgName={g.orgName} />
      ))}
    </>
  );
}

function BranchLifeCard({ orgId, orgName }: { orgId: number; orgName: string }) {
  const { t } = useTranslation();
  const branch = useComplianceBranch(orgId, new Date().getFullYear());
  const d = branch.data;
  return (
    <Card
      title={t('meetings.compliance.homeTitle', { name: orgName })}
      extra={
        <Link to={`/compliance/branches/${orgId}`}>
          {t('meetings.compliance.homeDetail')} <RightOutlined />
        </Link>
      }
      style={{ marginBottom: 16 }}
      data-testid={`branch-life-${orgId}`}
    >
      {branch.isLoading ? (
        <Skeleton active paragraph={{ rows: 2 }} />
      ) : !d ? (
        <Typography.Text type="secondary">{errorMessage(branch.error)}</Typography.Text>
      ) : (
        <Flex vertical gap={12}>
          {d.missingNow.length === 0 ? (
            <Typography.Text type="success">{t('meetings.compliance.noMissing')}</Typography.Text>
          ) : (
            <div>
              <Typography.Text strong>{t('meetings.compliance.homeMissing', { n: d.missingNow.length })}</Typography.Text>
              <MissingObligationList items={d.missingNow} size="small" />
            </div>
          )}
          {d.inactiveMembers.length === 0 ? (
            <Typography.Text type="secondary">{t('meetings.compliance.noInactive')}</Typography.Text>
          ) : (
            <div>
              <Typography.Text strong>{t('meetings.compliance.homeInactive', { n: d.inactiveMembers.length })}</Typography.Text>
              <List
                size="small"
                dataSource={d.inactiveMembers.slice(0, INACTIVE_SHOWN)}
                rowKey={(x) => x.person.id}
                renderItem={(x) => (
                  <List.Item>
                    <InactiveMemberLine member={x} />
                  </List.Item>
                )}
              />
              {d.inactiveMembers.length > INACTIVE_SHOWN ? (
                <Link to={`/compliance/branches/${orgId}`}>{t('meetings.compliance.homeDetail')} …</Link>
              ) : null}
            </div>
          )}
        </Flex>
      )}
    </Card>
  );
}
