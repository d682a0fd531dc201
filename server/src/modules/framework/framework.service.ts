import {
  childKindOf,
  type FrameworkCopyPlan,
  type FrameworkHistoryEntry,
  type FrameworkNodeCreateInput,
  type FrameworkNodeDetail,
  type FrameworkNodeFields,
  type FrameworkNodeKind,
  type FrameworkNodeMoveInput,
  type FrameworkNodeRef,
  type FrameworkNodeRetireInput,
  type FrameworkNodeUpdateInput,
  type FrameworkTree,
  type FrameworkVersion,
  type FrameworkVersionCreateInput,
  type FrameworkVersionList,
  type FrameworkVersionUpdateInput,
} from '@guantong/shared';
import type { Kysely } from 'kysely';
import { type Actor, SYSTEM_ACTOR } from '../../core/access.js';
import { audit } from '../../core/audit.js';
import type { AppContext } from '../../core/context.js';
import { AppError, badRequest, conflict, invalidState, notFound } from '../../core/errors.js';
import type { DB } from '../../db/schema.js';
import { planCopy } from './framework.copy.js';
import { collectFrameworkLinks } from './framework.links.js';
import { canEditFramework, requireFrameworkEditor } from './framework.policy.js';
import { presentNodeFields, presentNodeRef, presentTree, presentVersion } from './framework.presenter.js';
import {
  countNodesByVersion,
  findNodeById,
  findNodesByIds,
  findVersionById,
  findVersionByYear,
  findVersionInForce,
  hasAnyVersion,
  insertNode,
  insertVersion,
  listNodeAudit,
  listNodes,
  listNodesOfLineages,
  listVersions,
  type NodeRow,
  updateNode,
  updateVersion,
  type VersionRow,
} from './framework.repository.js';
import { FRAMEWORK_113344, flattenFramework } from './framework.seed-data.js';

/** The enterprise works on Beijing time (UTC+8, no daylight saving): the framework year turns at its midnight. */
export function frameworkYear(clock: () => Date): number {
  return new Date(clock().getTime() + 8 * 3600_000).getUTCFullYear();
}

const NODE_AUDIT_FIELDS = [
  'parent_id',
  'code',
  'name',
  'name_en',
  'kind',
  'description',
  'evidence',
  'weight',
  'assessable',
  'sort_order',
  'status',
] as const;

function auditable(row: Partial<NodeRow>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of NODE_AUDIT_FIELDS) {
    if (row[k] !== undefined) {
      out[k] = row[k];
    }
  }
  return out;
}

async function copiedFromYear(db: Kysely<DB>, row: VersionRow): Promise<number | null> {
  if (row.copied_from === null) {
    return null;
  }
  return (await findVersionById(db, row.copied_from))?.year ?? null;
}

async function versionOut(db: Kysely<DB>, row: VersionRow): Promise<FrameworkVersion> {
  return presentVersion(row, await copiedFromYear(db, row));
}

/** Inserts the 113344 tree as the seed describes it into a version, each node audited. */
async function insertSeedNodes(trx: Kysely<DB>, actor: Actor, versionId: number, ctx: AppContext): Promise<number> {
  const now = ctx.clock().toISOString();
  const ids = new Map<string, number>();
  const rows = flattenFramework(FRAMEWORK_113344);
  for (const r of rows) {
    const parentId = r.parentCode === null ? null : (ids.get(r.parentCode) ?? null);
    if (r.parentCode !== null && parentId === null) {
      throw new Error(`framework seed: parent ${r.parentCode} of ${r.code} must come first`);
    }
    const values = {
      version_id: versionId,
      parent_id: parentId,
      code: r.code,
      name: r.name,
      name_en: r.nameEn,
      kind: r.kind,
      description: r.description,
      evidence: r.evidence,
      weight: r.weight,
      assessable: r.assessable ? 1 : 0,
      sort_order: r.sortOrder,
      status: 'active' as const,
      retired_at: null,
      created_at: now,
      updated_at: now,
    };
    const { id } = await insertNode(trx, { ...values, lineage_id: null });
    ids.set(r.code, id);
    await audit(
      trx,
      actor,
      { action: 'framework_node.seeded', entityType: 'framework_node', entityId: id, after: auditable(values) },
      ctx.clock,
    );
  }
  return rows.length;
}

