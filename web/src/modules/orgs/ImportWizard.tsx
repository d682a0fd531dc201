import { ArrowLeftOutlined, CheckCircleOutlined, DownloadOutlined, InboxOutlined, ReloadOutlined } from '@ant-design/icons';
import type { ImportJob, ImportRow } from '@guantong/shared';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Flex,
  Popconfirm,
  Progress,
  Result,
  Skeleton,
  Steps,
  Table,
  Tooltip,
  Typography,
  Upload,
} from 'antd';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ApiError, errorMessage } from '../../api/client';
import { PageHeader } from '../../components/PageHeader';
import { useUrlState } from '../../components/useUrlState';
import { formatDateTime, formatNumber } from '../../i18n/format';
import { toLang } from '../../i18n/languages';
import {
  downloadErrorFile,
  downloadTemplate,
  type ImportBase,
  useCommitImport,
  useDiscardImport,
  useImportJob,
  useImportRows,
  useUploadImport,
} from './imports.api';

const ROWS_PAGE = 10;

function parseJob(params: URLSearchParams): { job: number | null } {
  const raw = params.get('job');
  return { job: raw && /^\d{1,9}$/.test(raw) ? Number(raw) : null };
}

export interface ImportWizardProps {
  base: ImportBase;
  title: string;
  /** Where "back" and the result's main button lead (the roster or the tree). */
  backTo: string;
}

/**
 * The Excel import in four steps: download the template, upload (with progress), see every row's errors (and
 * download the file back with an error column), then import all-or-nothing or only the valid rows. The upload's
 * id is kept in the URL, so the user can leave and come back to the preview.
 */
export function ImportWizard({ base, title, backTo }: ImportWizardProps) {
  const { t, i18n } = useTranslation();
  const lang = toLang(i18n.language);
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [{ job: jobId }, setUrl] = useUrlState(parseJob);
  const job = useImportJob(base, jobId);
  const upload = useUploadImport(base);
  const [progress, setProgress] = useState<number | null>(null);
  const [uploadError, setUploadError] = useState<string | null>(null);
  const [downloading, setDownloading] = useState(false);

  const download = (fn: () => Promise<string>) => {
    setDownloading(true);
    fn()
      .then((name) => void message.success(t('orgs.import.templateDone', { name })))
      .catch((error: unknown) => void message.error(errorMessage(error)))
      .finally(() => setDownloading(false));
  };

  const startUpload = async (file: File) => {
    if (!/\.xlsx$/i.test(file.name)) {
      setUploadError(t('orgs.import.onlyXlsx'));
      return;
    }
    setUploadError(null);
    setProgress(0);
    try {
      const created = await upload.mutateAsync({ file, onProgress: setProgress });
      setUrl({ job: created.id });
    } catch (error) {
      setUploadError(errorMessage(error));
    } finally {
      setProgress(null);
    }
  };

  const restart = () => {
    setUploadError(null);
    setUrl({ job: null });
  };

  const data = job.data;
  const step = !data ? (jobId === null ? 1 : 2) : data.status === 'committed' ? 3 : 2;
  const isPeople = base === '/api/people';

  const header = (
    <PageHeader
      title={title}
      subtitle={t('orgs.import.subtitle')}
      extra={
        <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(backTo)}>
          {t('orgs.import.back')}
        </Button>
      }
    />
  );

  const templateCard = (
    <Card size="small" title={t('orgs.import.templateTitle')}>
      <Typography.Paragraph type="secondary">{t('orgs.import.templateText')}</Typography.Paragraph>
      <Button icon={<DownloadOutlined />} loading={downloading} onClick={() => download(() => downloadTemplate(base))}>
        {t('orgs.import.templateButton')}
      </Button>
    </Card>
  );

  const uploadCard = (
    <Card size="small" title={t('orgs.import.uploadTitle')}>
      {progress !== null ? (
        <Flex vertical align="center" gap={8} style={{ padding: 24 }} role="status" aria-live="polite">
          <Progress type="circle" percent={progress} size={80} status="active" />
          <Typography.Text>{t('orgs.import.uploading')}</Typography.Text>
        </Flex>
      ) : (
        <Upload.Dragger
          accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          multiple={false}
          showUploadList={false}
          beforeUpload={(file) => {
            void startUpload(file);
            return false;
          }}
          aria-label={t('orgs.import.uploadLabel')}
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">{t('orgs.import.drag')}</p>
          <p className="ant-upload-hint">{t('orgs.import.dragHint')}</p>
        </Upload.Dragger>
      )}
      {uploadError ? <Alert type="error" showIcon style={{ marginTop: 12 }} title={uploadError} /> : null}
    </Card>
  );

  let body: ReactNode;
  if (jobId === null) {
    body = (
      <Flex vertical gap={16}>
        {templateCard}
        {uploadCard}
      </Flex>
    );
  } else if (job.isLoading) {
    body = (
      <Card>
        <Skeleton active paragraph={{ rows: 6 }} />
      </Card>
    );
  } else if (job.isError || !data) {
    const missing = job.error instanceof ApiError && job.error.status === 404;
    body = (
      <Card>
        <Result
          status="warning"
          title={missing ? t('orgs.import.notFound') : errorMessage(job.error)}
          extra={
            <Button type="primary" onClick={restart}>
              {t('orgs.import.reupload')}
            </Button>
          }
        />
      </Card>
    );
  } else if (data.status === 'discarded') {
    body = (
      <Card>
        <Result
          status="info"
          title={t('orgs.import.discardedState')}
          extra={
            <Button type="primary" onClick={restart}>
              {t('orgs.import.reupload')}
            </Button>
          }
        />
      </Card>
    );
  } else if (data.status === 'committed') {
    const skipped = data.mode === 'valid_only' ? data.errorRows : 0;
    body = (
      <Card>
        <Result
          status="success"
          icon={<CheckCircleOutlined />}
          title={t('orgs.import.doneTitle')}
          subTitle={
            <>
              <div>
                {skipped > 0
                  ? t('orgs.import.doneSkipped', {
                      created: formatNumber(data.createdCount ?? 0, lang),
                      skipped: formatNumber(skipped, lang),
                    })
                  : t('orgs.import.doneText', { created: formatNumber(data.createdCount ?? 0, lang) })}
              </div>
              <div>
                {t('orgs.import.fileInfo', {
                  file: data.fileName,
                  by: data.createdBy,
                  time: formatDateTime(data.committedAt ?? data.createdAt, lang),
                })}
              </div>
            </>
          }
          extra={[
            <Button key="open" type="primary" onClick={() => navigate(backTo)}>
              {isPeople ? t('orgs.import.viewRoster') : t('orgs.import.viewTree')}
            </Button>,
            ...(skipped > 0
              ? [
                  <Button
                    key="errors"
                    icon={<DownloadOutlined />}
                    onClick={() => download(() => downloadErrorFile(base, data.id, 'errors'))}
                  >
                    {t('orgs.import.downloadErrors')}
                  </Button>,
                ]
              : []),
            <Button key="again" onClick={restart}>
              {t('orgs.import.again')}
            </Button>,
          ]}
        />
      </Card>
    );
  } else {
    body = <ImportPreview base={base} job={data} onRestart={restart} downloading={downloading} onDownload={download} />;
  }

  return (
    <>
      {header}
      <Card style={{ marginBottom: 16 }} styles={{ body: { paddingBlock: 16 } }}>
        <Steps
          size="small"
          current={step}
          status={step === 3 ? 'finish' : 'process'}
          items={[
            { title: t('orgs.import.steps.template') },
            { title: t('orgs.import.steps.upload') },
            { title: t('orgs.import.steps.check') },
            { title: t('orgs.import.steps.done') },
          ]}
        />
      </Card>
      {body}
    </>
  );
}

