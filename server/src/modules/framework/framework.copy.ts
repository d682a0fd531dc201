import type { FrameworkCopyAction, FrameworkCopyItem, FrameworkCopyPlan, FrameworkNodeKind } from '@guantong/shared';
import type { NodeRow } from './framework.repository.js';

/** The fields that carry over from one year to the next, in the API's names. */
const TEXT_FIELDS = [
  ['code', 'code'],
  ['name', 'name'],
  ['nameEn', 'name_en'],
  ['description', 'description'],
  ['evidence', 'evidence'],
] as const;

/** What the target node will be after the copy. */
export interface PlannedNode {
  lineageId: number;
  /** The target node's id when it exists already. */
  targetId: number | null;
  parentLineageId: number | null;
  kind: FrameworkNodeKind;
  code: string;
  name: string;
  name_en: string;
  description: string;
  evidence: string;
  weight: number;
  assessable: number;
  sort_order: number;
  status: 'active' | 'retired';
  action: FrameworkCopyAction;
  changes: FrameworkCopyItem['changes'];
  kept: FrameworkCopyItem['kept'];
}

const DEPTH: Record<FrameworkNodeKind, number> = { element: 0, pillar: 1, requirement: 2 };

/** Compares codes segment by segment, numbers as numbers (3.2 < 3.10). */
export function compareCodes(a: string, b: string): number {
  const as = a.split('.');
  const bs = b.split('.');
  for (let i = 0; i < Math.max(as.length, bs.length); i++) {
    const x = as[i];
    const y = bs[i];
    if (x === undefined) {
      return -1;
    }
    if (y === undefined) {
      return 1;
    }
    const nx = Number(x);
    const ny = Number(y);
    const c = Number.isFinite(nx) && Number.isFinite(ny) ? nx - ny : x.localeCompare(y);
    if (c !== 0) {
      return c;
    }
  }
  return 0;
}

function isEmpty(v: unknown): boolean {
  return v === null || v === undefined || (typeof v === 'string' && v.trim() === '');
}

/** Nodes that are active and have only active ancestors. */
function effectivelyActive(rows: NodeRow[]): Set<number> {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const memo = new Map<number, boolean>();
  const check = (r: NodeRow): boolean => {
    const known = memo.get(r.id);
    if (known !== undefined) {
      return known;
    }
    const parent = r.parent_id === null ? undefined : byId.get(r.parent_id);
    const ok = r.status === 'active' && (parent ? check(parent) : true);
    memo.set(r.id, ok);
    return ok;
  };
  return new Set(rows.filter(check).map((r) => r.id));
}

/**
 * Plans copying a year's tree onto the next year's (which may not exist yet). Nodes are matched by lineage.
 * A source value that is empty never overwrites a filled target value; a node the target retired stays retired;
 * a node the source retired is retired in the target; nodes only in the target are left alone.
 */