async function createVersionTx(
  ctx: AppContext,
  actor: Actor,
  input: FrameworkVersionCreateInput,
): Promise<{ versionId: number; nodes: number }> {
  const now = ctx.clock().toISOString();
  return ctx.database.db.transaction().execute(async (trx) => {
    if (await findVersionByYear(trx, input.year)) {
      throw conflict(`A framework for ${input.year} exists already.`, [{ path: 'year', message: 'exists' }]);
    }
    const values = { year: input.year, status: input.status, copied_from: null, created_at: now, updated_at: now };
    const { id } = await insertVersion(trx, values);
    const nodes = input.from === 'seed' ? await insertSeedNodes(trx, actor, id, ctx) : 0;
    await audit(
      trx,
      actor,
      {
        action: 'framework.version_created',
        entityType: 'framework_version',
        entityId: id,
        after: values,
        note: { from: input.from, nodes },
      },
      ctx.clock,
    );
    return { versionId: id, nodes };
  });
}

/**
 * Seeds the current year's framework from the 113344 seed when no framework exists at all (first start with
 * demo data). Does nothing otherwise.
 */
export async function seedFrameworkIfEmpty(
  ctx: AppContext,
  actor: Actor = SYSTEM_ACTOR,
): Promise<{ seeded: boolean; year: number; nodes: number }> {
  const year = frameworkYear(ctx.clock);
  if (await hasAnyVersion(ctx.database.db)) {
    return { seeded: false, year, nodes: 0 };
  }
  const { nodes } = await createVersionTx(ctx, actor, { year, from: 'seed', status: 'active' });
  return { seeded: true, year, nodes };
}

/** Creates a year's framework, seeded with 113344 or empty (editors only). */
export async function createVersion(ctx: AppContext, actor: Actor, input: FrameworkVersionCreateInput): Promise<FrameworkTree> {
  requireFrameworkEditor(actor);
  await createVersionTx(ctx, actor, input);
  return getVersionTree(ctx, actor, input.year, false);
}

async function treeOf(ctx: AppContext, actor: Actor, version: VersionRow, includeRetired: boolean): Promise<FrameworkTree> {
  const db = ctx.database.db;
  const rows = await listNodes(db, version.id);
  return {
    version: await versionOut(db, version),
    year: version.year,
    canEdit: canEditFramework(actor),
    nodes: presentTree(rows, includeRetired),
  };
}

/**
 * The framework in force now: this year's version unless it is still a draft or missing, in which case the
 * latest earlier one that is not a draft. 404 when there is none.
 */
export async function getCurrentTree(ctx: AppContext, actor: Actor, includeRetired: boolean): Promise<FrameworkTree> {
  const year = frameworkYear(ctx.clock);
  const version = await findVersionInForce(ctx.database.db, year);
  if (!version) {
    throw new AppError('NOT_FOUND', 404, `No framework (党建工作体系) is in force for ${year}. An editor can create one.`, { year });
  }
  return treeOf(ctx, actor, version, includeRetired);
}

/** One year's tree. */
export async function getVersionTree(ctx: AppContext, actor: Actor, year: number, includeRetired: boolean): Promise<FrameworkTree> {
  const version = await findVersionByYear(ctx.database.db, year);
  if (!version) {
    throw notFound('framework version');
  }
  return treeOf(ctx, actor, version, includeRetired);
}

