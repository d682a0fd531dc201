import { TASK_STATUSES, type TaskAction, type TaskStatus } from '@guantong/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { draft, expectStatus, type TaskWorld, taskWorld } from './tasks.fixtures.js';
import { type TaskSide, TRANSITIONS } from './tasks.workflow.js';

/**
 * The task under test is a child at branch B11, issued by zzb (org_admin at the committee C):
 * zzb = issuer (issuing user) and supervisor (org_admin above); csec = issuer (secretary exactly at C);
 * leader = supervisor; b11sec = executor (responsible); g1sec and b11mem see it but take no side;
 * b12sec (another branch) does not see it at all.
 */
const ACTORS: Array<{ name: string; sides: TaskSide[] }> = [
  { name: 'zzb', sides: ['issuer', 'supervisor'] },
  { name: 'csec', sides: ['issuer'] },
  { name: 'leader', sides: ['supervisor'] },
  { name: 'b11sec', sides: ['executor'] },
  { name: 'g1sec', sides: [] },
  { name: 'b11mem', sides: [] },
  { name: 'b12sec', sides: [] },
];
const INVISIBLE = new Set(['b12sec']);
const ROLE_SUPERVISORS = new Set(['zzb', 'leader']);

/** Actions exercised by the matrix (answer_notice needs a notice: tested in the supervision suite). */
const MATRIX_ACTIONS = TRANSITIONS.filter((t) => t.action !== 'answer_notice');

