import fs from 'node:fs';
import path from 'node:path';
import type { FrameworkCopyPlan, FrameworkNode, FrameworkNodeDetail, FrameworkTree } from '@guantong/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../core/access.js';
import { verifyAuditChain } from '../../core/audit.js';
import { ROOT_DIR } from '../../env.js';
import { createTestApp, makeUser, standardTree, type TestApp } from '../../test/harness.js';
import { registerFrameworkLinkProvider, unregisterFrameworkLinkProvider } from './framework.links.js';
import { frameworkYear, seedFrameworkIfEmpty } from './framework.service.js';

const SEED_ARTICLE = path.join(ROOT_DIR, '..', 'shared', 'seed', '000_de50d2d3e28aeb5c.txt');

function flatten(nodes: FrameworkNode[]): FrameworkNode[] {
  return nodes.flatMap((n) => [n, ...flatten(n.children)]);
}

function byCode(tree: FrameworkTree, code: string): FrameworkNode {
  const n = flatten(tree.nodes).find((x) => x.code === code);
  if (!n) {
    throw new Error(`no node ${code}`);
  }
  return n;
}

describe('framework (党建工作体系)', () => {
  let t: TestApp;
  let tree: Awaited<ReturnType<typeof standardTree>>;

  beforeEach(async () => {
    t = await createTestApp();
    tree = await standardTree(t);
    await makeUser(t, 'zzb', [{ role: 'org_admin', orgId: tree.c.id }]);
    await makeUser(t, 'g1admin', [{ role: 'org_admin', orgId: tree.g1.id }]);
    await makeUser(t, 'sec', [{ role: 'secretary', orgId: tree.b11.id }]);
    await makeUser(t, 'leader', [{ role: 'leader', orgId: tree.c.id }]);
    await makeUser(t, 'admin', [{ role: 'sysadmin', orgId: tree.c.id }]);
    for (const u of ['zzb', 'g1admin', 'sec', 'leader', 'admin']) {
      await t.login(u);
    }
  });
  afterEach(async () => t.close());

  const current = async (as = 'leader', query = ''): Promise<FrameworkTree> => {
    const res = await t.call({ method: 'GET', url: `/api/framework/current${query}`, as });
    expect(res.statusCode).toBe(200);
    return res.json();
  };
  const detail = async (id: number, as = 'leader'): Promise<FrameworkNodeDetail> => {
    const res = await t.call({ method: 'GET', url: `/api/framework/nodes/${id}`, as });
    expect(res.statusCode).toBe(200);
    return res.json();
  };

  describe('before anything is seeded', () => {
    it('answers 404 NOT_FOUND with the year when no framework exists, and 401 when not signed in', async () => {
      const res = await t.call({ method: 'GET', url: '/api/framework/current', as: 'leader' });
      expect(res.statusCode).toBe(404);
      expect(res.json().error).toMatchObject({ code: 'NOT_FOUND', details: { year: 2026 } });
      expect(res.json().error.message).toContain('2026');
      const anon = await t.call({ method: 'GET', url: '/api/framework/current' });
      expect(anon.statusCode).toBe(401);
    });

    it('lets an editor create a year from the 113344 seed or empty, once', async () => {
      const refused = await t.call({ method: 'POST', url: '/api/framework/versions', as: 'leader', payload: { year: 2026 } });
      expect(refused.statusCode).toBe(403);
      const res = await t.call({ method: 'POST', url: '/api/framework/versions', as: 'zzb', payload: { year: 2026 } });
      expect(res.statusCode).toBe(201);
      expect(res.json().nodes).toHaveLength(6);
      const again = await t.call({ method: 'POST', url: '/api/framework/versions', as: 'zzb', payload: { year: 2026, from: 'empty' } });
      expect(again.statusCode).toBe(409);
      const empty = await t.call({ method: 'POST', url: '/api/framework/versions', as: 'admin', payload: { year: 2030, from: 'empty' } });
      expect(empty.statusCode).toBe(201);
      expect(empty.json().nodes).toEqual([]);
    });

    it('seeds only once, for the year on Beijing time', async () => {
      t.clock.now = new Date('2026-12-31T17:00:00.000Z');
      expect(frameworkYear(t.clock.fn)).toBe(2027);
      const first = await seedFrameworkIfEmpty(t.ctx);
      expect(first).toMatchObject({ seeded: true, year: 2027 });
      const second = await seedFrameworkIfEmpty(t.ctx);
      expect(second.seeded).toBe(false);
    });
  });

  describe('seeded', () => {
    beforeEach(async () => {
      await seedFrameworkIfEmpty(t.ctx, SYSTEM_ACTOR);
    });

    it('seeds the six elements, 16 pillars (1+1+3+4+3+4) and at least 40 requirements of 113344', async () => {
      const cur = await current();
      expect(cur.year).toBe(2026);
      expect(cur.version.status).toBe('active');
      expect(cur.nodes.map((n) => `${n.code} ${n.name}`)).toEqual([
        '1 精神涵养',
        '2 使命引领',
        '3 组织保障',
        '4 基础支撑',
        '5 治理穿透',
        '6 成效评价',
      ]);
      expect(cur.nodes.map((n) => n.children.length)).toEqual([1, 1, 3, 4, 3, 4]);
      const all = flatten(cur.nodes);
      expect(all.filter((n) => n.kind === 'element')).toHaveLength(6);
      expect(all.filter((n) => n.kind === 'pillar')).toHaveLength(16);
      const reqs = all.filter((n) => n.kind === 'requirement');
      expect(reqs.length).toBeGreaterThanOrEqual(40);
      expect(reqs.every((r) => r.assessable && r.description.length > 0)).toBe(true);
      const pillarNames = all.filter((n) => n.kind === 'pillar').map((n) => n.name);
      for (const name of [
        '组织链',
        '责任链',
        '价值链',
        '制度治理',
        '决策治理',
        '运行治理',
        '政治执行力',
        '组织落实力',
        '堡垒作用力',
        '责任担当力',
      ]) {
        expect(pillarNames).toContain(name);
      }
      expect(reqs.some((r) => r.description.includes('有跟踪、有督导、有反馈的闭环管理'))).toBe(true);
      expect(reqs.some((r) => r.description.includes('党委会跟进学、中心组研讨学、读书班系统学、上级领导领学、邀请专家讲学'))).toBe(true);
    });

    it.skipIf(!fs.existsSync(SEED_ARTICLE))('takes every requirement’s description word for word from the seed article', async () => {
      const norm = (s: string) => s.replace(/[，,]/g, ',').replace(/[：:]/g, ':');
      const article = norm(fs.readFileSync(SEED_ARTICLE, 'utf8'));
      const reqs = flatten((await current()).nodes).filter((n) => n.kind === 'requirement');
      const missing = reqs.filter((r) => !article.includes(norm(r.description))).map((r) => r.code);
      expect(missing).toEqual([]);
    });

    it('answers /current with the fixed contract: nodes with code, name, kind and children, recursively', async () => {
      const res = await t.call({ method: 'GET', url: '/api/framework/current', as: 'sec' });
      expect(res.statusCode).toBe(200);
      const body = res.json();
      const check = (n: Record<string, unknown>) => {
        expect(typeof n.code).toBe('string');
        expect(typeof n.name).toBe('string');
        expect(['element', 'pillar', 'requirement']).toContain(n.kind);
        expect(Array.isArray(n.children)).toBe(true);
        for (const c of n.children as Record<string, unknown>[]) {
          check(c);
        }
      };
      expect(body.year).toBe(2026);
      expect(body.canEdit).toBe(false);
      for (const n of body.nodes) {
        check(n);
      }
      const pillar = byCode(body, '3.1');
      expect(pillar.children.every((c) => c.kind === 'requirement' && c.code.startsWith('3.1.'))).toBe(true);
    });

    it('lists versions with counts and tells who may edit', async () => {
      const asZzb = await t.call({ method: 'GET', url: '/api/framework/versions', as: 'zzb' });
      expect(asZzb.json()).toMatchObject({ currentYear: 2026, canEdit: true, items: [{ year: 2026, elements: 6, pillars: 16 }] });
      const asLeader = await t.call({ method: 'GET', url: '/api/framework/versions', as: 'leader' });
      expect(asLeader.json().canEdit).toBe(false);
      const year = await t.call({ method: 'GET', url: '/api/framework/versions/2026', as: 'sec' });
      expect(year.statusCode).toBe(200);
      const none = await t.call({ method: 'GET', url: '/api/framework/versions/2019', as: 'sec' });
      expect(none.statusCode).toBe(404);
    });

    it('shows a node with its path, children, years and history', async () => {
      const cur = await current();
      const d = await detail(byCode(cur, '3.1.3').id);
      expect(d.path.map((p) => p.code)).toEqual(['3', '3.1', '3.1.3']);
      expect(d.node.description).toContain('有跟踪、有督导、有反馈');
      expect(d.lineage).toEqual([expect.objectContaining({ year: 2026, code: '3.1.3', status: 'active' })]);
      expect(d.history[0]).toMatchObject({ action: 'framework_node.seeded', actor: 'system', year: 2026 });
      // Other modules (tasks …) may have registered providers; nothing is linked yet.
      expect(d.links.every((g) => g.count === 0 && g.items.length === 0)).toBe(true);
      expect(d.canEdit).toBe(false);
      const p = await detail(byCode(cur, '3.1').id);
      expect(p.children.length).toBe(byCode(cur, '3.1').children.length);
    });

    describe('who may edit', () => {
      it('lets org_admin at the top committee and sysadmin add nodes; refuses org_admin of a 党总支, a secretary and a leader', async () => {
        const cur = await current();
        const pillar = byCode(cur, '3.1');
        const payload = { parentId: pillar.id, name: '关联任务清单', description: '建立重大事项、年度指标、具体实施及子项关联任务清单' };
        for (const as of ['g1admin', 'sec', 'leader']) {
          const res = await t.call({ method: 'POST', url: '/api/framework/versions/2026/nodes', as, payload });
          expect(res.statusCode, as).toBe(403);
          expect(res.json().error.code).toBe('FORBIDDEN');
        }
        const ok = await t.call({ method: 'POST', url: '/api/framework/versions/2026/nodes', as: 'zzb', payload });
        expect(ok.statusCode).toBe(201);
        const added = ok.json() as FrameworkNodeDetail;
        expect(added.node).toMatchObject({ kind: 'requirement', code: `3.1.${pillar.children.length + 1}`, assessable: true, weight: 1 });
        const byAdmin = await t.call({
          method: 'POST',
          url: '/api/framework/versions/2026/nodes',
          as: 'admin',
          payload: { ...payload, name: '另一项' },
        });
        expect(byAdmin.statusCode).toBe(201);
        expect(byAdmin.json().node.code).toBe(`3.1.${pillar.children.length + 2}`);
        for (const as of ['g1admin', 'sec', 'leader']) {
          const patch = await t.call({ method: 'PATCH', url: `/api/framework/nodes/${added.node.id}`, as, payload: { name: 'x' } });
          expect(patch.statusCode, as).toBe(403);
          const retire = await t.call({ method: 'POST', url: `/api/framework/nodes/${added.node.id}/retire`, as, payload: {} });
          expect(retire.statusCode, as).toBe(403);
          const move = await t.call({
            method: 'POST',
            url: `/api/framework/nodes/${added.node.id}/move`,
            as,
            payload: { parentId: pillar.id },
          });
          expect(move.statusCode, as).toBe(403);
          const preview = await t.call({ method: 'POST', url: '/api/framework/versions/2026/copy-preview', as });
          expect(preview.statusCode, as).toBe(403);
        }
        const leaderRead = await detail(added.node.id, 'leader');
        expect(leaderRead.node.name).toBe('关联任务清单');
      });

      it('edits fields and carries a new code down to the descendants', async () => {
        const cur = await current();
        const pillar = byCode(cur, '3.3');
        const res = await t.call({
          method: 'PATCH',
          url: `/api/framework/nodes/${pillar.id}`,
          as: 'zzb',
          payload: { code: '3.9', evidence: '双融双促项目台账', weight: 2.5 },
        });
        expect(res.statusCode).toBe(200);
        expect(res.json().node).toMatchObject({ code: '3.9', evidence: '双融双促项目台账', weight: 2.5 });
        const after = await current();
        expect(byCode(after, '3.9').children.map((c) => c.code)).toEqual(pillar.children.map((c) => c.code.replace(/^3\.3\./, '3.9.')));
        const clash = await t.call({ method: 'PATCH', url: `/api/framework/nodes/${pillar.id}`, as: 'zzb', payload: { code: '3.1' } });
        expect(clash.statusCode).toBe(409);
      });
    });

    describe('moving', () => {
      it('moves a requirement to another pillar with the next free code there, and reorders within a pillar', async () => {
        const cur = await current();
        const req = byCode(cur, '3.1.1');
        const target = byCode(cur, '3.2');
        const res = await t.call({
          method: 'POST',
          url: `/api/framework/nodes/${req.id}/move`,
          as: 'zzb',
          payload: { parentId: target.id, position: 0 },
        });
        expect(res.statusCode).toBe(200);
        expect(res.json().node.code).toBe(`3.2.${target.children.length + 1}`);
        const after = await current();
        expect(byCode(after, '3.2').children[0]?.id).toBe(req.id);
        expect(byCode(after, '3.1').children.some((c) => c.id === req.id)).toBe(false);

        const last = byCode(after, '3.2').children.at(-1) as FrameworkNode;
        const reorder = await t.call({
          method: 'POST',
          url: `/api/framework/nodes/${last.id}/move`,
          as: 'zzb',
          payload: { parentId: target.id, position: 1 },
        });
        expect(reorder.statusCode).toBe(200);
        expect(reorder.json().node.code).toBe(last.code);
        expect(byCode(await current(), '3.2').children[1]?.id).toBe(last.id);
      });

      it('keeps kinds at their levels: element at the top, pillar under an element, requirement under a pillar', async () => {
        const cur = await current();
        const pillar = byCode(cur, '3.1');
        const otherPillar = byCode(cur, '3.2');
        const req = byCode(cur, '3.1.1');
        const cases = [
          { id: pillar.id, parentId: otherPillar.id },
          { id: req.id, parentId: byCode(cur, '4').id },
          { id: req.id, parentId: null },
          { id: pillar.id, parentId: null },
          { id: byCode(cur, '2').id, parentId: byCode(cur, '1').id },
          { id: req.id, parentId: byCode(cur, '3.1.2').id },
        ];
        for (const c of cases) {
          const res = await t.call({
            method: 'POST',
            url: `/api/framework/nodes/${c.id}/move`,
            as: 'zzb',
            payload: { parentId: c.parentId },
          });
          expect(res.statusCode, JSON.stringify(c)).toBe(400);
        }
        const ok = await t.call({
          method: 'POST',
          url: `/api/framework/nodes/${pillar.id}/move`,
          as: 'zzb',
          payload: { parentId: byCode(cur, '4').id },
        });
        expect(ok.statusCode).toBe(200);
        expect(ok.json().node.code).toBe('4.5');
        const moved = byCode(await current(), '4.5');
        expect(moved.children.map((c) => c.code)).toEqual(pillar.children.map((c) => c.code.replace(/^3\.1\./, '4.5.')));
        const top = await t.call({
          method: 'POST',
          url: `/api/framework/nodes/${byCode(cur, '6').id}/move`,
          as: 'zzb',
          payload: { parentId: null, position: 0 },
        });
        expect(top.statusCode).toBe(200);
        expect((await current()).nodes[0]?.code).toBe('6');
      });

      it('refuses to move a node under itself or its own descendant', async () => {
        const cur = await current();
        const element = byCode(cur, '3');
        const pillar = byCode(cur, '3.1');
        const self = await t.call({
          method: 'POST',
          url: `/api/framework/nodes/${pillar.id}/move`,
          as: 'zzb',
          payload: { parentId: pillar.id },
        });
        expect(self.statusCode).toBe(409);
        expect(self.json().error.details).toEqual({ rule: 'cycle' });
        const under = await t.call({
          method: 'POST',
          url: `/api/framework/nodes/${element.id}/move`,
          as: 'zzb',
          payload: { parentId: pillar.id },
        });
        expect(under.statusCode).toBe(409);
        const deep = await t.call({
          method: 'POST',
          url: `/api/framework/nodes/${element.id}/move`,
          as: 'zzb',
          payload: { parentId: byCode(cur, '3.1.1').id },
        });
        expect(deep.statusCode).toBe(409);
        expect((await current()).nodes.map((n) => n.code)).toEqual(['1', '2', '3', '4', '5', '6']);
      });
    });

    describe('retiring', () => {
      it('retires a pillar with its requirements, hides them from the tree, and keeps them with their history', async () => {
        const cur = await current();
        const pillar = byCode(cur, '4.3');
        const res = await t.call({
          method: 'POST',
          url: `/api/framework/nodes/${pillar.id}/retire`,
          as: 'zzb',
          payload: { reason: '并入4.1' },
        });
        expect(res.statusCode).toBe(200);
        expect(res.json().node).toMatchObject({ status: 'retired', retiredAt: '2026-11-25T08:00:00.000Z' });
        const after = await current();
        expect(flatten(after.nodes).some((n) => n.code.startsWith('4.3'))).toBe(false);
        const withRetired = await current('leader', '?includeRetired=true');
        const shown = byCode(withRetired, '4.3');
        expect(shown.status).toBe('retired');
        expect(shown.children.length).toBe(pillar.children.length);
        expect(shown.children.every((c) => c.status === 'retired')).toBe(true);
        const d = await detail(pillar.children[0]?.id as number);
        expect(d.node.status).toBe('retired');
        expect(d.history.map((h) => h.action)).toEqual(['framework_node.retired', 'framework_node.seeded']);
        const again = await t.call({ method: 'POST', url: `/api/framework/nodes/${pillar.id}/retire`, as: 'zzb', payload: {} });
        expect(again.statusCode).toBe(409);
        const addUnder = await t.call({
          method: 'POST',
          url: '/api/framework/versions/2026/nodes',
          as: 'zzb',
          payload: { parentId: pillar.id, name: 'x' },
        });
        expect(addUnder.statusCode).toBe(409);
        const restore = await t.call({ method: 'POST', url: `/api/framework/nodes/${pillar.id}/restore`, as: 'zzb' });
        expect(restore.statusCode).toBe(200);
        expect(byCode(await current(), '4.3').children.length).toBe(pillar.children.length);
      });

      it('audits every write in the chain', async () => {
        const cur = await current();
        const n = byCode(cur, '5.1');
        await t.call({ method: 'PATCH', url: `/api/framework/nodes/${n.id}`, as: 'zzb', payload: { name: '制度治理（修订）' } });
        await t.call({ method: 'POST', url: `/api/framework/nodes/${n.id}/retire`, as: 'zzb', payload: {} });
        const rows = await t.database.db
          .selectFrom('audit_log')
          .select(['action', 'actor_name', 'changes'])
          .where('entity_type', '=', 'framework_node')
          .where('entity_id', '=', String(n.id))
          .orderBy('seq')
          .execute();
        expect(rows.map((r) => r.action)).toEqual(['framework_node.seeded', 'framework_node.updated', 'framework_node.retired']);
        expect(JSON.parse(rows[1]?.changes ?? '[]')).toEqual([{ field: 'name', before: '制度治理', after: '制度治理（修订）' }]);
        expect(rows[1]?.actor_name).toBe('zzb');
        expect((await verifyAuditChain(t.database.db)).ok).toBe(true);
      });
    });

    describe('copying a year to the next', () => {
      const preview = async (year = 2026): Promise<FrameworkCopyPlan> => {
        const res = await t.call({ method: 'POST', url: `/api/framework/versions/${year}/copy-preview`, as: 'zzb' });
        expect(res.statusCode).toBe(200);
        return res.json();
      };
      const copy = async (year = 2026) => t.call({ method: 'POST', url: `/api/framework/versions/${year}/copy`, as: 'zzb' });

      it('previews every active node as an addition, then copies into a 2027 draft that shares lineages', async () => {
        const cur = await current();
        const total = flatten(cur.nodes).length;
        const retired = byCode(cur, '6.4');
        await t.call({ method: 'POST', url: `/api/framework/nodes/${retired.id}/retire`, as: 'zzb', payload: {} });
        const p = await preview();
        expect(p).toMatchObject({ sourceYear: 2026, targetYear: 2027, targetExists: false, applied: false, conflicts: [] });
        expect(p.summary.add).toBe(total - 1 - retired.children.length);
        expect(p.items.every((i) => i.action === 'add')).toBe(true);
        expect((await t.call({ method: 'GET', url: '/api/framework/versions/2027', as: 'zzb' })).statusCode).toBe(404);

        const res = await copy();
        expect(res.statusCode).toBe(200);
        expect(res.json()).toMatchObject({ applied: true, targetStatus: 'draft', summary: { add: p.summary.add } });
        const next: FrameworkTree = (await t.call({ method: 'GET', url: '/api/framework/versions/2027', as: 'leader' })).json();
        expect(next.version).toMatchObject({ status: 'draft', copiedFromYear: 2026 });
        expect(flatten(next.nodes).map((n) => n.code)).toEqual(flatten((await current()).nodes).map((n) => n.code));
        const n27 = byCode(next, '3.1.2');
        const n26 = byCode(cur, '3.1.2');
        expect(n27.lineageId).toBe(n26.lineageId);
        expect(n27.id).not.toBe(n26.id);
        const d = await detail(n27.id);
        expect(d.lineage.map((l) => l.year)).toEqual([2026, 2027]);
        expect((await current()).year).toBe(2026);

        const again = await preview();
        expect(again.targetExists).toBe(true);
        expect(again.summary).toMatchObject({ add: 0, update: 0, retire: 0 });
        expect(again.summary.unchanged).toBe(p.summary.add);
      });

      it('never lets an empty value overwrite a filled one, and shows what changes', async () => {
        expect((await copy()).statusCode).toBe(200);
        const cur = await current();
        const n26 = byCode(cur, '2.1.1');
        const next: FrameworkTree = (await t.call({ method: 'GET', url: '/api/framework/versions/2027', as: 'zzb' })).json();
        const n27 = byCode(next, '2.1.1');
        await t.call({
          method: 'PATCH',
          url: `/api/framework/nodes/${n26.id}`,
          as: 'zzb',
          payload: { evidence: '', nameEn: '', name: '决策事项清单（2026修订）' },
        });
        const p = await preview();
        const item = p.items.find((i) => i.lineageId === n26.lineageId);
        expect(item?.action).toBe('update');
        expect(item?.changes).toEqual([{ field: 'name', from: n27.name, to: '决策事项清单（2026修订）' }]);
        expect(item?.kept).toEqual([
          { field: 'nameEn', value: n27.nameEn },
          { field: 'evidence', value: n27.evidence },
        ]);
        expect(p.summary.keptValues).toBe(2);
        expect((await copy()).statusCode).toBe(200);
        const after = await detail(n27.id);
        expect(after.node).toMatchObject({ name: '决策事项清单（2026修订）', evidence: n27.evidence, nameEn: n27.nameEn });
        expect(after.history[0]).toMatchObject({ action: 'framework_node.updated', actor: 'zzb', year: 2027 });
      });

      it('carries a move over: the new parent and place are shown by code and applied', async () => {
        expect((await copy()).statusCode).toBe(200);
        const cur = await current();
        const req = byCode(cur, '3.1.1');
        const move = await t.call({
          method: 'POST',
          url: `/api/framework/nodes/${req.id}/move`,
          as: 'zzb',
          payload: { parentId: byCode(cur, '3.2').id, code: '3.2.9' },
        });
        expect(move.statusCode).toBe(200);
        const item = (await preview()).items.find((i) => i.lineageId === req.lineageId);
        expect(item?.action).toBe('update');
        expect(item?.changes).toEqual(
          expect.arrayContaining([
            { field: 'code', from: '3.1.1', to: '3.2.9' },
            { field: 'parent', from: '3.1', to: '3.2' },
          ]),
        );
        expect((await copy()).statusCode).toBe(200);
        const next: FrameworkTree = (await t.call({ method: 'GET', url: '/api/framework/versions/2027', as: 'zzb' })).json();
        expect(byCode(next, '3.2').children.map((c) => c.code)).toContain('3.2.9');
      });

      it('adds new nodes, retires what the source retired, keeps the target’s own nodes and its retirements', async () => {
        expect((await copy()).statusCode).toBe(200);
        const cur = await current();
        const next: FrameworkTree = (await t.call({ method: 'GET', url: '/api/framework/versions/2027', as: 'zzb' })).json();
        const added = await t.call({
          method: 'POST',
          url: '/api/framework/versions/2026/nodes',
          as: 'zzb',
          payload: { parentId: byCode(cur, '5.3').id, name: '招投标关键岗位监督', code: '5.3.20' },
        });
        expect(added.statusCode).toBe(201);
        await t.call({ method: 'POST', url: `/api/framework/nodes/${byCode(cur, '1.1.3').id}/retire`, as: 'zzb', payload: {} });
        await t.call({ method: 'POST', url: `/api/framework/nodes/${byCode(next, '1.1.4').id}/retire`, as: 'zzb', payload: {} });
        const own = await t.call({
          method: 'POST',
          url: '/api/framework/versions/2027/nodes',
          as: 'zzb',
          payload: { parentId: byCode(next, '6.1').id, name: '2027新增指标', code: '6.1.30' },
        });
        expect(own.statusCode).toBe(201);

        const p = await preview();
        const action = (code: string) => p.items.find((i) => i.code === code)?.action;
        expect(action('5.3.20')).toBe('add');
        expect(action('1.1.3')).toBe('retire');
        expect(action('1.1.4')).toBe('kept_retired');
        expect(action('6.1.30')).toBe('target_only');
        expect(p.summary).toMatchObject({ add: 1, retire: 1, keptRetired: 1, targetOnly: 1, update: 0 });

        expect((await copy()).statusCode).toBe(200);
        const after: FrameworkTree = (
          await t.call({ method: 'GET', url: '/api/framework/versions/2027?includeRetired=true', as: 'zzb' })
        ).json();
        expect(byCode(after, '5.3.20').lineageId).toBe((added.json() as FrameworkNodeDetail).node.lineageId);
        expect(byCode(after, '1.1.3').status).toBe('retired');
        expect(byCode(after, '1.1.4').status).toBe('retired');
        expect(byCode(after, '6.1.30').status).toBe('active');
      });

      it('refuses a copy that would use a code twice, and copies onto an archived year only after reopening it', async () => {
        expect((await copy()).statusCode).toBe(200);
        const cur = await current();
        const next: FrameworkTree = (await t.call({ method: 'GET', url: '/api/framework/versions/2027', as: 'zzb' })).json();
        const a = await t.call({
          method: 'POST',
          url: '/api/framework/versions/2026/nodes',
          as: 'zzb',
          payload: { parentId: byCode(cur, '3.2').id, name: 'A' },
        });
        const b = await t.call({
          method: 'POST',
          url: '/api/framework/versions/2027/nodes',
          as: 'zzb',
          payload: { parentId: byCode(next, '3.2').id, name: 'B' },
        });
        expect(a.json().node.code).toBe(b.json().node.code);
        const p = await preview();
        expect(p.conflicts).toEqual([{ code: a.json().node.code, names: expect.arrayContaining(['A', 'B']) }]);
        const refused = await copy();
        expect(refused.statusCode).toBe(409);
        expect(refused.json().error.code).toBe('CONFLICT');
        const unchanged: FrameworkTree = (await t.call({ method: 'GET', url: '/api/framework/versions/2027', as: 'zzb' })).json();
        expect(flatten(unchanged.nodes).filter((n) => n.name === 'A')).toHaveLength(0);

        await t.call({ method: 'PATCH', url: `/api/framework/nodes/${b.json().node.id}`, as: 'zzb', payload: { code: '3.2.99' } });
        const archive = await t.call({ method: 'PATCH', url: '/api/framework/versions/2027', as: 'zzb', payload: { status: 'archived' } });
        expect(archive.json().status).toBe('archived');
        expect((await copy()).statusCode).toBe(409);
        const edit = await t.call({ method: 'PATCH', url: `/api/framework/nodes/${b.json().node.id}`, as: 'zzb', payload: { name: 'C' } });
        expect(edit.statusCode).toBe(409);
        await t.call({ method: 'PATCH', url: '/api/framework/versions/2027', as: 'zzb', payload: { status: 'draft' } });
        expect((await copy()).statusCode).toBe(200);
      });

      it('keeps the previous year in force until the new year is activated', async () => {
        expect((await copy()).statusCode).toBe(200);
        t.clock.now = new Date('2027-01-05T02:00:00.000Z');
        await t.login('leader');
        await t.login('zzb');
        expect((await current()).year).toBe(2026);
        const act = await t.call({ method: 'PATCH', url: '/api/framework/versions/2027', as: 'leader', payload: { status: 'active' } });
        expect(act.statusCode).toBe(403);
        await t.call({ method: 'PATCH', url: '/api/framework/versions/2027', as: 'zzb', payload: { status: 'active' } });
        expect((await current()).year).toBe(2027);
      });
    });

    describe('linked work', () => {
      afterEach(() => {
        unregisterFrameworkLinkProvider('test-tasks');
        unregisterFrameworkLinkProvider('test-broken');
      });

      it('shows what providers link to the node and its descendants in every year, and marks a failing provider', async () => {
        const cur = await current();
        const pillar = byCode(cur, '3.1');
        const req = byCode(cur, '3.1.2');
        const seen: number[][] = [];
        registerFrameworkLinkProvider('test-tasks', async (_db, actor, nodeIds) => {
          seen.push(nodeIds);
          const items = nodeIds.includes(req.id)
            ? [{ id: 7, title: `任务 for ${actor.username}`, status: 'in_progress', href: '/tasks/7', nodeId: req.id }]
            : [];
          return { type: 'task', count: items.length, items };
        });
        registerFrameworkLinkProvider('test-broken', async () => {
          throw new Error('boom');
        });
        const d = await detail(pillar.id, 'sec');
        expect(seen[0]).toEqual(expect.arrayContaining([pillar.id, ...pillar.children.map((c) => c.id)]));
        expect(d.links.filter((g) => g.provider.startsWith('test-'))).toEqual([
          { provider: 'test-broken', type: 'test-broken', count: 0, items: [], unavailable: true },
          {
            provider: 'test-tasks',
            type: 'task',
            count: 1,
            items: [{ id: 7, title: '任务 for sec', status: 'in_progress', href: '/tasks/7', nodeId: req.id }],
            unavailable: false,
          },
        ]);
      });
    });

    describe('bad input', () => {
      it('answers 4xx, never 5xx', async () => {
        const cur = await current();
        const pillar = byCode(cur, '3.1');
        const other = await t.call({ method: 'POST', url: '/api/framework/versions', as: 'zzb', payload: { year: 2031, from: 'seed' } });
        const foreign = byCode(other.json(), '3.2');
        const cases: Array<[string, string, unknown, number]> = [
          ['GET', '/api/framework/versions/abc', undefined, 400],
          ['GET', '/api/framework/versions/1999', undefined, 400],
          ['GET', '/api/framework/current?includeRetired=maybe', undefined, 400],
          ['GET', '/api/framework/nodes/x', undefined, 400],
          ['GET', '/api/framework/nodes/999999', undefined, 404],
          ['POST', '/api/framework/versions/2026/nodes', { parentId: pillar.id, name: '' }, 400],
          ['POST', '/api/framework/versions/2026/nodes', { parentId: pillar.id, name: 'x', extra: 1 }, 400],
          ['POST', '/api/framework/versions/2026/nodes', { parentId: pillar.id, name: 'x', kind: 'pillar' }, 400],
          ['POST', '/api/framework/versions/2026/nodes', { parentId: pillar.children[0]?.id, name: 'x' }, 400],
          ['POST', '/api/framework/versions/2026/nodes', { parentId: foreign.id, name: 'x' }, 400],
          ['POST', '/api/framework/versions/2026/nodes', { parentId: pillar.id, name: 'x', code: '3.1.1' }, 409],
          ['POST', '/api/framework/versions/2026/nodes', { parentId: pillar.id, name: 'x', code: 'a b' }, 400],
          ['POST', '/api/framework/versions/2026/nodes', { parentId: pillar.id, name: 'x', weight: -1 }, 400],
          ['POST', '/api/framework/versions/2040/nodes', { parentId: null, name: 'x' }, 404],
          ['PATCH', `/api/framework/nodes/${pillar.id}`, {}, 400],
          ['PATCH', `/api/framework/nodes/${pillar.id}`, { kind: 'element' }, 400],
          ['POST', `/api/framework/nodes/${pillar.id}/move`, { parentId: foreign.id }, 400],
          ['POST', `/api/framework/nodes/${pillar.id}/move`, { parentId: 'x' }, 400],
          ['POST', `/api/framework/nodes/${pillar.id}/move`, {}, 400],
          ['POST', `/api/framework/nodes/${pillar.id}/restore`, undefined, 409],
          ['POST', '/api/framework/versions/2019/copy-preview', undefined, 404],
          ['POST', '/api/framework/versions/2100/copy-preview', undefined, 400],
          ['PATCH', '/api/framework/versions/2026', { status: 'gone' }, 400],
          ['POST', '/api/framework/versions', { year: 'next' }, 400],
        ];
        for (const [method, url, payload, status] of cases) {
          const res = await t.call({
            method: method as 'GET',
            url,
            as: 'zzb',
            ...(payload !== undefined ? { payload: payload as object } : {}),
          });
          expect(res.statusCode, `${method} ${url} ${JSON.stringify(payload)} → ${res.body}`).toBe(status);
          expect(res.json().error.code).toBeTypeOf('string');
        }
      });
    });
  });
});
