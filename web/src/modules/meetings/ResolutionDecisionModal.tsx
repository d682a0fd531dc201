import type { MeetingDetail, Resolution } from '@guantong/shared';
import { App, DatePicker, Form, Input, Modal, Select, Typography } from 'antd';
import type dayjs from 'dayjs';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { errorMessage } from '../../api/client';
import { toLang } from '../../i18n/languages';
import { useDecisionCategories, useDecisionFromResolution } from '../decisions/decisions.api';

/** Meeting categories whose resolutions become decision items (the server's DECIDING_CATEGORIES), when the type has a body. */
const DECIDING_CATEGORIES = ['party', 'governance'];
/** Roles that record decision items (the server's DECISION_WRITE_ROLES). */
export const DECISION_WRITERS = ['sysadmin', 'org_admin', 'secretary'];

/** True when resolutions of this meeting can be registered as 三会一层 decision items. */
export function meetingDecides(meeting: MeetingDetail): boolean {
  return meeting.type.body !== null && DECIDING_CATEGORIES.includes(meeting.type.category) && meeting.status !== 'cancelled';
}

interface Values {
  title: string;
  categoryCode: string;
  docNo?: string;
  reviewOn?: dayjs.Dayjs;
}

/**
 * 登记为决策事项: a resolution of a 党委会 / 董事会 / 经理层 meeting becomes an item of the decision register (the
 * meeting, agenda item, date and body come from the meeting); on success the user may open the new item.
 */
export function ResolutionDecisionModal({
  meeting,
  resolution,
  onClose,
}: {
  meeting: MeetingDetail;
  resolution: Resolution | null;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = toLang(i18n.language);
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const categories = useDecisionCategories();
  const create = useDecisionFromResolution();
  const text = resolution?.text.trim() ?? '';
  const defaultTitle = text.length > 60 ? `${text.slice(0, 60)}…` : text;
  const grouped = useMemo(() => {
    const groups = new Map<string, { label: string; options: Array<{ value: string; label: string }> }>();
    for (const c of categories.data ?? []) {
      if (!c.active) {
        continue;
      }
      const key = (lang === 'zh-CN' ? c.groupName : c.groupNameEn) ?? '';
      const g = groups.get(key) ?? { label: key || t('meetings.toDecision.otherCategories'), options: [] };
      g.options.push({ value: c.code, label: lang === 'zh-CN' ? c.name : c.nameEn });
      groups.set(key, g);
    }
    return [...groups.values()];
  }, [categories.data, lang, t]);
  const required = { required: true, message: t('meetings.form.required') };
  return (
    <Modal
      open={resolution !== null}
      title={t('meetings.toDecision.title')}
      okText={t('meetings.toDecision.submit')}
      onCancel={onClose}
      confirmLoading={create.isPending}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('meetings.toDecision.help', { meeting: meeting.title })}</Typography.Paragraph>
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ title: defaultTitle }}
        onFinish={(v) =>
          create
            .mutateAsync({
              resolutionId: resolution?.id ?? 0,
              input: {
                title: v.title.trim(),
                categoryCode: v.categoryCode,
                docNo: v.docNo?.trim() ? v.docNo.trim() : undefined,
                reviewOn: v.reviewOn ? v.reviewOn.format('YYYY-MM-DD') : undefined,
              },
            })
            .then((d) => {
              onClose();
              void message.success({
                content: (
                  <span>
                    {t('meetings.toDecision.created')}{' '}
                    <Typography.Link onClick={() => navigate(`/governance/decisions/${d.id}`)}>
                      {t('meetings.toDecision.open')}
                    </Typography.Link>
                  </span>
                ),
              });
            })
            .catch((e: unknown) => void message.error(errorMessage(e)))
        }
      >
        <Form.Item name="title" label={t('meetings.toDecision.itemTitle')} rules={[required]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item
          name="categoryCode"
          label={t('meetings.toDecision.category')}
          rules={[required]}
          extra={t('meetings.toDecision.categoryHelp')}
        >
          <Select
            aria-label={t('meetings.toDecision.category')}
            showSearch={{ optionFilterProp: 'label' }}
            loading={categories.isLoading}
            options={grouped}
            placeholder={t('meetings.toDecision.categoryPlaceholder')}
          />
        </Form.Item>
        <Form.Item name="docNo" label={t('meetings.toDecision.docNo')}>
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item name="reviewOn" label={t('meetings.toDecision.reviewOn')}>
          <DatePicker />
        </Form.Item>
      </Form>
    </Modal>
  );
}
