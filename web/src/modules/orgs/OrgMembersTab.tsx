import { type OrgDetail, type PersonListItem, personListQuerySchema } from '@guantong/shared';
import { Alert, Button, Empty, Flex, Table, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { errorMessage } from '../../api/client';
import { formatNumber } from '../../i18n/format';
import { toLang } from '../../i18n/languages';
import { PartyStatusTag } from '../people/PersonBits';
import { usePeople } from '../people/people.api';

const SHOWN = 10;

/** 党员: the first people of the organisation's subtree, and a link to the roster filtered to it. */
export function OrgMembersTab({ org }: { org: OrgDetail }) {
  const { t, i18n } = useTranslation();
  const lang = toLang(i18n.language);
  const query = useMemo(() => personListQuerySchema.parse({ orgId: org.id, pageSize: SHOWN, sort: 'partyStatus' }), [org.id]);
  const people = usePeople(query);
  const total = people.data?.total ?? 0;
  const rosterLink = `/people?orgId=${org.id}`;

  return (
    <>
      {people.error ? <Alert type="error" showIcon title={errorMessage(people.error)} style={{ marginBottom: 12 }} /> : null}
      <Flex justify="space-between" align="center" gap={12} wrap style={{ marginBottom: 12 }}>
        <Typography.Text type="secondary">
          {t('orgs.members.hint', { total: formatNumber(total, lang), shown: Math.min(total, SHOWN) })}
        </Typography.Text>
        <Link to={rosterLink}>
          <Button type="primary" ghost>
            {t('orgs.actions.viewRoster')}
          </Button>
        </Link>
      </Flex>
      <Table<PersonListItem>
        size="small"
        rowKey="id"
        loading={people.isFetching}
        dataSource={people.data?.items}
        pagination={false}
        scroll={{ x: 640 }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('orgs.members.empty')} /> }}
        columns={[
          {
            title: t('people.columns.name'),
            key: 'name',
            width: 100,
            render: (_: unknown, p: PersonListItem) => <Link to={`/people/${p.id}`}>{p.name}</Link>,
          },
          { title: t('people.columns.employeeNo'), dataIndex: 'employeeNo', key: 'employeeNo', width: 110 },
          {
            title: t('people.columns.partyStatus'),
            key: 'partyStatus',
            width: 120,
            render: (_: unknown, p: PersonListItem) => <PartyStatusTag status={p.partyStatus} />,
          },
          {
            title: t('people.columns.org'),
            key: 'org',
            render: (_: unknown, p: PersonListItem) => [p.branch?.name ?? p.org.name, p.group?.name].filter(Boolean).join(' / '),
          },
          { title: t('people.columns.jobTitle'), dataIndex: 'jobTitle', key: 'jobTitle', width: 120 },
        ]}
      />
    </>
  );
}
