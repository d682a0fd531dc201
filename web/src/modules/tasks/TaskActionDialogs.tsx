import { CameraOutlined } from '@ant-design/icons';
import type { FileRef, SupervisionNotice, TaskDetail } from '@guantong/shared';
import { App, Col, DatePicker, Flex, Form, Input, InputNumber, Modal, Row, Slider, Typography, Upload, type UploadFile } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/client';
import { type SimpleAction, uploadTaskFile, useAnswerNotice, useFlagTask, useReportTask, useSimpleAction } from './tasks.api';

const EVIDENCE_ACCEPT = 'image/*,.pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.wps,.et';

/** Evidence uploads: each file goes to the task as it is chosen; the ids are handed back for the report. */
function EvidenceUpload({ taskId, onChange }: { taskId: number; onChange: (files: FileRef[]) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [list, setList] = useState<Array<UploadFile & { ref?: FileRef }>>([]);
  const publish = (next: Array<UploadFile & { ref?: FileRef }>) => {
    setList(next);
    onChange(next.flatMap((f) => (f.ref ? [f.ref] : [])));
  };
  return (
    <Upload
      accept={EVIDENCE_ACCEPT}
      multiple
      listType="picture"
      fileList={list}
      maxCount={20}
      onRemove={(f) => {
        publish(list.filter((x) => x.uid !== f.uid));
        return true;
      }}
      customRequest={({ file, onProgress, onSuccess, onError }) => {
        const f = file as File & { uid: string };
        uploadTaskFile(taskId, f, (percent) => onProgress?.({ percent }))
          .then((ref) => {
            onSuccess?.(ref);
          })
          .catch((error: unknown) => {
            void message.error(t('tasks.report.uploadFailed', { name: f.name, message: errorMessage(error) }));
            onError?.(error as Error);
          });
      }}
      onChange={({ fileList }) => {
        publish(
          fileList.map((f) => {
            const ref = (f.response as FileRef | undefined) ?? undefined;
            return ref ? { ...f, ref, url: ref.url, thumbUrl: ref.kind === 'image' ? ref.url : undefined } : f;
          }),
        );
      }}
    >
      <Flex
        vertical
        align="center"
        justify="center"
        style={{ border: '1px dashed #D9D9D9', borderRadius: 6, padding: '12px 20px', cursor: 'pointer', background: '#FAFAFA' }}
      >
        <CameraOutlined style={{ fontSize: 22, color: '#595959' }} aria-hidden />
        <span>{t('tasks.report.upload')}</span>
      </Flex>
    </Upload>
  );
}

/** A percentage as a slider and a number box side by side (one form value). */
function ProgressInput({ value = 0, onChange, label }: { value?: number; onChange?: (v: number) => void; label: string }) {
  return (
    <Row gutter={16} align="middle">
      <Col flex="auto">
        <Slider
          min={0}
          max={100}
          marks={{ 0: '0%', 50: '50%', 100: '100%' }}
          value={value}
          onChange={(v) => onChange?.(v)}
          aria-label={label}
        />
      </Col>
      <Col flex="120px">
        <InputNumber
          min={0}
          max={100}
          suffix="%"
          value={value}
          onChange={(v) => onChange?.(typeof v === 'number' ? v : 0)}
          style={{ width: '100%' }}
          aria-label={label}
        />
      </Col>
    </Row>
  );
}

interface ReportValues {
  text: string;
  progress: number;
  actual?: number | null;
}

/** 反馈 (or a progress note): what was done, the percentage, the actual value and evidence files. */
export function ReportModal({
  task,
  noteOnly,
  onClose,
  onDone,
}: {
  task: TaskDetail;
  noteOnly: boolean;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<ReportValues>();
  const [files, setFiles] = useState<FileRef[]>([]);
  const report = useReportTask();
  const hasTarget = task.target.value !== null;

  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) {
      return;
    }
    try {
      await report.mutateAsync({
        id: task.id,
        noteOnly,
        input: {
          text: v.text.trim(),
          progress: v.progress,
          ...(hasTarget ? { actual: v.actual ?? null } : {}),
          fileIds: files.map((f) => f.id),
        },
      });
      void message.success(noteOnly ? t('tasks.report.noteDone') : t('tasks.report.done'));
      onDone();
    } catch (error) {
      void message.error(errorMessage(error));
    }
  };

  return (
    <Modal
      open
      title={`${noteOnly ? t('tasks.report.noteTitle') : t('tasks.report.title')} · ${task.title}`}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={noteOnly ? t('tasks.report.submitNote') : t('tasks.report.submit')}
      cancelText={t('common.actions.cancel')}
      confirmLoading={report.isPending}
      width={640}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ progress: noteOnly ? task.reportedProgress : 100, actual: task.target.actual }}>
        <Form.Item
          name="text"
          label={t('tasks.report.text')}
          rules={[{ required: true, whitespace: true, message: t('tasks.report.textRequired') }]}
        >
          <Input.TextArea
            autoFocus
            autoSize={{ minRows: 3, maxRows: 8 }}
            maxLength={5000}
            placeholder={t('tasks.report.textPlaceholder')}
          />
        </Form.Item>
        <Form.Item name="progress" label={t('tasks.report.progress')}>
          <ProgressInput label={t('tasks.report.progress')} />
        </Form.Item>
        {hasTarget && !noteOnly ? (
          <Form.Item
            name="actual"
            label={`${t('tasks.report.actual')}（${t('tasks.fields.target')} ${task.target.value}${task.target.unit ?? ''}）`}
          >
            <InputNumber style={{ width: 200 }} suffix={task.target.unit ?? undefined} />
          </Form.Item>
        ) : null}
        <Form.Item label={t('tasks.report.evidence')} extra={t('tasks.report.evidenceHelp')}>
          <EvidenceUpload taskId={task.id} onChange={setFiles} />
        </Form.Item>
        {!noteOnly ? (
          <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
            {t('tasks.report.noteHelp')}
          </Typography.Paragraph>
        ) : null}
      </Form>
    </Modal>
  );
}

