import { CheckOutlined, DownloadOutlined, EditOutlined, FileOutlined, StarFilled, StarOutlined, TagsOutlined } from '@ant-design/icons';
import { CAMPAIGN_ANSWER_FILTERS, type Campaign, type CampaignAnswer, type CampaignAnswerListQuery } from '@guantong/shared';
import { Alert, App, Button, Card, Empty, Flex, Input, List, Popover, Segmented, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { errorMessage } from '../../api/client';
import { formatDateTime, formatNumber } from '../../i18n/format';
import { toLang } from '../../i18n/languages';
import { TaskStatusTag } from '../tasks/TaskBits';
import { AdoptModal } from './AdoptModal';
import { exportAnswers, useAnswers, useEditAnswer, useReviewAnswer } from './campaigns.api';

type Filter = (typeof CAMPAIGN_ANSWER_FILTERS)[number];

function TagEditor({
  answer,
  options,
  onSave,
  saving,
}: {
  answer: CampaignAnswer;
  options: string[];
  onSave: (tags: string[]) => void;
  saving: boolean;
}) {
  const { t } = useTranslation();
  const [tags, setTags] = useState(answer.tags);
  return (
    <Flex vertical gap={8} style={{ width: 280 }}>
      <Select
        mode="tags"
        value={tags}
        onChange={setTags}
        options={options.map((o) => ({ value: o, label: o }))}
        placeholder={t('campaigns.answers.tagsPlaceholder')}
        aria-label={t('campaigns.answers.tag')}
        style={{ width: '100%' }}
      />
      <Button type="primary" size="small" icon={<CheckOutlined />} loading={saving} onClick={() => onSave(tags)}>
        {t('campaigns.answers.saveTags')}
      </Button>
    </Flex>
  );
}

/** Inline editor of the member's own answer text. */
function AnswerEditor({ answer, onDone }: { answer: CampaignAnswer; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [text, setText] = useState(answer.text);
  const edit = useEditAnswer();
  const tooShort = text.trim().length < 2;
  return (
    <Flex vertical gap={8} style={{ marginBottom: 8 }}>
      <Input.TextArea
        aria-label={t('campaigns.answers.editTitle')}
        value={text}
        onChange={(e) => setText(e.target.value)}
        autoSize={{ minRows: 3, maxRows: 10 }}
        maxLength={5000}
        status={tooShort ? 'error' : undefined}
        autoFocus
      />
      {tooShort ? <Typography.Text type="danger">{t('campaigns.answers.tooShort')}</Typography.Text> : null}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('campaigns.answers.editHint')}
      </Typography.Text>
      <Flex gap={8}>
        <Button
          type="primary"
          size="small"
          disabled={tooShort || text.trim() === answer.text}
          loading={edit.isPending}
          onClick={() =>
            edit
              .mutateAsync({ id: answer.id, input: { text: text.trim() } })
              .then(() => {
                void message.success(t('campaigns.answers.saved'));
                onDone();
              })
              .catch((e: unknown) => void message.error(errorMessage(e)))
          }
        >
          {t('campaigns.answers.save')}
        </Button>
        <Button size="small" onClick={onDone}>
          {t('campaigns.answers.cancel')}
        </Button>
      </Flex>
    </Flex>
  );
}

/** The answers the user may see, filterable; organisers tag, shortlist and adopt them here; members edit their own. */
export function AnswersPanel({ campaign, highlight }: { campaign: Campaign; highlight: number | null }) {
  const { t, i18n } = useTranslation();
  const lang = toLang(i18n.language);
  const { message } = App.useApp();
  const [q, setQ] = useState<CampaignAnswerListQuery>({ page: 1, pageSize: 20, filter: 'all', order: 'desc' });
  const [search, setSearch] = useState('');
  const [adopting, setAdopting] = useState<CampaignAnswer | null>(null);
  const [tagging, setTagging] = useState<number | null>(null);
  const [editing, setEditing] = useState<number | null>(null);
  const [exporting, setExporting] = useState(false);
  const answers = useAnswers(campaign.id, q);
  const review = useReviewAnswer();
  const organiser = campaign.canOrganise;
  const filtered = q.filter !== 'all' || Boolean(q.tag) || Boolean(q.q);

  const doReview = async (a: CampaignAnswer, input: { tags?: string[]; shortlisted?: boolean }) => {
    try {
      await review.mutateAsync({ id: a.id, input });
      setTagging(null);
    } catch (error) {
      void message.error(errorMessage(error));
    }
  };

  return (
    <Flex vertical gap={12}>
      <Flex gap={12} wrap align="center">
        <Segmented
          value={q.filter}
          onChange={(v) => setQ({ ...q, filter: v as Filter, page: 1 })}
          options={CAMPAIGN_ANSWER_FILTERS.map((f) => ({ value: f, label: t(`campaigns.answers.filter.${f}`) }))}
        />
        {campaign.tags.length > 0 ? (
          <Select
            allowClear
            placeholder={t('campaigns.answers.tagAll')}
            aria-label={t('campaigns.answers.tag')}
            value={q.tag}
            style={{ width: 150 }}
            onChange={(v: string | undefined) => setQ({ ...q, tag: v, page: 1 })}
            options={campaign.tags.map((tag) => ({ value: tag, label: tag }))}
          />
        ) : null}
        <Input.Search
          allowClear
          aria-label={t('campaigns.answers.search')}
          placeholder={t('campaigns.answers.search')}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          onSearch={(v) => setQ({ ...q, q: v.trim() || undefined, page: 1 })}
          style={{ width: 220 }}
        />
        {organiser ? (
          <Button
            icon={<DownloadOutlined />}
            loading={exporting}
            disabled={(answers.data?.total ?? 0) === 0}
            style={{ marginInlineStart: 'auto' }}
            onClick={() => {
              setExporting(true);
              exportAnswers(campaign.id, q)
                .then((name) => void message.success(t('campaigns.answers.exported', { name })))
                .catch((e: unknown) => void message.error(errorMessage(e)))
                .finally(() => setExporting(false));
            }}
          >
            {t('campaigns.answers.export')}
          </Button>
        ) : null}
      </Flex>
      {answers.error ? <Alert type="error" showIcon title={errorMessage(answers.error)} /> : null}
      <List<CampaignAnswer>
        loading={answers.isFetching}
        dataSource={answers.data?.items ?? []}
        locale={{
          emptyText: (
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description={filtered ? t('campaigns.answers.emptyFiltered') : t('campaigns.answers.empty')}
            />
          ),
        }}
        pagination={
          (answers.data?.total ?? 0) > q.pageSize
            ? {
                current: q.page,
                pageSize: q.pageSize,
                total: answers.data?.total ?? 0,
                onChange: (page) => setQ({ ...q, page }),
                showTotal: (total) => t('common.table.total', { total: formatNumber(total, lang) }),
              }
            : false
        }
        renderItem={(a) => (
          <List.Item key={a.id} style={{ padding: 0, border: 'none', marginBottom: 12 }}>
            <Card
              size="small"
              style={{ width: '100%', borderColor: highlight === a.id ? '#1677FF' : undefined }}
              data-answer-id={a.id}
              title={
                <Flex gap={8} align="center" wrap>
                  <Typography.Text strong>{a.person?.name ?? a.submittedBy?.displayName ?? t('common.empty')}</Typography.Text>
                  <Typography.Text type="secondary" style={{ fontWeight: 'normal', fontSize: 13 }}>
                    {a.org.name} · {formatDateTime(a.createdAt, lang)}
                  </Typography.Text>
                  {a.shortlisted ? (
                    <Tag color="gold" icon={<StarFilled />}>
                      {t('campaigns.answers.shortlisted')}
                    </Tag>
                  ) : null}
                </Flex>
              }
              extra={
                organiser ? (
                  <Space size={4} wrap>
                    {a.canEdit && editing !== a.id ? (
                      <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(a.id)}>
                        {t('campaigns.answers.edit')}
                      </Button>
                    ) : null}
                    {a.task ? null : (
                      <Button
                        size="small"
                        icon={a.shortlisted ? <StarFilled /> : <StarOutlined />}
                        onClick={() => void doReview(a, { shortlisted: !a.shortlisted })}
                      >
                        {a.shortlisted ? t('campaigns.actions.unshortlist') : t('campaigns.actions.shortlist')}
                      </Button>
                    )}
                    <Popover
                      trigger="click"
                      open={tagging === a.id}
                      onOpenChange={(open) => setTagging(open ? a.id : null)}
                      content={
                        <TagEditor
                          answer={a}
                          options={campaign.tags}
                          saving={review.isPending}
                          onSave={(tags) => void doReview(a, { tags })}
                        />
                      }
                    >
                      <Button size="small" icon={<TagsOutlined />}>
                        {t('campaigns.actions.editTags')}
                      </Button>
                    </Popover>
                    {a.task ? null : (
                      <Button
                        size="small"
                        type={a.shortlisted ? 'primary' : 'default'}
                        onClick={() => setAdopting(a)}
                        disabled={campaign.phase === 'draft'}
                      >
                        {t('campaigns.actions.adopt')}
                      </Button>
                    )}
                  </Space>
                ) : a.canEdit && editing !== a.id ? (
                  <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(a.id)}>
                    {t('campaigns.answers.edit')}
                  </Button>
                ) : null
              }
            >
              {editing === a.id ? (
                <AnswerEditor answer={a} onDone={() => setEditing(null)} />
              ) : (
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 8 }}>{a.text}</Typography.Paragraph>
              )}
              <Flex gap={8} wrap align="center">
                {a.tags.map((tag) => (
                  <Tag key={tag}>{tag}</Tag>
                ))}
                {a.files.map((f) => (
                  <a key={f.id} href={f.url} target="_blank" rel="noreferrer">
                    <FileOutlined /> {f.name}
                  </a>
                ))}
                {a.submittedBy && a.person && a.submittedBy.displayName !== a.person.name ? (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('campaigns.answers.recordedBy', { name: a.submittedBy.displayName })}
                  </Typography.Text>
                ) : null}
              </Flex>
              {a.task ? (
                <Alert
                  type="success"
                  showIcon
                  style={{ marginTop: 8 }}
                  title={
                    <Flex gap={8} align="center" wrap>
                      <span>{t('campaigns.answers.adoptedTask')}</span>
                      <Link to={`/tasks/${a.task.id}`} state={{ from: `/mission/campaigns/${campaign.id}` }}>
                        {a.task.title}
                      </Link>
                      <TaskStatusTag status={a.task.status} />
                    </Flex>
                  }
                />
              ) : null}
            </Card>
          </List.Item>
        )}
      />
      <AdoptModal answer={adopting} onClose={() => setAdopting(null)} />
    </Flex>
  );
}