/** Every year's version with its node counts, and which year is in force. */
export async function listVersionSummaries(ctx: AppContext, actor: Actor): Promise<FrameworkVersionList> {
  const db = ctx.database.db;
  const [versions, counts, inForce] = await Promise.all([
    listVersions(db),
    countNodesByVersion(db),
    findVersionInForce(db, frameworkYear(ctx.clock)),
  ]);
  const yearOf = new Map(versions.map((v) => [v.id, v.year]));
  return {
    currentYear: inForce?.year ?? null,
    canEdit: canEditFramework(actor),
    items: versions.map((v) => {
      const mine = counts.filter((c) => c.version_id === v.id);
      const active = (kind: FrameworkNodeKind) =>
        mine.filter((c) => c.kind === kind && c.status === 'active').reduce((n, c) => n + Number(c.n), 0);
      return {
        ...presentVersion(v, v.copied_from === null ? null : (yearOf.get(v.copied_from) ?? null)),
        elements: active('element'),
        pillars: active('pillar'),
        requirements: active('requirement'),
        retired: mine.filter((c) => c.status === 'retired').reduce((n, c) => n + Number(c.n), 0),
      };
    }),
  };
}

/** Changes a version's status (draft → active → archived, or back). */
export async function setVersionStatus(
  ctx: AppContext,
  actor: Actor,
  year: number,
  input: FrameworkVersionUpdateInput,
): Promise<FrameworkVersion> {
  requireFrameworkEditor(actor);
  const db = ctx.database.db;
  const before = await findVersionByYear(db, year);
  if (!before) {
    throw notFound('framework version');
  }
  if (before.status !== input.status) {
    const now = ctx.clock().toISOString();
    await db.transaction().execute(async (trx) => {
      await updateVersion(trx, before.id, { status: input.status, updated_at: now });
      await audit(
        trx,
        actor,
        {
          action: 'framework.version_status',
          entityType: 'framework_version',
          entityId: before.id,
          before: { status: before.status },
          after: { status: input.status },
        },
        ctx.clock,
      );
    });
  }
  const after = await findVersionByYear(db, year);
  if (!after) {
    throw notFound('framework version');
  }
  return versionOut(db, after);
}

function historyOf(rows: Awaited<ReturnType<typeof listNodeAudit>>, yearOfNode: Map<number, number>): FrameworkHistoryEntry[] {
  return rows.map((r) => {
    let changes: FrameworkHistoryEntry['changes'] = [];
    try {
      changes = JSON.parse(r.changes) as FrameworkHistoryEntry['changes'];
    } catch {
      changes = [];
    }
    return { at: r.at, actor: r.actor_name, action: r.action, year: yearOfNode.get(Number(r.entity_id)) ?? null, changes };
  });
}

function descendantsOf(rows: NodeRow[], id: number): NodeRow[] {
  const children = new Map<number, NodeRow[]>();
  for (const r of rows) {
    if (r.parent_id !== null) {
      children.set(r.parent_id, [...(children.get(r.parent_id) ?? []), r]);
    }
  }
  const out: NodeRow[] = [];
  const stack = [...(children.get(id) ?? [])];
  while (stack.length > 0) {
    const r = stack.pop() as NodeRow;
    out.push(r);
    stack.push(...(children.get(r.id) ?? []));
  }
  return out;
}

function pathOf(rows: NodeRow[], node: NodeRow): NodeRow[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const path: NodeRow[] = [];
  let cur: NodeRow | undefined = node;
  while (cur) {
    path.unshift(cur);
    cur = cur.parent_id === null ? undefined : byId.get(cur.parent_id);
    if (path.length > 10) {
      break;
    }
  }
  return path;
}

/**
 * A node with its path, children, the same node in other years, its change history, and everything the
 * registered link providers find under it (the node and its descendants, every year).
 */
