import { ApartmentOutlined, RightOutlined } from '@ant-design/icons';
import { Card, Col, Descriptions, Empty, Flex, Row, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { RoleTag } from '../../components/RoleTag';
import { formatDate } from '../../i18n/format';
import { toLang } from '../../i18n/languages';
import { useCurrentUser } from '../auth/auth.api';
import { BranchLifeCards } from '../meetings/compliance/BranchLifeCard';
import { entriesFor } from '../registry';
import { MyTasksCard } from '../tasks/MyTasksCard';

/** 工作台: who the user is, the roles they hold at which organisations, and where they can go from here. */
export function HomePage() {
  const { t, i18n } = useTranslation();
  const lang = toLang(i18n.language);
  const me = useCurrentUser();
  const entries = useMemo(() => entriesFor(me.roles), [me.roles]);

  return (
    <>
      <PageHeader
        title={t('home.greeting', { name: me.displayName })}
        subtitle={[me.enterpriseName, t('home.today', { date: formatDate(new Date(), lang) })].filter(Boolean).join(' · ')}
      />
      <MyTasksCard />
      <BranchLifeCards />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card title={t('home.grantsTitle')}>
            {me.grants.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('home.noGrants')} />
            ) : (
              <>
                <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
                  {t('home.grantsHint')}
                </Typography.Paragraph>
                <ul aria-label={t('home.grantsTitle')} style={{ listStyle: 'none', margin: 0, padding: 0 }}>
                  {me.grants.map((g) => (
                    <li key={g.id} style={{ padding: '10px 0', borderTop: '1px solid #F0F0F0' }}>
                      <Flex gap={8} align="center" wrap>
                        <RoleTag role={g.role} />
                        <ApartmentOutlined style={{ color: '#8C8C8C' }} aria-hidden />
                        <Typography.Text strong>{g.orgName}</Typography.Text>
                        <Tag variant="filled">{t(`common.orgKinds.${g.orgKind}`)}</Tag>
                        <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                          {t('home.scopeSubtree')}
                        </Typography.Text>
                      </Flex>
                    </li>
                  ))}
                </ul>
              </>
            )}
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Flex vertical gap={16}>
            <Card title={t('home.shortcutsTitle')}>
              {entries.length === 0 ? (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('home.noShortcuts')} />
              ) : (
                <Flex vertical gap={8}>
                  {entries.map((e) => (
                    <Link key={e.key} to={e.path} className="gt-shortcut">
                      <span className="gt-shortcut-icon" aria-hidden>
                        {e.icon}
                      </span>
                      <span style={{ flex: 1, minWidth: 0 }}>
                        <span className="gt-shortcut-label">{t(e.labelKey)}</span>
                        <span className="gt-shortcut-group">{t(`common.elements.${e.element}`)}</span>
                      </span>
                      <RightOutlined aria-hidden style={{ color: '#BFBFBF' }} />
                    </Link>
                  ))}
                </Flex>
              )}
            </Card>
            <Card title={t('home.accountTitle')}>
              <Descriptions
                column={1}
                size="small"
                items={[
                  { key: 'username', label: t('home.username'), children: me.username },
                  ...(me.enterpriseName ? [{ key: 'enterprise', label: t('home.enterprise'), children: me.enterpriseName }] : []),
                ]}
              />
            </Card>
          </Flex>
        </Col>
      </Row>
    </>
  );
}
