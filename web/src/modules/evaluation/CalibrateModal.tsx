import type { EvalScoreExplanation } from '@guantong/shared';
import { App, Form, Input, InputNumber, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/client';
import { useFormInit } from '../../components/useFormInit';
import { formatNumber } from '../../i18n/format';
import { toLang } from '../../i18n/languages';
import { useCalibrate } from './evaluation.api';

export interface CalibrateModalProps {
  runId: number;
  targetId: number;
  score: EvalScoreExplanation | null;
  onClose: () => void;
}

/** 校准: sets one score's points with a required reason (audited, shown in the explanation). */
export function CalibrateModal({ runId, targetId, score, onClose }: CalibrateModalProps) {
  const { t, i18n } = useTranslation();
  const lang = toLang(i18n.language);
  const { message } = App.useApp();
  const [form] = Form.useForm<{ points: number; reason: string }>();
  const calibrate = useCalibrate();
  const max = score?.indicator.maxPoints ?? 100;

  useFormInit(score !== null, score?.scoreId, () => {
    if (score) {
      form.setFieldsValue({ points: score.points ?? 0, reason: '' });
    }
  });

  const submit = async () => {
    if (!score) {
      return;
    }
    const v = await form.validateFields().catch(() => null);
    if (!v) {
      return;
    }
    try {
      await calibrate.mutateAsync({
        runId,
        targetId,
        input: { indicatorId: score.indicator.id, points: v.points, reason: v.reason.trim() },
      });
      void message.success(t('evaluation.calibrate.done'));
      onClose();
    } catch (error) {
      void message.error(errorMessage(error));
    }
  };

  return (
    <Modal
      open={score !== null}
      title={score ? t('evaluation.calibrate.title', { indicator: `${score.indicator.code} ${score.indicator.name}` }) : ''}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('evaluation.calibrate.submit')}
      cancelText={t('common.actions.cancel')}
      confirmLoading={calibrate.isPending}
      destroyOnHidden
    >
      {score ? (
        <Typography.Paragraph type="secondary">
          {t('evaluation.calibrate.current', { points: formatNumber(score.points, lang), max: formatNumber(max, lang) })}
        </Typography.Paragraph>
      ) : null}
      <Form form={form} layout="vertical">
        <Form.Item
          name="points"
          label={t('evaluation.calibrate.points')}
          rules={[{ required: true, type: 'number', min: 0, max, message: t('evaluation.calibrate.pointsRequired', { max }) }]}
        >
          <InputNumber min={0} max={max} step={0.5} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('evaluation.calibrate.reason')}
          extra={t('evaluation.calibrate.reasonHelp')}
          rules={[{ required: true, whitespace: true, min: 4, message: t('evaluation.calibrate.reasonRequired') }]}
        >
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 6 }} maxLength={500} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}