export async function getNodeDetail(
  ctx: AppContext,
  actor: Actor,
  id: number,
  onProviderError?: (name: string, err: unknown) => void,
): Promise<FrameworkNodeDetail> {
  const db = ctx.database.db;
  const node = await findNodeById(db, id);
  if (!node) {
    throw notFound('framework node');
  }
  const version = await findVersionById(db, node.version_id);
  if (!version) {
    throw notFound('framework node');
  }
  const rows = await listNodes(db, node.version_id);
  const descendants = descendantsOf(rows, node.id);
  const lineageIds = [...new Set([node.lineage_id, ...descendants.map((d) => d.lineage_id)])];
  const lineageRows = await listNodesOfLineages(db, lineageIds);
  const own = lineageRows.filter((r) => r.lineage_id === node.lineage_id);
  const yearOfNode = new Map(own.map((r) => [r.id, r.year]));
  const [auditRows, links] = await Promise.all([
    listNodeAudit(
      db,
      own.map((r) => r.id),
      200,
    ),
    collectFrameworkLinks(
      db,
      actor,
      lineageRows.map((r) => r.id),
      onProviderError,
    ),
  ]);
  return {
    node: presentNodeFields(node),
    version: await versionOut(db, version),
    path: pathOf(rows, node).map(presentNodeRef),
    children: rows.filter((r) => r.parent_id === node.id).map(presentNodeFields),
    lineage: own.map((r) => ({
      nodeId: r.id,
      year: r.year,
      versionStatus: r.version_status,
      code: r.code,
      name: r.name,
      status: r.status,
    })),
    history: historyOf(auditRows, yearOfNode),
    links,
    canEdit: canEditFramework(actor),
  };
}

/** Short references to framework nodes by id (for other modules validating or showing node ids). */
export async function getFrameworkNodeRefs(
  db: Kysely<DB>,
  ids: number[],
): Promise<Array<FrameworkNodeRef & { versionId: number; lineageId: number; status: 'active' | 'retired' }>> {
  const rows = await findNodesByIds(db, [...new Set(ids)]);
  return rows.map((r) => ({ ...presentNodeRef(r), versionId: r.version_id, lineageId: r.lineage_id, status: r.status }));
}

function requireEditable(version: VersionRow): void {
  if (version.status === 'archived') {
    throw invalidState(`The ${version.year} framework is archived; reopen it before editing.`);
  }
}

/** The next free code under a parent: its code plus one more than the highest numbered child (any status). */
function nextCode(parentCode: string | null, siblings: NodeRow[]): string {
  let max = 0;
  for (const s of siblings) {
    const last = Number(s.code.split('.').at(-1));
    if (Number.isInteger(last) && last > max) {
      max = last;
    }
  }
  return parentCode === null ? String(max + 1) : `${parentCode}.${max + 1}`;
}

/** Refuses codes already used by another active node of the version. */
function assertCodesFree(rows: NodeRow[], codes: Map<number, string>): void {
  const taken = new Map<string, NodeRow>();
  for (const r of rows) {
    if (r.status === 'active' && !codes.has(r.id)) {
      taken.set(r.code, r);
    }
  }
  const seen = new Set<string>();
  for (const code of codes.values()) {
    const other = taken.get(code);
    if (other || seen.has(code)) {
      throw conflict(`The code ${code} is already used${other ? ` by ${other.name}` : ''}.`, [{ path: 'code', message: 'taken' }]);
    }
    seen.add(code);
  }
}

/** New codes for a node and its descendants when its code changes (descendant prefixes follow). */
function recodeSubtree(rows: NodeRow[], node: NodeRow, newCode: string): Map<number, string> {
  const out = new Map<number, string>([[node.id, newCode]]);
  if (newCode === node.code) {
    return out;
  }
  for (const d of descendantsOf(rows, node.id)) {
    if (d.code.startsWith(`${node.code}.`)) {
      out.set(d.id, `${newCode}${d.code.slice(node.code.length)}`);
    }
  }
  return out;
}

async function applyCodes(
  trx: Kysely<DB>,
  actor: Actor,
  ctx: AppContext,
  rows: NodeRow[],
  codes: Map<number, string>,
  skipId: number,
): Promise<void> {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const now = ctx.clock().toISOString();
  for (const [id, code] of codes) {
    const before = byId.get(id);
    if (id === skipId || !before || before.code === code) {
      continue;
    }
    await updateNode(trx, id, { code, updated_at: now });
    await audit(
      trx,
      actor,
      { action: 'framework_node.recoded', entityType: 'framework_node', entityId: id, before: { code: before.code }, after: { code } },
      ctx.clock,
    );
  }
}

