import { CheckCircleFilled, DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import type { ImportRowError, TaskImportResult } from '@guantong/shared';
import { Alert, App, Button, Flex, Form, Modal, Steps, Table, Typography, Upload } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, errorMessage } from '../../api/client';
import { OrgTreeSelect } from '../../components/OrgTreeSelect';
import { translateIfKnown } from '../../i18n/index';
import { toLang } from '../../i18n/languages';
import { useCurrentUser } from '../auth/auth.api';
import { downloadImportErrorFile, downloadImportTemplate, importTaskList } from './tasks.api';

export interface ImportTasksModalProps {
  onClose: () => void;
  onImported: (result: TaskImportResult) => void;
}

/** The import's outcome carried by a 422 IMPORT_HAS_ERRORS (same shape as a dry run). */
function resultOf(error: unknown): TaskImportResult | null {
  if (error instanceof ApiError && error.code === 'IMPORT_HAS_ERRORS' && error.details && typeof error.details === 'object') {
    return error.details as TaskImportResult;
  }
  return null;
}

/**
 * 导入年度任务清单: download the template, choose the owning organisation and the file, check it (dry run), read
 * the row errors or download the error file, then import — all or nothing.
 */
export function ImportTasksModal({ onClose, onImported }: ImportTasksModalProps) {
  const { t, i18n } = useTranslation();
  const en = toLang(i18n.language) === 'en';
  const { message } = App.useApp();
  const me = useCurrentUser();
  const [orgId, setOrgId] = useState<number | undefined>(
    () => me.grants.find((g) => g.role === 'org_admin' || g.role === 'secretary')?.orgId,
  );
  const [file, setFile] = useState<File | null>(null);
  const [checked, setChecked] = useState<TaskImportResult | null>(null);
  const [busy, setBusy] = useState<'check' | 'commit' | 'errors' | 'template' | null>(null);

  const errorRows = useMemo(() => new Set((checked?.errors ?? []).map((e) => e.row)).size, [checked]);
  const canCommit = checked !== null && checked.errors.length === 0 && file !== null && orgId !== undefined;

  const fail = (error: unknown) => void message.error(errorMessage(error));

  const check = () => {
    if (!file || !orgId) {
      return;
    }
    setBusy('check');
    importTaskList(orgId, file, true)
      .then(setChecked)
      .catch((error: unknown) => {
        setChecked(resultOf(error));
        fail(error);
      })
      .finally(() => setBusy(null));
  };

  const commit = () => {
    if (!file || !orgId) {
      return;
    }
    setBusy('commit');
    importTaskList(orgId, file, false)
      .then((r) => {
        void message.success(t('tasks.import.done', { count: r.imported }));
        onImported(r);
      })
      .catch((error: unknown) => {
        const r = resultOf(error);
        if (r) {
          setChecked(r);
        }
        fail(error);
      })
      .finally(() => setBusy(null));
  };

  const errorText = (e: ImportRowError) => (en ? translateIfKnown(`tasks.import.codes.${e.code}`, e.message) : e.message);

  return (
    <Modal
      open
      title={t('tasks.import.title')}
      onCancel={onClose}
      width={760}
      destroyOnHidden
      footer={
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onClose}>{t('common.actions.cancel')}</Button>
          <Button onClick={check} loading={busy === 'check'} disabled={!file || !orgId}>
            {busy === 'check' ? t('tasks.import.checking') : t('tasks.import.check')}
          </Button>
          <Button type="primary" onClick={commit} loading={busy === 'commit'} disabled={!canCommit}>
            {t('tasks.import.commit', { rows: checked?.rows ?? 0 })}
          </Button>
        </Flex>
      }
    >
      <Steps
        orientation="vertical"
        size="small"
        current={file ? (checked ? 2 : 1) : 0}
        items={[
          {
            title: t('tasks.import.step1'),
            content: (
              <Flex vertical gap={8} align="flex-start" style={{ paddingBottom: 8 }}>
                <Typography.Text type="secondary">{t('tasks.import.step1Help')}</Typography.Text>
                <Button
                  icon={<DownloadOutlined />}
                  loading={busy === 'template'}
                  onClick={() => {
                    setBusy('template');
                    downloadImportTemplate()
                      .catch(fail)
                      .finally(() => setBusy(null));
                  }}
                >
                  {t('tasks.import.template')}
                </Button>
              </Flex>
            ),
          },
          {
            title: t('tasks.import.step2'),
            content: (
              <Form layout="vertical" style={{ paddingTop: 8 }}>
                <Form.Item label={t('tasks.import.org')} extra={t('tasks.import.orgHelp')} htmlFor="task-import-org" required>
                  <OrgTreeSelect
                    id="task-import-org"
                    value={orgId ?? null}
                    onChange={(v) => {
                      setOrgId(v);
                      setChecked(null);
                    }}
                  />
                </Form.Item>
                <Form.Item label={t('tasks.import.file')} required>
                  <Upload.Dragger
                    accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                    maxCount={1}
                    beforeUpload={(f) => {
                      setFile(f);
                      setChecked(null);
                      return false;
                    }}
                    onRemove={() => {
                      setFile(null);
                      setChecked(null);
                    }}
                    fileList={file ? [{ uid: 'file', name: file.name, status: 'done' }] : []}
                  >
                    <p className="ant-upload-drag-icon">
                      <InboxOutlined />
                    </p>
                    <p className="ant-upload-text">{t('tasks.import.file')}</p>
                  </Upload.Dragger>
                </Form.Item>
              </Form>
            ),
          },
        ]}
      />
      {checked && checked.errors.length === 0 ? (
        <Alert type="success" showIcon icon={<CheckCircleFilled />} title={t('tasks.import.ok', { rows: checked.rows })} />
      ) : null}
      {checked && checked.errors.length > 0 ? (
        <Flex vertical gap={12}>
          <Alert
            type="error"
            showIcon
            title={t('tasks.import.hasErrors', { count: checked.errors.length, rows: errorRows })}
            description={t('tasks.import.errorFileHelp')}
            action={
              <Button
                size="small"
                icon={<DownloadOutlined />}
                loading={busy === 'errors'}
                onClick={() => {
                  if (!file || !orgId) {
                    return;
                  }
                  setBusy('errors');
                  downloadImportErrorFile(orgId, file)
                    .catch(fail)
                    .finally(() => setBusy(null));
                }}
              >
                {t('tasks.import.errorFile')}
              </Button>
            }
          />
          <Table<ImportRowError>
            size="small"
            rowKey={(e) => `${e.row}-${e.field ?? ''}-${e.code}`}
            dataSource={checked.errors}
            pagination={checked.errors.length > 8 ? { pageSize: 8, size: 'small' } : false}
            columns={[
              { title: t('tasks.import.columns.row'), dataIndex: 'row', width: 72 },
              { title: t('tasks.import.columns.column'), dataIndex: 'column', width: 160, render: (v: string | null) => v ?? '—' },
              { title: t('tasks.import.columns.message'), key: 'message', render: (_: unknown, e) => errorText(e) },
            ]}
          />
        </Flex>
      ) : null}
    </Modal>
  );
}