describe('task state machine', () => {
  let w: TaskWorld;
  let parentId: number;
  let baseChildId: number;

  beforeAll(async () => {
    w = await taskWorld();
    parentId = await draft(w, 'zzb', { frameworkNodeIds: [w.node('1.1.1')] });
    const res = expectStatus(
      await w.t.call({
        method: 'POST',
        url: `/api/tasks/${parentId}/issue`,
        as: 'zzb',
        payload: { recipients: { orgIds: [w.tree.b11.id] } },
      }),
      200,
    );
    baseChildId = res.json().childIds[0];
  });
  afterAll(async () => w.close());

  /** A fresh copy of the B11 child in the given status (set in the database; the action itself goes through HTTP). */
  async function cloneIn(status: TaskStatus, flagged = false): Promise<number> {
    const db = w.t.database.db;
    const { id: _id, ...base } = await db.selectFrom('tasks').selectAll().where('id', '=', baseChildId).executeTakeFirstOrThrow();
    const row = await db
      .insertInto('tasks')
      .values({ ...base, status, flagged: flagged ? 1 : 0 })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  function request(action: TaskAction, id: number) {
    const url = `/api/tasks/${id}`;
    switch (action) {
      case 'edit':
        return { method: 'PATCH' as const, url, payload: { title: '调整后的标题' } };
      case 'issue':
        return { method: 'POST' as const, url: `${url}/issue`, payload: {} };
      case 'issue_down':
        return { method: 'POST' as const, url: `${url}/issue`, payload: { recipients: { orgIds: [w.tree.gr111.id] } } };
      case 'decompose':
        return { method: 'POST' as const, url: `${url}/decompose`, payload: { items: [{ orgId: w.tree.gr111.id }] } };
      case 'note':
        return { method: 'POST' as const, url: `${url}/note`, payload: { text: '本周已召开支委会' } };
      case 'report':
        return { method: 'POST' as const, url: `${url}/report`, payload: { text: '已完成', progress: 100 } };
      case 'return':
      case 'cancel':
      case 'unflag':
        return { method: 'POST' as const, url: `${url}/${action}`, payload: { reason: '材料不全' } };
      case 'flag':
        return { method: 'POST' as const, url: `${url}/flag`, payload: { text: '请说明进度', answerDueOn: '2026-12-31' } };
      default:
        return { method: 'POST' as const, url: `${url}/${action}`, payload: {} };
    }
  }

  it('allows exactly the listed transitions, for the listed side, and refuses every other (403 side, 409 status, 404 unseen)', async () => {
    let checked = 0;
    for (const tr of MATRIX_ACTIONS) {
      for (const status of TASK_STATUSES) {
        const flagged = tr.action === 'unflag';
        const shared = await cloneIn(status, flagged);
        for (const actor of ACTORS) {
          const hasSide = actor.sides.includes(tr.by);
          const allowed = hasSide && tr.from.includes(status);
          // Each allowed attempt gets its own copy, so every allowed actor is really tried.
          const id = allowed ? await cloneIn(status, flagged) : shared;
          const res = await w.t.call({ ...request(tr.action, id), as: actor.name });
          // Flagging is refused at the route to anyone without a leader / org_admin role, before the task is looked up.
          const routeRefused = (tr.action === 'flag' || tr.action === 'unflag') && !ROLE_SUPERVISORS.has(actor.name);
          const expected = routeRefused ? 403 : INVISIBLE.has(actor.name) ? 404 : !hasSide ? 403 : allowed ? 200 : 409;
          if (res.statusCode !== expected) {
            throw new Error(
              `${actor.name} ${tr.action} on ${status}: expected ${expected}, got ${res.statusCode} ${res.body.slice(0, 300)}`,
            );
          }
          if (allowed) {
            const body = res.json();
            const task = 'task' in body && 'created' in body ? body.task : body;
            expect(task.status).toBe(tr.to ?? status);
          }
          checked += 1;
        }
      }
    }
    expect(checked).toBe(MATRIX_ACTIONS.length * TASK_STATUSES.length * ACTORS.length);
  });

  it('records every transition on the timeline and in the audit log, with who, from and to', async () => {
    const id = await cloneIn('issued');
    for (const [as, action, payload] of [
      ['b11sec', 'accept', {}],
      ['b11sec', 'start', {}],
      ['b11sec', 'report', { text: '第一次反馈', progress: 60 }],
      ['zzb', 'return', { reason: '缺少会议记录' }],
      ['b11sec', 'start', {}],
      ['b11sec', 'report', { text: '补充了会议记录', progress: 100 }],
      ['csec', 'verify', { text: '同意' }],
      ['zzb', 'close', {}],
    ] as const) {
      expectStatus(await w.t.call({ method: 'POST', url: `/api/tasks/${id}/${action}`, as, payload }), 200);
    }
    const detail = expectStatus(await w.t.call({ method: 'GET', url: `/api/tasks/${id}`, as: 'b11sec' }), 200).json();
    expect(detail.status).toBe('closed');
    const steps = detail.timeline.map((e: { kind: string; fromStatus: string; toStatus: string; actor: { name: string } }) => [
      e.kind,
      e.fromStatus,
      e.toStatus,
      e.actor.name,
    ]);
    expect(steps).toEqual([
      ['accepted', 'issued', 'accepted', 'b11sec'],
      ['started', 'accepted', 'in_progress', 'b11sec'],
      ['reported', 'in_progress', 'reported', 'b11sec'],
      ['returned', 'reported', 'returned', 'zzb'],
      ['started', 'returned', 'in_progress', 'b11sec'],
      ['reported', 'in_progress', 'reported', 'b11sec'],
      ['verified', 'reported', 'verified', 'csec'],
      ['closed', 'verified', 'closed', 'zzb'],
    ]);
    expect(detail.timeline[3].text).toBe('缺少会议记录');
    expect(detail.verifiedAt).not.toBeNull();
    expect(detail.allowedActions).toEqual([]);
    const audit = await w.t.database.db
      .selectFrom('audit_log')
      .select(['action', 'actor_name'])
      .where('entity_type', '=', 'task')
      .where('entity_id', '=', String(id))
      .orderBy('seq')
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      'task.accept',
      'task.start',
      'task.report',
      'task.return',
      'task.start',
      'task.report',
      'task.verify',
      'task.close',
    ]);
  });

  it('tells the executor which actions are open to them, and the issuer theirs', async () => {
    const id = await cloneIn('reported');
    const asExec = (await w.t.call({ method: 'GET', url: `/api/tasks/${id}`, as: 'b11sec' })).json();
    expect(asExec.allowedActions).toEqual([]);
    const asIssuer = (await w.t.call({ method: 'GET', url: `/api/tasks/${id}`, as: 'zzb' })).json();
    expect(asIssuer.allowedActions).toEqual(['verify', 'return', 'cancel', 'flag']);
    const asMember = (await w.t.call({ method: 'GET', url: `/api/tasks/${id}`, as: 'b11mem' })).json();
    expect(asMember.allowedActions).toEqual([]);
  });

  it('lets only operators granted exactly at the issuing org verify: the committee cannot verify what a general branch issued', async () => {
    const g1Task = await draft(w, 'g1sec', { orgId: w.tree.g1.id, level: 'annual_target' });
    const res = expectStatus(
      await w.t.call({
        method: 'POST',
        url: `/api/tasks/${g1Task}/issue`,
        as: 'g1sec',
        payload: { recipients: { orgIds: [w.tree.b12.id] } },
      }),
      200,
    ).json();
    const child = res.childIds[0];
    await w.t.call({ method: 'POST', url: `/api/tasks/${child}/accept`, as: 'b12sec', payload: {} });
    await w.t.call({ method: 'POST', url: `/api/tasks/${child}/report`, as: 'b12sec', payload: { text: '完成', progress: 100 } });
    const byCommittee = await w.t.call({ method: 'POST', url: `/api/tasks/${child}/verify`, as: 'zzb', payload: {} });
    expect(byCommittee.statusCode).toBe(403);
    expect(byCommittee.json().error.code).toBe('FORBIDDEN');
    expectStatus(await w.t.call({ method: 'POST', url: `/api/tasks/${child}/verify`, as: 'g1sec', payload: {} }), 200);
  });

  it('cancelling a task cancels its open descendants and leaves verified ones alone', async () => {
    const root = await draft(w, 'zzb', {});
    const issued = expectStatus(
      await w.t.call({
        method: 'POST',
        url: `/api/tasks/${root}/issue`,
        as: 'zzb',
        payload: { recipients: { orgIds: [w.tree.b11.id, w.tree.b12.id] } },
      }),
      200,
    ).json();
    const [c11, c12] = issued.childIds as number[];
    await w.t.call({ method: 'POST', url: `/api/tasks/${c12}/accept`, as: 'b12sec', payload: {} });
    await w.t.call({ method: 'POST', url: `/api/tasks/${c12}/report`, as: 'b12sec', payload: { text: 'ok', progress: 100 } });
    await w.t.call({ method: 'POST', url: `/api/tasks/${c12}/verify`, as: 'zzb', payload: {} });
    const res = expectStatus(
      await w.t.call({ method: 'POST', url: `/api/tasks/${root}/cancel`, as: 'zzb', payload: { reason: '任务调整' } }),
      200,
    ).json();
    expect(res.status).toBe('cancelled');
    const statuses = await w.t.database.db
      .selectFrom('tasks')
      .select(['id', 'status'])
      .where('id', 'in', [c11, c12])
      .orderBy('id')
      .execute();
    expect(statuses.map((s) => s.status)).toEqual(['cancelled', 'verified']);
    const inbox = (await w.t.call({ method: 'GET', url: '/api/notifications?kind=cancelled', as: 'b11sec' })).json();
    expect(inbox.items.some((n: { entityId: number }) => n.entityId === c11)).toBe(true);
  });

  it('refuses a return or cancel without a reason, and a report with a percentage over 100', async () => {
    const id = await cloneIn('reported');
    const noReason = await w.t.call({ method: 'POST', url: `/api/tasks/${id}/return`, as: 'zzb', payload: {} });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.code).toBe('VALIDATION_FAILED');
    const blank = await w.t.call({ method: 'POST', url: `/api/tasks/${id}/cancel`, as: 'zzb', payload: { reason: '   ' } });
    expect(blank.statusCode).toBe(400);
    const open = await cloneIn('in_progress');
    const over = await w.t.call({ method: 'POST', url: `/api/tasks/${open}/report`, as: 'b11sec', payload: { text: 'x', progress: 120 } });
    expect(over.statusCode).toBe(400);
  });

  it('answers 404 for a task that does not exist and 400 for an id that is not a number', async () => {
    expect((await w.t.call({ method: 'GET', url: '/api/tasks/999999', as: 'zzb' })).statusCode).toBe(404);
    expect((await w.t.call({ method: 'GET', url: '/api/tasks/abc', as: 'zzb' })).statusCode).toBe(400);
    expect((await w.t.call({ method: 'POST', url: '/api/tasks/999999/accept', as: 'b11sec', payload: {} })).statusCode).toBe(404);
  });

  it('publishes the transition table for the web', async () => {
    const res = expectStatus(await w.t.call({ method: 'GET', url: '/api/tasks/workflow', as: 'b11mem' }), 200).json();
    expect(res.find((t: { action: string }) => t.action === 'verify')).toEqual({
      action: 'verify',
      from: ['reported'],
      to: 'verified',
      by: 'issuer',
    });
  });
});