async function loadEditableNode(ctx: AppContext, actor: Actor, id: number) {
  requireFrameworkEditor(actor);
  const db = ctx.database.db;
  const node = await findNodeById(db, id);
  if (!node) {
    throw notFound('framework node');
  }
  const version = await findVersionById(db, node.version_id);
  if (!version) {
    throw notFound('framework node');
  }
  requireEditable(version);
  return { node, version };
}

/** Adds a node under a parent (or a new element at the top) of a year's tree; the kind follows the parent. */
export async function addNode(ctx: AppContext, actor: Actor, year: number, input: FrameworkNodeCreateInput) {
  requireFrameworkEditor(actor);
  const db = ctx.database.db;
  const version = await findVersionByYear(db, year);
  if (!version) {
    throw notFound('framework version');
  }
  requireEditable(version);
  const id = await db.transaction().execute(async (trx) => {
    const rows = await listNodes(trx, version.id);
    const parent = input.parentId === null ? null : rows.find((r) => r.id === input.parentId);
    if (input.parentId !== null && !parent) {
      throw badRequest('The parent is not a node of this year’s framework.', [{ path: 'parentId', message: 'not in this version' }]);
    }
    if (parent && parent.status !== 'active') {
      throw invalidState('The parent is retired; restore it first.');
    }
    const kind = childKindOf(parent?.kind ?? null);
    if (kind === null) {
      throw badRequest('A requirement cannot have children.', [{ path: 'parentId', message: 'requirement' }]);
    }
    if (input.kind && input.kind !== kind) {
      throw badRequest(`Under ${parent ? `a ${parent.kind}` : 'the top'} only a ${kind} can be added.`, [
        { path: 'kind', message: `expected ${kind}` },
      ]);
    }
    const siblings = rows.filter((r) => r.parent_id === (parent?.id ?? null));
    const code = input.code ?? nextCode(parent?.code ?? null, siblings);
    assertCodesFree(rows, new Map([[-1, code]]));
    const now = ctx.clock().toISOString();
    const values = {
      version_id: version.id,
      parent_id: parent?.id ?? null,
      code,
      name: input.name,
      name_en: input.nameEn,
      kind,
      description: input.description,
      evidence: input.evidence,
      weight: input.weight,
      assessable: (input.assessable ?? kind === 'requirement') ? 1 : 0,
      sort_order: siblings.reduce((m, s) => Math.max(m, s.sort_order), 0) + 1,
      status: 'active' as const,
      retired_at: null,
      created_at: now,
      updated_at: now,
    };
    const row = await insertNode(trx, { ...values, lineage_id: null });
    await audit(
      trx,
      actor,
      { action: 'framework_node.created', entityType: 'framework_node', entityId: row.id, after: auditable(values) },
      ctx.clock,
    );
    return row.id;
  });
  return getNodeDetail(ctx, actor, id);
}

/** Edits a node's fields; a new code is carried down to the descendants' codes. */
export async function updateNodeFields(ctx: AppContext, actor: Actor, id: number, input: FrameworkNodeUpdateInput) {
  const { node } = await loadEditableNode(ctx, actor, id);
  await ctx.database.db.transaction().execute(async (trx) => {
    const rows = await listNodes(trx, node.version_id);
    const before = rows.find((r) => r.id === id) ?? node;
    const patch = {
      ...(input.code !== undefined ? { code: input.code } : {}),
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.nameEn !== undefined ? { name_en: input.nameEn } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.evidence !== undefined ? { evidence: input.evidence } : {}),
      ...(input.weight !== undefined ? { weight: input.weight } : {}),
      ...(input.assessable !== undefined ? { assessable: input.assessable ? 1 : 0 } : {}),
    };
    let codes = new Map<number, string>();
    if (input.code !== undefined && input.code !== before.code) {
      if (before.status !== 'active') {
        throw invalidState('Restore the node before changing its code.');
      }
      codes = recodeSubtree(rows, before, input.code);
      assertCodesFree(rows, codes);
    }
    await updateNode(trx, id, { ...patch, updated_at: ctx.clock().toISOString() });
    await audit(
      trx,
      actor,
      {
        action: 'framework_node.updated',
        entityType: 'framework_node',
        entityId: id,
        before: auditable(Object.fromEntries(Object.keys(patch).map((k) => [k, before[k as keyof NodeRow]]))),
        after: auditable(patch),
      },
      ctx.clock,
    );
    await applyCodes(trx, actor, ctx, rows, codes, id);
  });
  return getNodeDetail(ctx, actor, id);
}

