import type { TaskAction, TaskStatus } from '@guantong/shared';
import { forbidden, invalidState } from '../../core/errors.js';

/**
 * Who acts, relative to one task:
 * - `issuer`: the user who issued it, or an operator (org_admin / secretary granted exactly at the issuing org);
 * - `executor`: the responsible user, or an operator granted exactly at the owning org;
 * - `supervisor`: a leader or org_admin whose scope covers the owning org (挂牌督办).
 */
export type TaskSide = 'issuer' | 'executor' | 'supervisor';

export interface Transition {
  action: TaskAction;
  from: readonly TaskStatus[];
  /** The status afterwards; null when the action keeps the status. */
  to: TaskStatus | null;
  by: TaskSide;
}

const OPEN_FOR_EDIT: TaskStatus[] = ['draft', 'issued', 'accepted', 'in_progress', 'returned'];
const SUPERVISABLE: TaskStatus[] = ['issued', 'accepted', 'in_progress', 'reported', 'returned'];

/**
 * The closed loop (下达 → 签收 → 执行 → 反馈 → 验收/退回 → 销号), every allowed transition and who may take it.
 * Anything not listed is refused: 409 INVALID_STATE for a wrong status, 403 FORBIDDEN for a wrong side.
 * - `issue`: a draft goes to its own org (responsible user or operators) → issued;
 * - `issue_down`: a draft is sent to other orgs: one child per org is created `issued`, and the task itself
 *   becomes the issuer's coordinating task, `in_progress` (its numbers roll up from the children);
 * - `decompose`: the recipient splits an accepted / in-progress task into children for groups or people.
 */
export const TRANSITIONS: readonly Transition[] = [
  { action: 'edit', from: OPEN_FOR_EDIT, to: null, by: 'issuer' },
  { action: 'issue', from: ['draft'], to: 'issued', by: 'issuer' },
  { action: 'issue_down', from: ['draft'], to: 'in_progress', by: 'issuer' },
  { action: 'accept', from: ['issued'], to: 'accepted', by: 'executor' },
  { action: 'start', from: ['accepted', 'returned'], to: 'in_progress', by: 'executor' },
  { action: 'decompose', from: ['accepted', 'in_progress'], to: 'in_progress', by: 'executor' },
  { action: 'note', from: ['accepted', 'in_progress', 'returned'], to: null, by: 'executor' },
  { action: 'report', from: ['accepted', 'in_progress', 'returned'], to: 'reported', by: 'executor' },
  { action: 'verify', from: ['reported'], to: 'verified', by: 'issuer' },
  { action: 'return', from: ['reported'], to: 'returned', by: 'issuer' },
  { action: 'close', from: ['verified'], to: 'closed', by: 'issuer' },
  { action: 'cancel', from: ['draft', 'issued', 'accepted', 'in_progress', 'reported', 'returned'], to: 'cancelled', by: 'issuer' },
  { action: 'flag', from: SUPERVISABLE, to: null, by: 'supervisor' },
  { action: 'unflag', from: SUPERVISABLE, to: null, by: 'supervisor' },
  { action: 'answer_notice', from: SUPERVISABLE, to: null, by: 'executor' },
];

const byAction = new Map(TRANSITIONS.map((t) => [t.action, t]));

export function transitionOf(action: TaskAction): Transition {
  const t = byAction.get(action);
  if (!t) {
    throw new Error(`no transition ${action}`);
  }
  return t;
}

/** The sides the actor takes on a task. */
export type Sides = ReadonlySet<TaskSide>;

/** Actions the actor may take now (drives the buttons). `flag`/`unflag` are narrowed by the flag state. */
export function allowedActions(status: TaskStatus, sides: Sides, flagged: boolean): TaskAction[] {
  return TRANSITIONS.filter((t) => t.from.includes(status) && sides.has(t.by))
    .filter((t) => (t.action === 'flag' ? !flagged : t.action === 'unflag' || t.action === 'answer_notice' ? flagged : true))
    .map((t) => t.action);
}

/**
 * Checks one transition: the side first (403 — the actor can see the task, so saying why is fine), then the
 * status (409). Returns the status afterwards.
 */
export function assertTransition(action: TaskAction, status: TaskStatus, sides: Sides): TaskStatus {
  const t = transitionOf(action);
  if (!sides.has(t.by)) {
    throw forbidden(
      t.by === 'issuer'
        ? 'Only the issuer or the issuing organisation’s operators may do this.'
        : t.by === 'executor'
          ? 'Only the responsible person or the organisation’s operators may do this.'
          : 'Only a leader or an organisation administrator above this task may do this.',
    );
  }
  if (!t.from.includes(status)) {
    throw invalidState(`A ${status} task cannot be ${action.replace('_', ' ')}.`, { status, action, allowedFrom: t.from });
  }
  return t.to ?? status;
}
