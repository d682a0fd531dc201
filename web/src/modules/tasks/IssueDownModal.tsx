import { RESPONSIBILITY_KINDS, type ResponsibilityKind, TASK_LEVELS, type TaskDetail, type TaskLevel } from '@guantong/shared';
import { Alert, App, Col, DatePicker, Flex, Form, Input, Modal, Radio, Row, Select, Skeleton, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/client';
import { OrgPicker, useOrgsBelow } from './OrgPicker';
import { useIssueTask } from './tasks.api';

/** The level one below (子项 stays 子项). */
function nextLevel(level: TaskLevel): TaskLevel {
  const i = TASK_LEVELS.indexOf(level);
  return TASK_LEVELS[Math.min(i + 1, TASK_LEVELS.length - 1)];
}

export interface IssueDownModalProps {
  task: TaskDetail;
  onClose: () => void;
  onDone: () => void;
}

/**
 * 下达: to the task's own organisation, or down to a chosen set of organisations below it (one task each, the
 * secretary responsible by default), showing how many tasks will be created before anything is written.
 */
export function IssueDownModal({ task, onClose, onDone }: IssueDownModalProps) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const issue = useIssueTask();
  const below = useOrgsBelow(task.org.id);
  const hasBelow = (below.root?.children.length ?? 0) > 0;
  const [mode, setMode] = useState<'self' | 'down' | null>(null);
  const effectiveMode = mode ?? (hasBelow ? 'down' : 'self');
  const [orgIds, setOrgIds] = useState<number[]>([]);
  const [childLevel, setChildLevel] = useState<TaskLevel>(nextLevel(task.level));
  const [childDueOn, setChildDueOn] = useState<Dayjs | null>(dayjs(task.dueOn));
  const [kind, setKind] = useState<ResponsibilityKind>(task.responsibilityKind);
  const [text, setText] = useState('');
  const count = effectiveMode === 'down' ? orgIds.length : 0;

  const run = () =>
    issue
      .mutateAsync({
        id: task.id,
        input:
          effectiveMode === 'self'
            ? { ...(text.trim() ? { text: text.trim() } : {}) }
            : {
                recipients: { orgIds },
                childLevel,
                ...(childDueOn ? { childDueOn: childDueOn.format('YYYY-MM-DD') } : {}),
                responsibilityKind: kind,
                ...(text.trim() ? { text: text.trim() } : {}),
              },
      })
      .then((r) => {
        void message.success(effectiveMode === 'self' ? t('tasks.issue.doneSelf') : t('tasks.issue.done', { count: r.created }));
        onDone();
      })
      .catch((error: unknown) => void message.error(errorMessage(error)));

  const submit = () => {
    if (effectiveMode === 'down') {
      if (count === 0) {
        return;
      }
      modal.confirm({
        title: t('tasks.issue.confirmTitle', { count }),
        content: t('tasks.issue.confirmText'),
        okText: t('tasks.issue.submit'),
        cancelText: t('common.actions.cancel'),
        onOk: run,
      });
      return;
    }
    void run();
  };

  return (
    <Modal
      open
      title={`${t('tasks.issue.title')} · ${task.title}`}
      onCancel={onClose}
      onOk={submit}
      okText={effectiveMode === 'down' ? t('tasks.issue.submitCount', { count }) : t('tasks.issue.submit')}
      okButtonProps={{ disabled: effectiveMode === 'down' && count === 0 }}
      cancelText={t('common.actions.cancel')}
      confirmLoading={issue.isPending}
      width={820}
      destroyOnHidden
      styles={{ body: { maxHeight: 'calc(100vh - 220px)', overflowY: 'auto', paddingInlineEnd: 8 } }}
    >
      {below.loading ? (
        <Skeleton active />
      ) : (
        <Flex vertical gap={16}>
          <Radio.Group value={effectiveMode} onChange={(e) => setMode(e.target.value as 'self' | 'down')}>
            <Flex vertical gap={8}>
              <Radio value="down" disabled={!hasBelow}>
                <strong>{t('tasks.issue.modeDown')}</strong>
                <Typography.Text type="secondary" style={{ display: 'block', fontSize: 13 }}>
                  {t('tasks.issue.modeDownHelp')}
                </Typography.Text>
              </Radio>
              <Radio value="self">
                <strong>{t('tasks.issue.modeSelf')}</strong>
                <Typography.Text type="secondary" style={{ display: 'block', fontSize: 13 }}>
                  {t('tasks.issue.modeSelfHelp', { org: task.org.name })}
                </Typography.Text>
              </Radio>
            </Flex>
          </Radio.Group>
          {effectiveMode === 'down' && below.root ? (
            <>
              <OrgPicker root={below.root} value={orgIds} onChange={setOrgIds} />
              <Alert
                type={count > 0 ? 'info' : 'warning'}
                showIcon
                title={
                  count > 0 ? (
                    <strong style={{ fontSize: 15 }}>{t('tasks.issue.willCreate', { count })}</strong>
                  ) : (
                    t('tasks.issue.willCreateNone')
                  )
                }
              />
              <Row gutter={16}>
                <Col xs={24} md={8}>
                  <Form.Item label={t('tasks.issue.childLevel')} htmlFor="issue-child-level" layout="vertical">
                    <Select<TaskLevel>
                      id="issue-child-level"
                      value={childLevel}
                      onChange={setChildLevel}
                      options={TASK_LEVELS.filter((l) => TASK_LEVELS.indexOf(l) >= TASK_LEVELS.indexOf(task.level)).map((l) => ({
                        value: l,
                        label: t(`tasks.level.${l}`),
                      }))}
                    />
                  </Form.Item>
                </Col>
                <Col xs={24} md={8}>
                  <Form.Item label={t('tasks.issue.childDueOn')} htmlFor="issue-child-due" layout="vertical">
                    <DatePicker id="issue-child-due" value={childDueOn} onChange={setChildDueOn} style={{ width: '100%' }} />
                  </Form.Item>
                </Col>
                <Col xs={24} md={8}>
                  <Form.Item label={t('tasks.issue.responsibilityKind')} htmlFor="issue-kind" layout="vertical">
                    <Select<ResponsibilityKind>
                      id="issue-kind"
                      value={kind}
                      onChange={setKind}
                      options={RESPONSIBILITY_KINDS.map((k) => ({ value: k, label: t(`tasks.responsibility.${k}`) }))}
                    />
                  </Form.Item>
                </Col>
              </Row>
            </>
          ) : null}
          <Form.Item label={t('tasks.issue.text')} htmlFor="issue-text" layout="vertical" style={{ marginBottom: 0 }}>
            <Input.TextArea
              id="issue-text"
              value={text}
              onChange={(e) => setText(e.target.value)}
              placeholder={t('tasks.issue.textPlaceholder')}
              autoSize={{ minRows: 2, maxRows: 5 }}
              maxLength={5000}
            />
          </Form.Item>
        </Flex>
      )}
    </Modal>
  );
}
