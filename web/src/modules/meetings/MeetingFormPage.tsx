import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, FlagOutlined, PlusOutlined } from '@ant-design/icons';
import { type AgendaItemInput, STUDY_MODES, type StudyModeValue } from '@guantong/shared';
import { Alert, App, Button, Card, Checkbox, DatePicker, Flex, Form, Input, InputNumber, Select, Spin, Switch, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { errorDetails, errorMessage } from '../../api/client';
import { OrgTreeSelect } from '../../components/OrgTreeSelect';
import { PageHeader } from '../../components/PageHeader';
import { useFormInit } from '../../components/useFormInit';
import { toLang } from '../../i18n/languages';
import { useCandidates, useMeeting, useMeetingMutations, useMeetingTypes } from './meetings.api';

interface FormValues {
  orgId?: number;
  typeCode?: string;
  title: string;
  startsAt?: Dayjs;
  endsAt?: Dayjs | null;
  place: string;
  online: boolean;
  onlineLink?: string;
  chairPersonId?: number | null;
  recorderPersonId?: number | null;
  counterpartPersonId?: number | null;
  attendeePersonIds: number[];
  studyOn: boolean;
  studyMode?: StudyModeValue;
  studyTopic?: string;
  studyMaterials?: string;
  studySpeaker?: string;
  studyHours?: number;
}

/** The agenda editor: ordered items, one flagged 第一议题; move up/down, add, remove. */
export function AgendaEditor({ value, onChange }: { value: AgendaItemInput[]; onChange: (v: AgendaItemInput[]) => void }) {
  const { t } = useTranslation();
  const set = (i: number, patch: Partial<AgendaItemInput>) => onChange(value.map((it, k) => (k === i ? { ...it, ...patch } : it)));
  const move = (i: number, d: number) => {
    const next = [...value];
    const [it] = next.splice(i, 1);
    if (it) {
      next.splice(i + d, 0, it);
    }
    onChange(next);
  };
  return (
    <Flex vertical gap={8}>
      {value.map((it, i) => (
        <Flex
          // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional (reordered by the buttons)
          key={i}
          gap={8}
          align="center"
          wrap
          style={{ padding: 8, border: '1px solid #f0f0f0', borderRadius: 6, background: it.isFirstTopic ? '#fff7e6' : undefined }}
        >
          <Typography.Text strong style={{ width: 24 }}>
            {i + 1}.
          </Typography.Text>
          <Input
            aria-label={`${t('meetings.form.itemTitle')} ${i + 1}`}
            placeholder={t('meetings.form.itemTitle')}
            value={it.title}
            onChange={(e) => set(i, { title: e.target.value })}
            style={{ flex: '1 1 280px' }}
            status={it.title.trim() ? undefined : 'error'}
          />
          <Input
            aria-label={`${t('meetings.form.itemPresenter')} ${i + 1}`}
            placeholder={t('meetings.form.itemPresenter')}
            value={it.presenter ?? ''}
            onChange={(e) => set(i, { presenter: e.target.value || null })}
            style={{ width: 120 }}
          />
          <Checkbox checked={it.isFirstTopic} onChange={(e) => set(i, { isFirstTopic: e.target.checked })}>
            {t('meetings.form.isFirstTopic')}
          </Checkbox>
          <Button
            aria-label={t('meetings.form.moveUp')}
            size="small"
            icon={<ArrowUpOutlined />}
            disabled={i === 0}
            onClick={() => move(i, -1)}
          />
          <Button
            aria-label={t('meetings.form.moveDown')}
            size="small"
            icon={<ArrowDownOutlined />}
            disabled={i === value.length - 1}
            onClick={() => move(i, 1)}
          />
          <Button
            aria-label={t('meetings.form.remove')}
            size="small"
            danger
            icon={<DeleteOutlined />}
            onClick={() => onChange(value.filter((_, k) => k !== i))}
          />
        </Flex>
      ))}
      <Flex gap={8}>
        <Button
          icon={<FlagOutlined />}
          onClick={() => onChange([{ title: '', isFirstTopic: true, presenter: null, notes: '' }, ...value])}
          disabled={value.some((v) => v.isFirstTopic)}
        >
          {t('meetings.form.addFirstTopic')}
        </Button>
        <Button
          icon={<PlusOutlined />}
          onClick={() => onChange([...value, { title: '', isFirstTopic: false, presenter: null, notes: '' }])}
        >
          {t('meetings.form.addItem')}
        </Button>
      </Flex>
    </Flex>
  );
}

/** New meeting / edit meeting: organisation, type, time, place, chair and recorder, agenda (第一议题), attendees, study record. */
export function MeetingFormPage() {
  const { t, i18n } = useTranslation();
  const lang = toLang(i18n.language);
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { id } = useParams();
  const [params] = useSearchParams();
  const editId = id ? Number(id) : undefined;
  const existing = useMeeting(editId);
  const types = useMeetingTypes();
  const m = useMeetingMutations();
  const [form] = Form.useForm<FormValues>();
  const [agenda, setAgenda] = useState<AgendaItemInput[]>([]);
  const [touchedAttendees, setTouchedAttendees] = useState(false);
  const orgId = Form.useWatch('orgId', form);
  const typeCode = Form.useWatch('typeCode', form);
  const studyOn = Form.useWatch('studyOn', form);
  const online = Form.useWatch('online', form);
  const attendeeIds = Form.useWatch('attendeePersonIds', form) ?? [];
  const candidates = useCandidates(orgId, typeCode);
  const type = (types.data ?? []).find((ty) => ty.code === typeCode);
  const typeOptions = useMemo(
    () =>
      (types.data ?? [])
        .filter((ty) => ty.active)
        .map((ty) => ({ value: ty.code, label: lang === 'zh-CN' ? ty.name : ty.nameEn, title: ty.category })),
    [types.data, lang],
  );

  // Edit: load the meeting into the form once (a background refetch must not wipe what the user is changing).
  useFormInit(existing.data !== undefined, existing.data?.id, () => {
    const d = existing.data;
    if (!d) {
      return;
    }
    form.setFieldsValue({
      orgId: d.org.id,
      typeCode: d.typeCode,
      title: d.title,
      startsAt: dayjs(d.startsAt),
      endsAt: d.endsAt ? dayjs(d.endsAt) : null,
      place: d.place,
      online: d.online,
      onlineLink: d.onlineLink ?? undefined,
      chairPersonId: d.chair?.id ?? null,
      recorderPersonId: d.recorder?.id ?? null,
      counterpartPersonId: d.counterpart?.id ?? null,
      attendeePersonIds: d.attendees.filter((a) => a.expected).map((a) => a.person.id),
      studyOn: d.study !== null,
      studyMode: d.study?.mode,
      studyTopic: d.study?.topic,
      studyMaterials: d.study?.materials,
      studySpeaker: d.study?.speaker ?? undefined,
      studyHours: d.study?.hours,
    });
    setAgenda(d.agenda.map((a) => ({ title: a.title, isFirstTopic: a.isFirstTopic, presenter: a.presenter, notes: a.notes })));
  });

  // New: suggested attendees follow the organisation and type until the user changes the list.
  useEffect(() => {
    if (editId || touchedAttendees || !candidates.data) {
      return;
    }
    form.setFieldValue(
      'attendeePersonIds',
      candidates.data.filter((c) => c.suggested).map((c) => c.id),
    );
  }, [candidates.data, editId, touchedAttendees, form]);

  // New: a type's defaults (title, a 第一议题 row, a study record for study types).
  useEffect(() => {
    if (editId || !type) {
      return;
    }
    if (!form.getFieldValue('title')) {
      form.setFieldValue(
        'title',
        `${dayjs(form.getFieldValue('startsAt') ?? undefined).format(lang === 'zh-CN' ? 'M月' : 'MMM')}${lang === 'zh-CN' ? type.name : ` ${type.nameEn}`}`,
      );
    }
    if (type.firstTopic && agenda.length === 0) {
      setAgenda([{ title: '', isFirstTopic: true, presenter: null, notes: '' }]);
    }
    if (type.isStudy) {
      form.setFieldValue('studyOn', true);
    }
    if (!form.getFieldValue('endsAt') && form.getFieldValue('startsAt')) {
      form.setFieldValue('endsAt', (form.getFieldValue('startsAt') as Dayjs).add(type.defaultMinutes, 'minute'));
    }
  }, [type, editId, form, lang, agenda.length]);

  const personOptions = (candidates.data ?? []).map((c) => ({
    value: c.id,
    label: `${c.name}（${c.employeeNo}${c.posts.length ? ` · ${c.posts.join('、')}` : ''}）`,
  }));
  const missingFirstTopic = !!type?.firstTopic && !agenda.some((a) => a.isFirstTopic);

  const submit = async (v: FormValues) => {
    const items = agenda.filter((a) => a.title.trim());
    const study = v.studyOn
      ? {
          mode: v.studyMode ?? 'follow_up',
          topic: v.studyTopic ?? v.title,
          materials: v.studyMaterials ?? '',
          speaker: v.studySpeaker || null,
          hours: v.studyHours ?? 1,
        }
      : null;
    const common = {
      title: v.title,
      startsAt: (v.startsAt ?? dayjs()).toISOString(),
      endsAt: v.endsAt ? v.endsAt.toISOString() : null,
      place: v.place ?? '',
      online: !!v.online,
      onlineLink: v.online ? (v.onlineLink ?? null) : null,
      chairPersonId: v.chairPersonId ?? null,
      recorderPersonId: v.recorderPersonId ?? null,
      counterpartPersonId: v.counterpartPersonId ?? null,
      study,
    };
    try {
      if (editId) {
        await m.update.mutateAsync({ id: editId, ...common });
        await m.agenda.mutateAsync({ id: editId, items });
        if (touchedAttendees) {
          await m.attendees.mutateAsync({ id: editId, personIds: v.attendeePersonIds ?? [] });
        }
        void message.success(t('meetings.form.saved'));
        navigate(`/meetings/${editId}`);
      } else {
        const created = await m.create.mutateAsync({
          orgId: v.orgId ?? 0,
          typeCode: v.typeCode ?? '',
          agenda: items,
          attendeePersonIds: v.attendeePersonIds ?? [],
          ...common,
        });
        void message.success(t('meetings.form.saved'));
        navigate(`/meetings/${created.id}`);
      }
    } catch (error) {
      const details = errorDetails(error);
      if (details.length > 0) {
        form.setFields(details.map((d) => ({ name: d.path.split('.')[0] as keyof FormValues, errors: [d.message] })));
      }
      void message.error(errorMessage(error));
    }
  };

  if (editId && existing.isLoading) {
    return <Spin />;
  }
  const required = [{ required: true, message: t('meetings.form.required') }];
  return (
    <>
      <PageHeader title={editId ? t('meetings.form.editTitle') : t('meetings.form.createTitle')} />
      <Card>
        <Form<FormValues>
          form={form}
          layout="vertical"
          style={{ maxWidth: 900 }}
          initialValues={{
            orgId: Number(params.get('orgId')) || undefined,
            typeCode: params.get('type') ?? undefined,
            place: '',
            online: false,
            attendeePersonIds: [],
            studyOn: false,
            studyHours: 2,
            startsAt: dayjs().add(1, 'day').hour(14).minute(30).second(0),
          }}
          onFinish={submit}
        >
          <Flex gap={16} wrap>
            <Form.Item name="orgId" label={t('meetings.form.org')} rules={required} style={{ flex: '1 1 320px' }}>
              <OrgTreeSelect disabled={!!editId} aria-label={t('meetings.form.org')} />
            </Form.Item>
            <Form.Item name="typeCode" label={t('meetings.form.type')} rules={required} style={{ flex: '1 1 220px' }}>
              <Select
                aria-label={t('meetings.form.type')}
                disabled={!!editId}
                options={typeOptions}
                showSearch={{ optionFilterProp: 'label' }}
              />
            </Form.Item>
          </Flex>
          <Form.Item name="title" label={t('meetings.form.title')} rules={required}>
            <Input placeholder={t('meetings.form.titlePlaceholder')} maxLength={200} />
          </Form.Item>
          <Flex gap={16} wrap>
            <Form.Item name="startsAt" label={t('meetings.form.startsAt')} rules={required}>
              <DatePicker
                needConfirm={false}
                showTime={{ format: 'HH:mm' }}
                format="YYYY-MM-DD HH:mm"
                aria-label={t('meetings.form.startsAt')}
              />
            </Form.Item>
            <Form.Item name="endsAt" label={t('meetings.form.endsAt')}>
              <DatePicker
                needConfirm={false}
                showTime={{ format: 'HH:mm' }}
                format="YYYY-MM-DD HH:mm"
                aria-label={t('meetings.form.endsAt')}
              />
            </Form.Item>
            <Form.Item name="place" label={t('meetings.form.place')} style={{ flex: '1 1 200px' }}>
              <Input placeholder={t('meetings.form.placePlaceholder')} maxLength={200} />
            </Form.Item>
            <Form.Item name="online" label={t('meetings.form.online')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Flex>
          {online ? (
            <Form.Item name="onlineLink" label={t('meetings.form.onlineLink')}>
              <Input maxLength={300} />
            </Form.Item>
          ) : null}
          <Flex gap={16} wrap>
            <Form.Item
              name="chairPersonId"
              label={t('meetings.form.chair')}
              style={{ flex: '1 1 240px' }}
              rules={type?.isTalk ? required : undefined}
            >
              <Select
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                options={personOptions}
                loading={candidates.isLoading}
                aria-label={t('meetings.form.chair')}
              />
            </Form.Item>
            {type?.isTalk ? (
              <Form.Item name="counterpartPersonId" label={t('meetings.form.counterpart')} style={{ flex: '1 1 240px' }} rules={required}>
                <Select
                  allowClear
                  showSearch={{ optionFilterProp: 'label' }}
                  options={personOptions}
                  aria-label={t('meetings.form.counterpart')}
                />
              </Form.Item>
            ) : (
              <Form.Item name="recorderPersonId" label={t('meetings.form.recorder')} style={{ flex: '1 1 240px' }}>
                <Select
                  allowClear
                  showSearch={{ optionFilterProp: 'label' }}
                  options={personOptions}
                  aria-label={t('meetings.form.recorder')}
                />
              </Form.Item>
            )}
          </Flex>
          {!type?.isTalk ? (
            <Form.Item label={t('meetings.form.agenda')} extra={t('meetings.form.agendaHelp')}>
              {missingFirstTopic ? (
                <Alert type="warning" showIcon title={t('meetings.form.firstTopicMissing')} style={{ marginBottom: 8 }} />
              ) : null}
              <AgendaEditor value={agenda} onChange={setAgenda} />
            </Form.Item>
          ) : null}
          {!type?.isTalk ? (
            <Form.Item
              name="attendeePersonIds"
              label={`${t('meetings.form.attendees')}（${attendeeIds.length}）`}
              extra={t('meetings.form.attendeesHelp')}
            >
              <Select
                mode="multiple"
                aria-label={t('meetings.form.attendees')}
                options={personOptions}
                showSearch={{ optionFilterProp: 'label' }}
                maxTagCount="responsive"
                loading={candidates.isLoading}
                onChange={() => setTouchedAttendees(true)}
              />
            </Form.Item>
          ) : null}
          <Form.Item name="studyOn" valuePropName="checked" label={t('meetings.form.study')}>
            <Switch checkedChildren={t('meetings.form.studyToggle')} unCheckedChildren={t('meetings.form.studyToggle')} />
          </Form.Item>
          {studyOn ? (
            <Flex gap={16} wrap style={{ padding: 12, background: '#fafafa', borderRadius: 6, marginBottom: 16 }}>
              <Form.Item name="studyMode" label={t('meetings.form.studyMode')} rules={required} style={{ flex: '1 1 200px' }}>
                <Select
                  aria-label={t('meetings.form.studyMode')}
                  options={STUDY_MODES.map((mo) => ({ value: mo, label: t(`meetings.studyModes.${mo}`) }))}
                />
              </Form.Item>
              <Form.Item name="studyTopic" label={t('meetings.form.studyTopic')} rules={required} style={{ flex: '2 1 300px' }}>
                <Input maxLength={300} />
              </Form.Item>
              <Form.Item name="studySpeaker" label={t('meetings.form.studySpeaker')} style={{ flex: '1 1 160px' }}>
                <Input maxLength={100} />
              </Form.Item>
              <Form.Item name="studyHours" label={t('meetings.form.studyHours')} rules={required}>
                <InputNumber min={0.5} max={40} step={0.5} />
              </Form.Item>
              <Form.Item name="studyMaterials" label={t('meetings.form.studyMaterials')} style={{ flex: '1 1 100%' }}>
                <Input.TextArea rows={2} maxLength={5000} />
              </Form.Item>
            </Flex>
          ) : null}
          <Flex gap={8}>
            <Button type="primary" htmlType="submit" loading={m.create.isPending || m.update.isPending}>
              {t('meetings.form.save')}
            </Button>
            <Button onClick={() => navigate(editId ? `/meetings/${editId}` : '/meetings')}>{t('meetings.form.cancel')}</Button>
          </Flex>
        </Form>
      </Card>
    </>
  );
}