const ACTION_TEXTS: Record<SimpleAction, { title: string; text?: string; reason: boolean; danger?: boolean }> = {
  accept: { title: 'tasks.dialogs.acceptTitle', text: 'tasks.dialogs.acceptText', reason: false },
  start: { title: 'tasks.dialogs.startTitle', reason: false },
  verify: { title: 'tasks.dialogs.verifyTitle', text: 'tasks.dialogs.verifyText', reason: false },
  close: { title: 'tasks.dialogs.closeTitle', text: 'tasks.dialogs.closeText', reason: false },
  return: { title: 'tasks.dialogs.returnTitle', text: 'tasks.dialogs.returnText', reason: true, danger: true },
  cancel: { title: 'tasks.dialogs.cancelTitle', text: 'tasks.dialogs.cancelText', reason: true, danger: true },
  unflag: { title: 'tasks.dialogs.unflagTitle', reason: true },
};

const ACTION_LABEL: Record<SimpleAction, string> = {
  accept: 'tasks.actions.accept',
  start: 'tasks.actions.start',
  verify: 'tasks.actions.verify',
  close: 'tasks.actions.close',
  return: 'tasks.actions.return',
  cancel: 'tasks.actions.cancel',
  unflag: 'tasks.actions.unflag',
};

/** A transition with an optional comment (签收, 开始, 验收, 销号) or a required reason (退回, 取消, 撤销督办). */
export function SimpleActionModal({
  task,
  action,
  onClose,
  onDone,
}: {
  task: TaskDetail;
  action: SimpleAction;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ text?: string }>();
  const run = useSimpleAction();
  const spec = ACTION_TEXTS[action];
  const tt = t as unknown as (key: string, opts?: Record<string, unknown>) => string;

  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) {
      return;
    }
    try {
      await run.mutateAsync({ id: task.id, action, text: v.text?.trim() || undefined });
      void message.success(t(`tasks.dialogs.done.${action}`));
      onDone();
    } catch (error) {
      void message.error(errorMessage(error));
    }
  };

  return (
    <Modal
      open
      title={`${tt(spec.title)} · ${task.title}`}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={tt(ACTION_LABEL[action])}
      okButtonProps={{ danger: spec.danger }}
      cancelText={t('common.actions.cancel')}
      confirmLoading={run.isPending}
      destroyOnHidden
    >
      {spec.text ? <Typography.Paragraph>{tt(spec.text)}</Typography.Paragraph> : null}
      <Form form={form} layout="vertical" onFinish={() => void submit()}>
        <Form.Item
          name="text"
          label={spec.reason ? t('tasks.dialogs.reason') : t('tasks.dialogs.comment')}
          rules={spec.reason ? [{ required: true, whitespace: true, message: t('tasks.dialogs.reasonRequired') }] : []}
        >
          <Input.TextArea autoFocus autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 挂牌督办: a notice the responsible person must answer by a date. */
export function FlagModal({ task, onClose, onDone }: { task: TaskDetail; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ text: string; answerDueOn: Dayjs }>();
  const flag = useFlagTask();
  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) {
      return;
    }
    try {
      await flag.mutateAsync({ id: task.id, input: { text: v.text.trim(), answerDueOn: v.answerDueOn.format('YYYY-MM-DD') } });
      void message.success(t('tasks.dialogs.done.flag'));
      onDone();
    } catch (error) {
      void message.error(errorMessage(error));
    }
  };
  return (
    <Modal
      open
      title={`${t('tasks.dialogs.flagTitle')} · ${task.title}`}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('tasks.actions.flag')}
      cancelText={t('common.actions.cancel')}
      confirmLoading={flag.isPending}
      destroyOnHidden
    >
      <Typography.Paragraph>{t('tasks.dialogs.flagText')}</Typography.Paragraph>
      <Form form={form} layout="vertical" initialValues={{ answerDueOn: dayjs().add(7, 'day') }}>
        <Form.Item
          name="text"
          label={t('tasks.dialogs.flagNotice')}
          rules={[{ required: true, whitespace: true, message: t('tasks.dialogs.reasonRequired') }]}
        >
          <Input.TextArea autoFocus autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} />
        </Form.Item>
        <Form.Item
          name="answerDueOn"
          label={t('tasks.dialogs.answerDueOn')}
          rules={[{ required: true, message: t('tasks.dialogs.answerDueRequired') }]}
        >
          <DatePicker disabledDate={(d) => d.isBefore(dayjs(), 'day')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The executor answers an open 督办 notice (text and files). */
export function AnswerNoticeModal({
  task,
  notice,
  onClose,
  onDone,
}: {
  task: TaskDetail;
  notice: SupervisionNotice;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ text: string }>();
  const [files, setFiles] = useState<FileRef[]>([]);
  const answer = useAnswerNotice();
  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) {
      return;
    }
    try {
      await answer.mutateAsync({ noticeId: notice.id, input: { text: v.text.trim(), fileIds: files.map((f) => f.id) } });
      void message.success(t('tasks.dialogs.done.answer'));
      onDone();
    } catch (error) {
      void message.error(errorMessage(error));
    }
  };
  return (
    <Modal
      open
      title={`${t('tasks.dialogs.answerTitle')} · ${task.title}`}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('tasks.actions.answer')}
      cancelText={t('common.actions.cancel')}
      confirmLoading={answer.isPending}
      destroyOnHidden
    >
      <Typography.Paragraph>
        <Typography.Text type="secondary">{t('tasks.dialogs.flagNotice')}：</Typography.Text>
        {notice.text}
      </Typography.Paragraph>
      <Form form={form} layout="vertical">
        <Form.Item
          name="text"
          label={t('tasks.dialogs.answerText')}
          rules={[{ required: true, whitespace: true, message: t('tasks.dialogs.reasonRequired') }]}
        >
          <Input.TextArea autoFocus autoSize={{ minRows: 3, maxRows: 8 }} maxLength={5000} />
        </Form.Item>
        <Form.Item label={t('tasks.report.evidence')} extra={t('tasks.report.evidenceHelp')}>
          <EvidenceUpload taskId={task.id} onChange={setFiles} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
