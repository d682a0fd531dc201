import type { EvalPopulation, OrgKind } from '@guantong/shared';
import type { Kysely } from 'kysely';
import { prefixEnd } from '../../db/portable.js';
import type { DB } from '../../db/schema.js';

/** Someone or something a scheme evaluates: an organisation of the scheme's kind, or a cadre. */
export interface Target {
  type: 'org' | 'person';
  id: number;
  /** Org code, or the cadre's employee number. */
  code: string;
  name: string;
  /** The organisation's path (a cadre: the path of the organisation holding the record) — used for access. */
  path: string;
  /** What the target is ranked within: an org's parent, a cadre's unit (the organisation one level below the root). */
  parent: { id: number; code: string; name: string } | null;
}

export interface TargetScope {
  population: EvalPopulation;
  org_kind: OrgKind | null;
  root_org_id: number;
  root_path: string;
  root_depth: number;
}

/** The unit a cadre is ranked within: the ancestor one level below the root (or the root itself). */
function unitIdOf(path: string, rootDepth: number): number {
  const ids = path.split('/').filter((p) => p !== '');
  return Number(ids[Math.min(rootDepth + 1, ids.length - 1)]);
}

async function orgRefs(db: Kysely<DB>, ids: number[]): Promise<Map<number, { id: number; code: string; name: string }>> {
  const out = new Map<number, { id: number; code: string; name: string }>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 1000) {
    const rows = await db
      .selectFrom('orgs')
      .select(['id', 'code', 'name'])
      .where('id', 'in', unique.slice(i, i + 1000))
      .execute();
    for (const r of rows) {
      out.set(r.id, r);
    }
  }
  return out;
}

/**
 * Every target of a scheme now: the active organisations of its kind in the root's subtree (the root included when
 * it is of that kind), or the active people marked 干部 whose record lies in the subtree. `onlyId` narrows to one.
 */
export async function resolveTargets(db: Kysely<DB>, scope: TargetScope, onlyIds?: readonly number[]): Promise<Target[]> {
  const lo = scope.root_path;
  const hi = prefixEnd(scope.root_path);
  if (onlyIds && onlyIds.length === 0) {
    return [];
  }
  if (scope.population === 'orgs') {
    let q = db
      .selectFrom('orgs as o')
      .leftJoin('orgs as p', 'p.id', 'o.parent_id')
      .select(['o.id', 'o.code', 'o.name', 'o.path', 'p.id as pid', 'p.code as pcode', 'p.name as pname'])
      .where('o.kind', '=', scope.org_kind ?? 'branch')
      .where('o.status', '=', 'active')
      .where('o.path', '>=', lo)
      .where('o.path', '<', hi);
    if (onlyIds) {
      q = q.where('o.id', 'in', onlyIds);
    }
    const rows = await q.orderBy('o.path').execute();
    return rows.map((r) => ({
      type: 'org' as const,
      id: r.id,
      code: r.code,
      name: r.name,
      path: r.path,
      parent: r.pid !== null && r.id !== scope.root_org_id ? { id: r.pid, code: r.pcode ?? '', name: r.pname ?? '' } : null,
    }));
  }
  let q = db
    .selectFrom('people as p')
    .innerJoin('orgs as o', 'o.id', 'p.org_id')
    .select(['p.id', 'p.employee_no', 'p.name', 'o.path'])
    .where('p.is_cadre', '=', 1)
    .where('p.status', '=', 'active')
    .where('o.path', '>=', lo)
    .where('o.path', '<', hi);
  if (onlyIds) {
    q = q.where('p.id', 'in', onlyIds);
  }
  const rows = await q.orderBy('p.employee_no').execute();
  const units = await orgRefs(
    db,
    rows.map((r) => unitIdOf(r.path, scope.root_depth)),
  );
  return rows.map((r) => ({
    type: 'person' as const,
    id: r.id,
    code: r.employee_no,
    name: r.name,
    path: r.path,
    parent: units.get(unitIdOf(r.path, scope.root_depth)) ?? null,
  }));
}

/** One target of a scheme, or undefined when the id is not (or no longer) one of its targets. */
export async function findTarget(db: Kysely<DB>, scope: TargetScope, id: number): Promise<Target | undefined> {
  return (await resolveTargets(db, scope, [id]))[0];
}

/** Targets by code (org code or employee number) for imports. */
export async function targetsByCode(db: Kysely<DB>, scope: TargetScope): Promise<Map<string, Target>> {
  return new Map((await resolveTargets(db, scope)).map((t) => [t.code, t]));
}