interface PreviewProps {
  base: ImportBase;
  job: ImportJob;
  onRestart: () => void;
  downloading: boolean;
  onDownload: (fn: () => Promise<string>) => void;
}

/** The result of the checks: the error rows (or a preview of the data) and the import choices. */
function ImportPreview({ base, job, onRestart, downloading, onDownload }: PreviewProps) {
  const { t, i18n } = useTranslation();
  const lang = toLang(i18n.language);
  const { message } = App.useApp();
  const [page, setPage] = useState(1);
  const hasErrors = job.errorRows > 0;
  const rows = useImportRows(base, job.id, page, ROWS_PAGE, hasErrors);
  const commit = useCommitImport(base);
  const discard = useDiscardImport(base);
  const n = (v: number) => formatNumber(v, lang);

  const doCommit = (mode: 'all_or_nothing' | 'valid_only') =>
    commit.mutateAsync({ id: job.id, mode }).catch((error: unknown) => {
      void message.error(t('orgs.import.failed', { message: errorMessage(error) }));
    });

  const doDiscard = () =>
    discard
      .mutateAsync(job.id)
      .then(() => {
        void message.success(t('orgs.import.discarded'));
        onRestart();
      })
      .catch((error: unknown) => void message.error(errorMessage(error)));

  // The key columns (the first two of the template: 工号 + 姓名, or 编码 + 名称) identify a row for the reader.
  const keyColumns = job.columns.slice(0, 2);
  const errorColumns = [
    { title: t('orgs.import.columns.row'), dataIndex: 'row', key: 'row', width: 72 },
    {
      title: t('orgs.import.columns.values'),
      key: 'values',
      width: 220,
      render: (_: unknown, r: ImportRow) =>
        keyColumns
          .map((c) => r.values[c.key])
          .filter(Boolean)
          .join(' · ') || t('common.empty'),
    },
    {
      title: t('orgs.import.columns.message'),
      key: 'errors',
      render: (_: unknown, r: ImportRow) => (
        <ul style={{ margin: 0, paddingInlineStart: 18 }}>
          {r.errors.map((e) => (
            <li key={`${e.field ?? ''}-${e.code}`}>
              {e.column ? <Typography.Text strong>{t('orgs.import.columnPrefix', { column: e.column })}</Typography.Text> : null}
              <Typography.Text type="danger">{e.message}</Typography.Text>
              {e.field && r.values[e.field] ? (
                <Typography.Text type="secondary">{t('orgs.import.valueWas', { value: r.values[e.field] })}</Typography.Text>
              ) : null}
            </li>
          ))}
        </ul>
      ),
    },
  ];
  const previewColumns = [
    { title: t('orgs.import.columns.row'), dataIndex: 'row', key: 'row', width: 64, fixed: 'left' as const },
    ...job.columns.map((c) => ({
      title: c.header,
      key: c.key,
      width: 120,
      ellipsis: true,
      render: (_: unknown, r: ImportRow) => r.values[c.key] ?? '',
    })),
  ];

  return (
    <Flex vertical gap={16}>
      <Card size="small">
        <Descriptions
          size="small"
          column={{ xs: 1, md: 2 }}
          items={[
            {
              key: 'file',
              label: t('orgs.import.steps.upload'),
              children: t('orgs.import.fileInfo', { file: job.fileName, by: job.createdBy, time: formatDateTime(job.createdAt, lang) }),
            },
            {
              key: 'summary',
              label: t('orgs.import.steps.check'),
              children: t('orgs.import.summary', { total: n(job.totalRows), valid: n(job.validRows), errors: n(job.errorRows) }),
            },
          ]}
        />
        {hasErrors ? (
          <Alert
            type="error"
            showIcon
            style={{ marginTop: 8 }}
            title={t('orgs.import.hasErrors', { count: job.errorRows })}
            description={t('orgs.import.hasErrorsText')}
          />
        ) : (
          <Alert
            type="success"
            showIcon
            style={{ marginTop: 8 }}
            title={t('orgs.import.allValid', { total: n(job.totalRows) })}
            description={t('orgs.import.allValidText')}
          />
        )}
        <Flex gap={8} wrap style={{ marginTop: 12 }}>
          {hasErrors ? (
            <>
              <Button
                type="primary"
                icon={<DownloadOutlined />}
                loading={downloading}
                onClick={() => onDownload(() => downloadErrorFile(base, job.id, 'all'))}
              >
                {t('orgs.import.downloadErrors')}
              </Button>
              <Button icon={<ReloadOutlined />} onClick={onRestart}>
                {t('orgs.import.reupload')}
              </Button>
              <Tooltip title={t('orgs.import.allBlocked')}>
                <Button disabled>{t('orgs.import.importAll', { count: job.totalRows })}</Button>
              </Tooltip>
              {job.validRows > 0 ? (
                <Popconfirm
                  title={t('orgs.import.importValidConfirm', { valid: n(job.validRows), errors: n(job.errorRows) })}
                  description={t('orgs.import.importValidHint')}
                  okText={t('common.actions.ok')}
                  cancelText={t('common.actions.cancel')}
                  onConfirm={() => doCommit('valid_only')}
                >
                  <Button loading={commit.isPending}>{t('orgs.import.importValid', { count: job.validRows })}</Button>
                </Popconfirm>
              ) : null}
            </>
          ) : (
            <Button type="primary" loading={commit.isPending} onClick={() => void doCommit('all_or_nothing')}>
              {t('orgs.import.importAll', { count: job.totalRows })}
            </Button>
          )}
          <Popconfirm
            title={t('orgs.import.discard')}
            okText={t('common.actions.ok')}
            cancelText={t('common.actions.cancel')}
            onConfirm={() => doDiscard()}
          >
            <Button type="text" danger loading={discard.isPending}>
              {t('orgs.import.discard')}
            </Button>
          </Popconfirm>
        </Flex>
      </Card>
      <Card size="small" title={hasErrors ? t('orgs.import.errorsTitle', { count: job.errorRows }) : t('orgs.import.rowsTitle')}>
        {rows.error ? <Alert type="error" showIcon title={errorMessage(rows.error)} style={{ marginBottom: 12 }} /> : null}
        <Table<ImportRow>
          size="small"
          rowKey="row"
          loading={rows.isFetching}
          dataSource={rows.data?.items}
          columns={hasErrors ? errorColumns : previewColumns}
          scroll={hasErrors ? undefined : { x: 64 + job.columns.length * 120 }}
          pagination={{
            current: page,
            pageSize: ROWS_PAGE,
            total: rows.data?.total ?? 0,
            showSizeChanger: false,
            onChange: setPage,
            showTotal: (total) => t('common.table.total', { total: formatNumber(total, lang) }),
          }}
        />
      </Card>
    </Flex>
  );
}