/**
 * Moves a node to another parent of the same year or to another place among its siblings. Kinds keep their
 * levels (element at the top, pillar under an element, requirement under a pillar); a node never goes under itself.
 */
export async function moveNode(ctx: AppContext, actor: Actor, id: number, input: FrameworkNodeMoveInput) {
  const { node } = await loadEditableNode(ctx, actor, id);
  await ctx.database.db.transaction().execute(async (trx) => {
    const rows = await listNodes(trx, node.version_id);
    const me = rows.find((r) => r.id === id) ?? node;
    if (me.status !== 'active') {
      throw invalidState('A retired node cannot be moved; restore it first.');
    }
    const parent = input.parentId === null ? null : rows.find((r) => r.id === input.parentId);
    if (input.parentId !== null && !parent) {
      throw badRequest('The new parent is not a node of the same year’s framework.', [
        { path: 'parentId', message: 'not in this version' },
      ]);
    }
    if (parent) {
      if (parent.id === me.id || descendantsOf(rows, me.id).some((d) => d.id === parent.id)) {
        throw new AppError('INVALID_STATE', 409, 'A node cannot be moved under itself or one of its own descendants.', {
          rule: 'cycle',
        });
      }
      if (parent.status !== 'active') {
        throw invalidState('The new parent is retired.');
      }
    }
    const allowed = childKindOf(parent?.kind ?? null);
    if (allowed !== me.kind) {
      const where = parent ? `under a ${parent.kind}` : 'at the top';
      throw badRequest(
        `A ${me.kind} cannot be placed ${where}: elements sit at the top, pillars under elements, requirements under pillars.`,
        [{ path: 'parentId', message: 'kind rule', rule: 'kind' }],
      );
    }
    const newParentId = parent?.id ?? null;
    const parentChanged = newParentId !== me.parent_id;
    const siblings = rows.filter((r) => r.parent_id === newParentId && r.id !== me.id);
    const newCode = input.code ?? (parentChanged ? nextCode(parent?.code ?? null, siblings) : me.code);
    const codes = newCode === me.code ? new Map<number, string>() : recodeSubtree(rows, me, newCode);
    if (codes.size > 0) {
      assertCodesFree(rows, codes);
    }
    const active = siblings.filter((s) => s.status === 'active');
    const retired = siblings.filter((s) => s.status !== 'active');
    const position = Math.min(input.position ?? active.length, active.length);
    const order = [...active.slice(0, position), me, ...active.slice(position), ...retired];
    const now = ctx.clock().toISOString();
    for (const [i, s] of order.entries()) {
      const sortOrder = i + 1;
      if (s.id === me.id) {
        continue;
      }
      if (s.sort_order !== sortOrder) {
        await updateNode(trx, s.id, { sort_order: sortOrder, updated_at: now });
      }
    }
    const myOrder = order.indexOf(me) + 1;
    const after = { parent_id: newParentId, code: newCode, sort_order: myOrder };
    await updateNode(trx, me.id, { ...after, updated_at: now });
    await audit(
      trx,
      actor,
      {
        action: 'framework_node.moved',
        entityType: 'framework_node',
        entityId: me.id,
        before: { parent_id: me.parent_id, code: me.code, sort_order: me.sort_order },
        after,
      },
      ctx.clock,
    );
    await applyCodes(trx, actor, ctx, rows, codes, me.id);
  });
  return getNodeDetail(ctx, actor, id);
}

