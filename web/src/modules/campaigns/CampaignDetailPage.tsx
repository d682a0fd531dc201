import { ArrowLeftOutlined, EditOutlined, SendOutlined, StopOutlined } from '@ant-design/icons';
import type { Campaign } from '@guantong/shared';
import { Alert, App, Button, Card, Col, Flex, Result, Row, Skeleton, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { errorMessage } from '../../api/client';
import { PageHeader } from '../../components/PageHeader';
import { formatDate, formatNumber } from '../../i18n/format';
import { toLang } from '../../i18n/languages';
import { AnswerForm } from './AnswerForm';
import { AnswersPanel } from './AnswersPanel';
import { PhaseTag } from './CampaignBits';
import { CampaignFormModal } from './CampaignFormModal';
import { useCampaign, useCampaignStatus } from './campaigns.api';
import { ParticipationPanel } from './ParticipationPanel';

/** `/mission/campaigns/:id`. */
export function CampaignDetailRoute() {
  const { id } = useParams();
  return <CampaignDetailPage id={id && /^\d{1,9}$/.test(id) ? Number(id) : null} />;
}

function CampaignDetailPage({ id }: { id: number | null }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const campaign = useCampaign(id);
  const back = (
    <Button
      type="link"
      icon={<ArrowLeftOutlined />}
      onClick={() => navigate('/mission/campaigns')}
      style={{ paddingInline: 0, marginBottom: 8 }}
    >
      {t('campaigns.actions.back')}
    </Button>
  );
  if (id === null || campaign.isError) {
    return (
      <>
        {back}
        <Result status="404" title={t('campaigns.detail.notFound')} subTitle={campaign.error ? errorMessage(campaign.error) : undefined} />
      </>
    );
  }
  if (!campaign.data) {
    return (
      <>
        {back}
        <Skeleton active paragraph={{ rows: 8 }} />
      </>
    );
  }
  return (
    <>
      {back}
      <CampaignView c={campaign.data} />
    </>
  );
}

function CampaignView({ c }: { c: Campaign }) {
  const { t, i18n } = useTranslation();
  const lang = toLang(i18n.language);
  const { modal, message } = App.useApp();
  const [params] = useSearchParams();
  const highlight = params.get('answer') ? Number(params.get('answer')) : null;
  const status = useCampaignStatus();
  const [editing, setEditing] = useState(false);
  const act = (action: 'publish' | 'close') =>
    modal.confirm({
      title: action === 'publish' ? t('campaigns.actions.publish') : t('campaigns.actions.close'),
      content: action === 'publish' ? t('campaigns.actions.confirmPublish') : t('campaigns.actions.confirmClose'),
      okText: t('common.actions.ok'),
      cancelText: t('common.actions.cancel'),
      onOk: async () => {
        try {
          await status.mutateAsync({ id: c.id, action });
          void message.success(action === 'publish' ? t('campaigns.actions.published') : t('campaigns.actions.closed'));
        } catch (error) {
          void message.error(errorMessage(error));
        }
      },
    });
  const answerHint =
    c.phase === 'ended'
      ? t('campaigns.answer.ended')
      : c.phase === 'upcoming'
        ? t('campaigns.answer.upcoming')
        : c.phase === 'draft'
          ? t('campaigns.answer.draft')
          : c.canOrganise
            ? null
            : t('campaigns.answer.outside');
  return (
    <>
      <PageHeader
        title={
          <Flex gap={8} align="center" wrap>
            {c.title}
            <PhaseTag phase={c.phase} />
          </Flex>
        }
        subtitle={`${t('campaigns.detail.audience', { org: c.org.name })} · ${t('campaigns.detail.period', { from: formatDate(c.startsOn, lang), to: formatDate(c.endsOn, lang) })}`}
        extra={
          c.canOrganise ? (
            <>
              {c.status !== 'closed' ? (
                <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
                  {t('campaigns.actions.edit')}
                </Button>
              ) : null}
              {c.status === 'draft' ? (
                <Button type="primary" icon={<SendOutlined />} onClick={() => act('publish')}>
                  {t('campaigns.actions.publish')}
                </Button>
              ) : null}
              {c.status === 'published' ? (
                <Button danger icon={<StopOutlined />} onClick={() => act('close')}>
                  {t('campaigns.actions.close')}
                </Button>
              ) : null}
            </>
          ) : null
        }
      />
      <Flex vertical gap={16}>
        <Card style={{ background: '#FFF8F6', borderColor: '#F5D0CC' }}>
          <Typography.Text type="secondary">{t('campaigns.detail.question')}</Typography.Text>
          <Typography.Title level={3} style={{ margin: '4px 0 8px', color: '#8C1A10' }}>
            {c.question}
          </Typography.Title>
          {c.description ? (
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 8 }}>{c.description}</Typography.Paragraph>
          ) : null}
          <Typography.Text type="secondary">
            {t('campaigns.detail.counts', {
              answers: formatNumber(c.answers, lang),
              respondents: formatNumber(c.respondents, lang),
              shortlisted: formatNumber(c.shortlisted, lang),
              adopted: formatNumber(c.adopted, lang),
            })}
          </Typography.Text>
        </Card>
        {c.phase === 'draft' ? <Alert type="info" showIcon title={t('campaigns.detail.draftHint')} /> : null}
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={c.canAnswer ? 15 : 24}>
            <Card size="small">
              <Tabs
                items={[
                  {
                    key: 'answers',
                    label: c.canOrganise ? t('campaigns.answers.tab', { n: c.answers }) : t('campaigns.answers.tabPlain'),
                    children: <AnswersPanel campaign={c} highlight={highlight} />,
                  },
                  { key: 'participation', label: t('campaigns.participation.tab'), children: <ParticipationPanel campaignId={c.id} /> },
                ]}
              />
            </Card>
          </Col>
          {c.canAnswer ? (
            <Col xs={24} xl={9}>
              <AnswerForm campaign={c} />
            </Col>
          ) : answerHint ? (
            <Col xs={24} style={{ order: -1 }}>
              <Alert type="info" showIcon title={answerHint} />
            </Col>
          ) : null}
        </Row>
      </Flex>
      <CampaignFormModal open={editing} campaign={c} onClose={() => setEditing(false)} onDone={() => setEditing(false)} />
    </>
  );
}
