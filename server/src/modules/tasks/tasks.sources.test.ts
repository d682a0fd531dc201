import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorFor } from '../../test/harness.js';
import { expectStatus, type TaskWorld, taskWorld } from './tasks.fixtures.js';
import { createTask, issueTask } from './tasks.service.js';
import { registerTaskSourceProvider, sourceRollups } from './tasks.sources.js';

/** The hook other modules create work through: a task's `source`, named by the owning module's provider. */
describe('task sources (tasks created for another module’s record)', () => {
  let w: TaskWorld;
  beforeAll(async () => {
    w = await taskWorld();
    registerTaskSourceProvider(
      'test_record',
      async (_db, ids) => new Map(ids.filter((id) => id !== 404).map((id) => [id, { title: `记录 ${id}`, href: `/records/${id}` }])),
    );
  });
  afterAll(async () => w.close());

  const input = (title: string, orgId: number, dueOn = '2026-12-31') => ({
    level: 'action' as const,
    title,
    description: '',
    orgId,
    responsibilityKind: 'principal' as const,
    priority: 'normal' as const,
    dueOn,
    weight: 1,
    frameworkNodeIds: [],
    participantUserIds: [],
    recurrence: 'none' as const,
  });

  it('shows the source on the task, its children and the lists; an unknown record shows none', async () => {
    const zzb = await actorFor(w.t, w.users.zzb);
    const task = await createTask(w.t.ctx, zzb, input('按记录落实', w.tree.g1.id), { source: { type: 'test_record', id: 7 } });
    expect(task.source).toEqual({ type: 'test_record', id: 7, title: '记录 7', href: '/records/7' });
    const issued = await issueTask(w.t.ctx, zzb, task.id, { recipients: { orgIds: [w.tree.b11.id] } });
    const child = expectStatus(await w.t.call({ method: 'GET', url: `/api/tasks/${issued.childIds[0]}`, as: 'b11sec' }), 200).json();
    expect(child.source).toMatchObject({ type: 'test_record', id: 7 });
    const list = expectStatus(await w.t.call({ method: 'GET', url: '/api/tasks?view=org&pageSize=200', as: 'zzb' }), 200).json();
    expect(list.items.find((t: { id: number }) => t.id === task.id).source.title).toBe('记录 7');
    const plain = await createTask(w.t.ctx, zzb, input('普通任务', w.tree.g1.id));
    expect(plain.source).toBeNull();
    const orphan = await createTask(w.t.ctx, zzb, input('记录已删除', w.tree.g1.id), { source: { type: 'test_record', id: 404 } });
    expect(orphan.source).toBeNull();
  });

  it('refuses a source on a child task, and rolls up only the record’s top tasks that are live', async () => {
    const zzb = await actorFor(w.t, w.users.zzb);
    const parent = await createTask(w.t.ctx, zzb, input('上级草稿', w.tree.g1.id));
    await expect(
      createTask(w.t.ctx, zzb, { ...input('下级', w.tree.g1.id), parentId: parent.id }, { source: { type: 'test_record', id: 8 } }),
    ).rejects.toMatchObject({ status: 409 });
    const a = await createTask(w.t.ctx, zzb, input('甲', w.tree.g1.id, '2026-11-01'), { source: { type: 'test_record', id: 8 } });
    await issueTask(w.t.ctx, zzb, a.id, {});
    const b = await createTask(w.t.ctx, zzb, input('乙', w.tree.g1.id, '2026-12-31'), { source: { type: 'test_record', id: 8 } });
    await issueTask(w.t.ctx, zzb, b.id, {});
    await createTask(w.t.ctx, zzb, input('丙（草稿不计）', w.tree.g1.id), { source: { type: 'test_record', id: 8 } });
    const r = (await sourceRollups(w.t.database.db, 'test_record', [8, 9], '2026-11-25')).get(8);
    expect(r).toMatchObject({ total: 2, open: 2, verified: 0, overdue: 1, nextDueOn: '2026-11-01' });
    expect((await sourceRollups(w.t.database.db, 'test_record', [9], '2026-11-25')).size).toBe(0);
  });
});
