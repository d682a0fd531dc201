import type { Generated } from 'kysely';

/** One year's framework (党建工作体系). */
export interface FrameworkVersionsTable {
  id: Generated<number>;
  year: number;
  status: 'draft' | 'active' | 'archived';
  /** The version this one was copied from, if any. */
  copied_from: number | null;
  created_at: string;
  updated_at: string;
}

/** A node of one year's tree: element → pillar → requirement. */
export interface FrameworkNodesTable {
  id: Generated<number>;
  version_id: number;
  parent_id: number | null;
  /** The id of the first node of this lineage; carried across years so linked work and history follow the node. */
  lineage_id: number;
  code: string;
  name: string;
  name_en: string;
  kind: 'element' | 'pillar' | 'requirement';
  description: string;
  evidence: string;
  weight: number;
  assessable: number;
  sort_order: number;
  status: 'active' | 'retired';
  retired_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface FrameworkTables {
  framework_versions: FrameworkVersionsTable;
  framework_nodes: FrameworkNodesTable;
}
