import { PlusOutlined, SettingOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Select, Table, Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { Route, Routes, useNavigate } from 'react-router';
import { OrgTreeSelect } from '../../components/OrgTreeSelect';
import { PageHeader } from '../../components/PageHeader';
import { useUrlState } from '../../components/useUrlState';
import { formatNumber } from '../../i18n/format';
import { toLang } from '../../i18n/languages';
import { useCurrentUser } from '../auth/auth.api';
import { CheckinScreen, CheckinSubmitPage } from './CheckinPages';
import { MeetingCalendar } from './MeetingCalendar';
import { MeetingDetailPage } from './MeetingDetailPage';
import { MeetingFormPage } from './MeetingFormPage';
import { MeetingList } from './MeetingList';
import { MeetingTypesPage, useManagesMeetingTypes } from './MeetingTypesPage';
import { usePlannedHeld } from './meetings.api';

/** Roles that record meetings (see the server's MEETING_WRITE_ROLES). */
export const MEETING_WRITERS = ['org_admin', 'secretary'] as const;

/** /meetings and its sub-pages: calendar + register, form, detail, check-in screen, member check-in. */
export function MeetingsModule() {
  return (
    <Routes>
      <Route index element={<MeetingsHome />} />
      <Route path="new" element={<MeetingFormPage />} />
      <Route path="checkin" element={<CheckinSubmitPage />} />
      <Route path="types" element={<MeetingTypesPage />} />
      <Route path=":id" element={<MeetingDetailPage />} />
      <Route path=":id/edit" element={<MeetingFormPage />} />
      <Route path=":id/checkin" element={<CheckinScreen />} />
    </Routes>
  );
}

function PlannedHeldView({ orgId }: { orgId: number | undefined }) {
  const { t, i18n } = useTranslation();
  const lang = toLang(i18n.language);
  const [state, setState] = useUrlState((p) => ({ year: Number(p.get('year')) || new Date().getFullYear() }));
  const data = usePlannedHeld(orgId, state.year);
  const years = Array.from({ length: 4 }, (_, i) => new Date().getFullYear() - i);
  return (
    <Flex vertical gap={12}>
      <Flex gap={8} align="center">
        <span>{t('meetings.year')}</span>
        <Select
          aria-label={t('meetings.year')}
          value={state.year}
          style={{ width: 110 }}
          options={years.map((y) => ({ value: y, label: y }))}
          onChange={(v) => setState({ year: v })}
        />
      </Flex>
      <Table
        rowKey="typeCode"
        size="middle"
        loading={data.isLoading}
        pagination={false}
        dataSource={data.data?.rows ?? []}
        columns={[
          { title: t('meetings.columns.type'), dataIndex: 'typeName' },
          { title: t('meetings.columns.planned'), dataIndex: 'planned', align: 'right', render: (v: number) => formatNumber(v, lang) },
          { title: t('meetings.columns.held'), dataIndex: 'held', align: 'right', render: (v: number) => formatNumber(v, lang) },
          { title: t('meetings.columns.cancelled'), dataIndex: 'cancelled', align: 'right', render: (v: number) => formatNumber(v, lang) },
          {
            title: t('meetings.columns.overdue'),
            dataIndex: 'overdue',
            align: 'right',
            render: (v: number) => <span style={{ color: v > 0 ? '#CF1322' : undefined }}>{formatNumber(v, lang)}</span>,
          },
          { title: t('meetings.columns.upcoming'), dataIndex: 'upcoming', align: 'right', render: (v: number) => formatNumber(v, lang) },
        ]}
      />
    </Flex>
  );
}

/** The meetings landing page: calendar (month/week), the register (list) and planned vs held, for an org subtree. */
function MeetingsHome() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const me = useCurrentUser();
  const canWrite = me.roles.some((r) => (MEETING_WRITERS as readonly string[]).includes(r));
  const managesTypes = useManagesMeetingTypes();
  const [state, setState] = useUrlState((p) => ({ tab: p.get('tab') ?? 'calendar', orgId: Number(p.get('orgId')) || undefined }));
  return (
    <>
      <PageHeader
        title={t('meetings.title')}
        subtitle={t('meetings.subtitle')}
        extra={
          <Flex gap={8} wrap>
            {managesTypes ? (
              <Button icon={<SettingOutlined />} onClick={() => navigate('/meetings/types')}>
                {t('meetings.types.settings')}
              </Button>
            ) : null}
            {canWrite ? (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => navigate(`/meetings/new${state.orgId ? `?orgId=${state.orgId}` : ''}`)}
              >
                {t('meetings.newMeeting')}
              </Button>
            ) : null}
          </Flex>
        }
      />
      <Card>
        <Flex gap={8} align="center" wrap style={{ marginBottom: 8 }}>
          <span>{t('meetings.org')}</span>
          <div style={{ width: 320, maxWidth: '100%' }}>
            <OrgTreeSelect
              aria-label={t('meetings.org')}
              value={state.orgId}
              allowClear
              placeholder={t('meetings.orgPlaceholder')}
              onChange={(v) => setState({ orgId: v ?? null, page: 1 })}
            />
          </div>
        </Flex>
        <Tabs
          activeKey={state.tab}
          onChange={(k) => setState({ tab: k })}
          items={[
            { key: 'calendar', label: t('meetings.tabs.calendar'), children: <MeetingCalendar orgId={state.orgId} /> },
            { key: 'list', label: t('meetings.tabs.list'), children: <MeetingList orgId={state.orgId} /> },
            { key: 'planned', label: t('meetings.tabs.plannedHeld'), children: <PlannedHeldView orgId={state.orgId} /> },
          ]}
        />
      </Card>
    </>
  );
}
