import type { FrameworkNode, FrameworkNodeFields, FrameworkNodeRef, FrameworkVersion } from '@guantong/shared';
import type { NodeRow, VersionRow } from './framework.repository.js';

/** A version as the API shows it (the source version named by its year). */
export function presentVersion(row: VersionRow, copiedFromYear: number | null): FrameworkVersion {
  return {
    id: row.id,
    year: row.year,
    status: row.status,
    copiedFromYear,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** One node's own fields. */
export function presentNodeFields(row: NodeRow): FrameworkNodeFields {
  return {
    id: row.id,
    versionId: row.version_id,
    lineageId: row.lineage_id,
    parentId: row.parent_id,
    code: row.code,
    name: row.name,
    nameEn: row.name_en,
    kind: row.kind,
    description: row.description,
    evidence: row.evidence,
    weight: Number(row.weight),
    assessable: row.assessable === 1,
    sortOrder: row.sort_order,
    status: row.status,
    retiredAt: row.retired_at,
  };
}

export function presentNodeRef(row: NodeRow): FrameworkNodeRef {
  return { id: row.id, code: row.code, name: row.name, kind: row.kind };
}

/** Builds the forest from a version's rows; retired nodes (and everything under them) only when asked. */
export function presentTree(rows: NodeRow[], includeRetired: boolean): FrameworkNode[] {
  const sorted = [...rows].sort((a, b) => a.sort_order - b.sort_order || a.id - b.id);
  const byId = new Map<number, FrameworkNode>();
  for (const r of sorted) {
    if (includeRetired || r.status === 'active') {
      byId.set(r.id, { ...presentNodeFields(r), children: [] });
    }
  }
  const roots: FrameworkNode[] = [];
  for (const r of sorted) {
    const node = byId.get(r.id);
    if (!node) {
      continue;
    }
    if (r.parent_id === null) {
      roots.push(node);
      continue;
    }
    byId.get(r.parent_id)?.children.push(node);
  }
  return roots;
}