/** Retires a node and everything under it; they stay in the database with their history and links. */
export async function retireNode(ctx: AppContext, actor: Actor, id: number, input: FrameworkNodeRetireInput) {
  const { node } = await loadEditableNode(ctx, actor, id);
  if (node.status !== 'active') {
    throw invalidState('The node is retired already.');
  }
  await ctx.database.db.transaction().execute(async (trx) => {
    const rows = await listNodes(trx, node.version_id);
    const now = ctx.clock().toISOString();
    const targets = [node, ...descendantsOf(rows, node.id).filter((d) => d.status === 'active')];
    for (const r of targets) {
      await updateNode(trx, r.id, { status: 'retired', retired_at: now, updated_at: now });
      await audit(
        trx,
        actor,
        {
          action: 'framework_node.retired',
          entityType: 'framework_node',
          entityId: r.id,
          before: { status: 'active' },
          after: { status: 'retired' },
          note: { ...(input.reason ? { reason: input.reason } : {}), ...(r.id !== node.id ? { with: node.code } : {}) },
        },
        ctx.clock,
      );
    }
  });
  return getNodeDetail(ctx, actor, id);
}

/** Brings back a retired node (its parent must be active) and what was retired with it. */
export async function restoreNode(ctx: AppContext, actor: Actor, id: number) {
  const { node } = await loadEditableNode(ctx, actor, id);
  if (node.status !== 'retired') {
    throw invalidState('The node is not retired.');
  }
  await ctx.database.db.transaction().execute(async (trx) => {
    const rows = await listNodes(trx, node.version_id);
    const parent = node.parent_id === null ? null : rows.find((r) => r.id === node.parent_id);
    if (parent && parent.status !== 'active') {
      throw invalidState('The parent is retired; restore it first.');
    }
    const targets = [node, ...descendantsOf(rows, node.id).filter((d) => d.status === 'retired' && d.retired_at === node.retired_at)];
    assertCodesFree(rows, new Map(targets.map((r) => [r.id, r.code])));
    const now = ctx.clock().toISOString();
    for (const r of targets) {
      await updateNode(trx, r.id, { status: 'active', retired_at: null, updated_at: now });
      await audit(
        trx,
        actor,
        {
          action: 'framework_node.restored',
          entityType: 'framework_node',
          entityId: r.id,
          before: { status: 'retired' },
          after: { status: 'active' },
        },
        ctx.clock,
      );
    }
  });
  return getNodeDetail(ctx, actor, id);
}

async function buildPlan(db: Kysely<DB>, year: number) {
  const targetYear = year + 1;
  if (targetYear > 2100) {
    throw badRequest('The year after this one is out of range.');
  }
  const source = await findVersionByYear(db, year);
  if (!source) {
    throw notFound('framework version');
  }
  const target = await findVersionByYear(db, targetYear);
  const [sourceRows, targetRows] = await Promise.all([listNodes(db, source.id), target ? listNodes(db, target.id) : Promise.resolve(null)]);
  const { planned, plan } = planCopy(sourceRows, targetRows);
  const full: FrameworkCopyPlan = {
    sourceYear: year,
    targetYear,
    targetExists: target !== undefined,
    targetStatus: target?.status ?? null,
    ...plan,
    applied: false,
  };
  return { source, target, planned, plan: full };
}

/** What copying a year onto the next would do; nothing is written. */
export async function previewCopy(ctx: AppContext, actor: Actor, year: number): Promise<FrameworkCopyPlan> {
  requireFrameworkEditor(actor);
  return (await buildPlan(ctx.database.db, year)).plan;
}

/**
 * Copies a year onto the next in one transaction, as the preview shows: creates the next year as a draft when
 * missing, adds and updates by lineage, never overwrites a filled value with an empty one. Refused while codes
 * would clash or when the next year is archived.
 */
