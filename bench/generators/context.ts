import type { Kysely } from 'kysely';
import type { Database, DialectName } from '../../server/src/db/database.js';
import type { DB } from '../../server/src/db/schema.js';
import type { DemoEnterprise } from '../../server/src/modules/orgs/demo-enterprise.js';
import type { Scale } from '../lib/target.js';

/** The password every generated account shares (documented in bench/README.md). */
export const BENCH_PASSWORD = 'Bench-pass-2026';

/** An organisation as inserted, for the steps that hang data on the tree. */
export interface OrgRef {
  id: number;
  code: string;
  kind: DemoEnterprise['orgs'][number]['kind'];
  path: string;
  depth: number;
  parentId: number | null;
}

/** A generated account, for steps that need actors (task issuers, meeting hosts …). */
export interface UserRef {
  id: number;
  username: string;
  role: 'sysadmin' | 'org_admin' | 'secretary';
  orgId: number;
}

/**
 * What the steps share. Each step reads what earlier steps left (ids by code) and adds its own;
 * `db` is the step's transaction.
 */
export interface GenContext {
  db: Kysely<DB>;
  database: Database;
  dialect: DialectName;
  scale: Scale;
  /** ISO timestamp written to created_at/updated_at. */
  now: string;
  /** YYYY-MM-DD the generated dates are relative to. */
  today: string;
  /** The generated enterprise or group (computed once). */
  enterprise: DemoEnterprise;
  /** The argon2 hash of BENCH_PASSWORD (hashed once). */
  passwordHash: string;
  orgs: OrgRef[];
  orgByCode: Map<string, OrgRef>;
  users: UserRef[];
  /** person id by employee number, when the people step ran. */
  personByEmployeeNo: Map<string, number>;
  /** Step-specific counts or notes a later step may want (e.g. `tasks` → ids range). */
  extra: Map<string, unknown>;
}

/** What a step reports: rows inserted per table, or why it did nothing. */
export type StepResult = { rows: Record<string, number>; note?: string } | { skipped: string };

/** One stage of `npm run bench:data`; later issues append theirs (tasks, meetings …) to STEPS. */
export interface GeneratorStep {
  name: string;
  /** Tables the step fills with explicit ids (PostgreSQL sequences are moved past them afterwards). */
  tables: readonly string[];
  run(ctx: GenContext): Promise<StepResult>;
}