export function planCopy(
  source: NodeRow[],
  target: NodeRow[] | null,
): { planned: PlannedNode[]; plan: Omit<FrameworkCopyPlan, 'sourceYear' | 'targetYear' | 'targetExists' | 'targetStatus' | 'applied'> } {
  const tgt = target ?? [];
  const srcById = new Map(source.map((r) => [r.id, r]));
  const tgtById = new Map(tgt.map((r) => [r.id, r]));
  const tgtByLineage = new Map(tgt.map((r) => [r.lineage_id, r]));
  const srcActive = effectivelyActive(source);
  const lineageOfSrc = (id: number | null) => (id === null ? null : (srcById.get(id)?.lineage_id ?? null));
  const lineageOfTgt = (id: number | null) => (id === null ? null : (tgtById.get(id)?.lineage_id ?? null));

  const planned = new Map<number, PlannedNode>();
  const sortedSource = [...source].sort((a, b) => DEPTH[a.kind] - DEPTH[b.kind] || a.sort_order - b.sort_order || a.id - b.id);
  for (const s of sortedSource) {
    const t = tgtByLineage.get(s.lineage_id);
    const parentLineageId = lineageOfSrc(s.parent_id);
    if (!srcActive.has(s.id)) {
      if (t && t.status === 'active') {
        planned.set(s.lineage_id, { ...fromTarget(t, lineageOfTgt(t.parent_id)), status: 'retired', action: 'retire' });
      }
      continue;
    }
    if (!t) {
      planned.set(s.lineage_id, {
        lineageId: s.lineage_id,
        targetId: null,
        parentLineageId,
        kind: s.kind,
        code: s.code,
        name: s.name,
        name_en: s.name_en,
        description: s.description,
        evidence: s.evidence,
        weight: Number(s.weight),
        assessable: s.assessable,
        sort_order: s.sort_order,
        status: 'active',
        action: 'add',
        changes: [],
        kept: [],
      });
      continue;
    }
    const base = fromTarget(t, lineageOfTgt(t.parent_id));
    if (t.status === 'retired') {
      planned.set(s.lineage_id, { ...base, action: 'kept_retired' });
      continue;
    }
    const changes: PlannedNode['changes'] = [];
    const kept: PlannedNode['kept'] = [];
    const next = { ...base };
    for (const [field, col] of TEXT_FIELDS) {
      const sv = s[col];
      const tv = t[col];
      if (sv === tv) {
        continue;
      }
      if (isEmpty(sv)) {
        if (!isEmpty(tv)) {
          kept.push({ field, value: tv });
        }
        continue;
      }
      changes.push({ field, from: tv, to: sv });
      next[col] = sv;
    }
    if (Number(s.weight) !== Number(t.weight)) {
      changes.push({ field: 'weight', from: Number(t.weight), to: Number(s.weight) });
      next.weight = Number(s.weight);
    }
    if (s.assessable !== t.assessable) {
      changes.push({ field: 'assessable', from: t.assessable === 1, to: s.assessable === 1 });
      next.assessable = s.assessable;
    }
    if (parentLineageId !== base.parentLineageId) {
      // Shown by code: the target's current parent and the source's.
      const codeOf = (row: NodeRow | undefined) => row?.code ?? null;
      changes.push({
        field: 'parent',
        from: codeOf(t.parent_id === null ? undefined : tgtById.get(t.parent_id)),
        to: codeOf(s.parent_id === null ? undefined : srcById.get(s.parent_id)),
      });
      next.parentLineageId = parentLineageId;
    }
    if (s.sort_order !== t.sort_order) {
      changes.push({ field: 'sortOrder', from: t.sort_order, to: s.sort_order });
      next.sort_order = s.sort_order;
    }
    planned.set(s.lineage_id, { ...next, action: changes.length > 0 ? 'update' : 'unchanged', changes, kept });
  }
  for (const t of tgt) {
    if (!planned.has(t.lineage_id)) {
      planned.set(t.lineage_id, { ...fromTarget(t, lineageOfTgt(t.parent_id)), action: 'target_only' });
    }
  }

  // Nothing active may hang under something retired: additions under a branch the target retired stay out,
  // active target nodes under a node retired by the copy are retired with it.
  const ordered = [...planned.values()].sort((a, b) => DEPTH[a.kind] - DEPTH[b.kind] || a.sort_order - b.sort_order);
  for (const p of ordered) {
    const parent = p.parentLineageId === null ? null : planned.get(p.parentLineageId);
    const parentGone = p.parentLineageId !== null && (!parent || parent.status === 'retired' || parent.action === 'kept_retired');
    if (!parentGone || p.status === 'retired') {
      continue;
    }
    if (p.action === 'add') {
      p.action = 'kept_retired';
      p.status = 'retired';
      p.changes = [];
      continue;
    }
    p.status = 'retired';
    p.action = 'retire';
  }

  const finalActive = [...planned.values()].filter((p) => p.status === 'active' && p.action !== 'kept_retired');
  const codes = new Map<string, string[]>();
  for (const p of finalActive) {
    codes.set(p.code, [...(codes.get(p.code) ?? []), p.name]);
  }
  const conflicts = [...codes.entries()].filter(([, names]) => names.length > 1).map(([code, names]) => ({ code, names }));

  const items: FrameworkCopyItem[] = [...planned.values()]
    .sort((a, b) => compareCodes(a.code, b.code))
    .map((p) => ({ lineageId: p.lineageId, code: p.code, name: p.name, kind: p.kind, action: p.action, changes: p.changes, kept: p.kept }));
  const count = (a: FrameworkCopyAction) => items.filter((i) => i.action === a).length;
  return {
    planned: [...planned.values()],
    plan: {
      summary: {
        add: count('add'),
        update: count('update'),
        unchanged: count('unchanged'),
        retire: count('retire'),
        keptRetired: count('kept_retired'),
        targetOnly: count('target_only'),
        keptValues: items.reduce((n, i) => n + i.kept.length, 0),
      },
      items,
      conflicts,
    },
  };
}

function fromTarget(t: NodeRow, parentLineageId: number | null): PlannedNode {
  return {
    lineageId: t.lineage_id,
    targetId: t.id,
    parentLineageId,
    kind: t.kind,
    code: t.code,
    name: t.name,
    name_en: t.name_en,
    description: t.description,
    evidence: t.evidence,
    weight: Number(t.weight),
    assessable: t.assessable,
    sort_order: t.sort_order,
    status: t.status,
    action: 'unchanged',
    changes: [],
    kept: [],
  };
}