export async function copyVersion(ctx: AppContext, actor: Actor, year: number): Promise<FrameworkCopyPlan> {
  requireFrameworkEditor(actor);
  return ctx.database.db.transaction().execute(async (trx) => {
    const { source, target, planned, plan } = await buildPlan(trx, year);
    if (target?.status === 'archived') {
      throw invalidState(`The ${plan.targetYear} framework is archived; reopen it before copying onto it.`);
    }
    if (plan.conflicts.length > 0) {
      throw conflict('Some codes would be used twice in the next year; change them first.', plan.conflicts);
    }
    const now = ctx.clock().toISOString();
    let targetId: number;
    if (target) {
      targetId = target.id;
      await updateVersion(trx, target.id, { copied_from: source.id, updated_at: now });
    } else {
      const values = { year: plan.targetYear, status: 'draft' as const, copied_from: source.id, created_at: now, updated_at: now };
      targetId = (await insertVersion(trx, values)).id;
      await audit(
        trx,
        actor,
        { action: 'framework.version_created', entityType: 'framework_version', entityId: targetId, after: values },
        ctx.clock,
      );
    }
    const depth = { element: 0, pillar: 1, requirement: 2 } as const;
    const idOfLineage = new Map<number, number>();
    for (const p of planned) {
      if (p.targetId !== null) {
        idOfLineage.set(p.lineageId, p.targetId);
      }
    }
    const ordered = [...planned].sort((a, b) => depth[a.kind] - depth[b.kind] || a.sort_order - b.sort_order);
    for (const p of ordered) {
      if (p.action === 'unchanged' || p.action === 'kept_retired' || p.action === 'target_only') {
        continue;
      }
      const parentId = p.parentLineageId === null ? null : (idOfLineage.get(p.parentLineageId) ?? null);
      if (p.action === 'add') {
        const values = {
          version_id: targetId,
          parent_id: parentId,
          code: p.code,
          name: p.name,
          name_en: p.name_en,
          kind: p.kind,
          description: p.description,
          evidence: p.evidence,
          weight: p.weight,
          assessable: p.assessable,
          sort_order: p.sort_order,
          status: 'active' as const,
          retired_at: null,
          created_at: now,
          updated_at: now,
        };
        const row = await insertNode(trx, { ...values, lineage_id: p.lineageId });
        idOfLineage.set(p.lineageId, row.id);
        await audit(
          trx,
          actor,
          {
            action: 'framework_node.copied',
            entityType: 'framework_node',
            entityId: row.id,
            after: auditable(values),
            note: { from: year },
          },
          ctx.clock,
        );
        continue;
      }
      const id = p.targetId as number;
      if (p.action === 'retire') {
        await updateNode(trx, id, { status: 'retired', retired_at: now, updated_at: now });
        await audit(
          trx,
          actor,
          {
            action: 'framework_node.retired',
            entityType: 'framework_node',
            entityId: id,
            before: { status: 'active' },
            after: { status: 'retired' },
            note: { copiedFrom: year },
          },
          ctx.clock,
        );
        continue;
      }
      const patch = {
        parent_id: parentId,
        code: p.code,
        name: p.name,
        name_en: p.name_en,
        description: p.description,
        evidence: p.evidence,
        weight: p.weight,
        assessable: p.assessable,
        sort_order: p.sort_order,
      };
      await updateNode(trx, id, { ...patch, updated_at: now });
      await audit(
        trx,
        actor,
        {
          action: 'framework_node.updated',
          entityType: 'framework_node',
          entityId: id,
          before: Object.fromEntries(p.changes.map((c) => [c.field, c.from])),
          after: Object.fromEntries(p.changes.map((c) => [c.field, c.to])),
          note: { copiedFrom: year },
        },
        ctx.clock,
      );
    }
    await audit(
      trx,
      actor,
      {
        action: 'framework.version_copied',
        entityType: 'framework_version',
        entityId: targetId,
        note: { from: year, to: plan.targetYear, ...plan.summary },
      },
      ctx.clock,
    );
    return { ...plan, targetExists: true, targetStatus: target?.status ?? 'draft', applied: true };
  });
}

/** Every node of the version in force, flat (for other modules' pickers and coverage). */
export async function listCurrentNodes(ctx: AppContext): Promise<FrameworkNodeFields[]> {
  const version = await findVersionInForce(ctx.database.db, frameworkYear(ctx.clock));
  return version ? (await listNodes(ctx.database.db, version.id)).map(presentNodeFields) : [];
}
