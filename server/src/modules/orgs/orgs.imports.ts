import type { ImportJob, ImportMode, ImportResult, ImportRow, ImportRowError, ImportRowsQuery } from '@guantong/shared';
import type { Kysely } from 'kysely';
import type { Actor } from '../../core/access.js';
import { audit } from '../../core/audit.js';
import type { AppContext } from '../../core/context.js';
import { AppError, conflict, invalidState, notFound } from '../../core/errors.js';
import { type ExcelSheetSpec, readSheet, type SheetRow, writeSheet } from '../../core/excel.js';
import type { Page } from '../../core/paging.js';
import type { DialectName } from '../../db/database.js';
import type { DB } from '../../db/schema.js';
import type { ImportJobsTable } from './orgs.tables.js';

/**
 * The Excel import machinery shared by the organisation and roster imports: upload → parse → validate every
 * row → store the parsed rows with their errors (import_jobs) → preview / rows / error file → commit in ONE
 * transaction (re-validated against the database inside it), all-or-nothing or valid rows only.
 */

/** A row after validation: its errors, and the data to write when it has none. */
export interface ValidatedRow<T> {
  row: number;
  values: Record<string, string | null>;
  errors: ImportRowError[];
  data: T | null;
}

export interface CommitContext {
  jobId: number;
  dialect: DialectName;
  now: string;
  today: string;
  clock: () => Date;
  /** Called after each written chunk (tests inject failures here). */
  onChunk: (index: number) => void;
}

/** What a module provides to import one kind of sheet. */
export interface ImportDefinition<T> {
  kind: ImportJobsTable['kind'];
  spec: ExcelSheetSpec;
  maxBytes: number;
  maxRows: number;
  /** Base of downloaded file names, e.g. '人员导入'. */
  fileBaseName: string;
  validate(db: Kysely<DB>, actor: Actor, rows: SheetRow[], today: string): Promise<ValidatedRow<T>[]>;
  /** Writes the valid rows (inside the commit transaction); returns how many records were created. */
  commit(trx: Kysely<DB>, actor: Actor, rows: Array<ValidatedRow<T> & { data: T }>, c: CommitContext): Promise<number>;
}

/** Test hook: a failure thrown here, mid-commit, must leave the database as it was. */
export const importTestHooks: { onChunk: ((kind: string, index: number) => void) | null } = { onChunk: null };

interface StoredRow {
  row: number;
  values: Record<string, string | null>;
  errors: ImportRowError[];
}

/** Builds one row error with the column header the file shows. */
export function rowError(spec: ExcelSheetSpec, row: number, field: string | null, code: string, message: string): ImportRowError {
  const col = field ? spec.columns.find((c) => c.key === field) : undefined;
  return { row, field, column: col?.header ?? null, code, message };
}

type PackedRow = [number, Array<string | null>, Array<[string | null, string, string]>];

/** Stores rows compactly (values in column order, errors without repeated headers): 50,000 rows stay small. */
function packRows(
  spec: ExcelSheetSpec,
  rows: ReadonlyArray<{ row: number; values: Record<string, string | null>; errors: ImportRowError[] }>,
): string {
  const keys = spec.columns.map((c) => c.key);
  const packed: PackedRow[] = rows.map((r) => [
    r.row,
    keys.map((k) => r.values[k] ?? null),
    r.errors.map((e) => [e.field, e.code, e.message]),
  ]);
  return JSON.stringify({ keys, rows: packed });
}

function parsePayload(job: { payload: string | null }, spec: ExcelSheetSpec): StoredRow[] {
  if (!job.payload) {
    return [];
  }
  const { keys, rows } = JSON.parse(job.payload) as { keys: string[]; rows: PackedRow[] };
  return rows.map(([row, values, errors]) => ({
    row,
    values: Object.fromEntries(keys.map((k, i) => [k, values[i] ?? null])),
    errors: errors.map(([field, code, message]) => rowError(spec, row, field, code, message)),
  }));
}

function presentJob(job: Omit<ImportJobsTable, 'id'> & { id: number }, rows: StoredRow[], spec: ExcelSheetSpec): ImportJob {
  const errors: ImportRowError[] = [];
  for (const r of rows) {
    for (const e of r.errors) {
      if (errors.length >= 200) {
        break;
      }
      errors.push(e);
    }
  }
  return {
    id: job.id,
    kind: job.kind,
    status: job.status,
    fileName: job.file_name,
    createdAt: job.created_at,
    createdBy: job.created_by_name,
    totalRows: job.total_rows,
    validRows: job.valid_rows,
    errorRows: job.error_rows,
    mode: job.mode,
    committedAt: job.committed_at,
    createdCount: job.created_count,
    columns: spec.columns.map((c) => ({ key: c.key, header: c.header })),
    errors,
  };
}

async function loadJob<T>(db: Kysely<DB>, actor: Actor, def: ImportDefinition<T>, id: number) {
  const job = await db.selectFrom('import_jobs').selectAll().where('id', '=', id).where('kind', '=', def.kind).executeTakeFirst();
  // An import belongs to the person who uploaded it.
  if (!job || job.created_by !== actor.userId) {
    throw notFound('import');
  }
  return job;
}

/** Parses and validates an uploaded file and stores it for preview; nothing is imported yet. */
export async function uploadImport<T>(
  ctx: AppContext,
  actor: Actor,
  def: ImportDefinition<T>,
  file: { fileName: string; data: Buffer },
  today: string,
): Promise<ImportJob> {
  const db = ctx.database.db;
  const sheetRows = await readSheet(file.data, def.spec, { maxRows: def.maxRows });
  const validated = await def.validate(db, actor, sheetRows, today);
  const stored: StoredRow[] = validated.map((r) => ({ row: r.row, values: r.values, errors: r.errors }));
  const errorRows = stored.filter((r) => r.errors.length > 0).length;
  const values = {
    kind: def.kind,
    status: 'validated' as const,
    file_name: file.fileName.slice(0, 255),
    created_by: actor.userId,
    created_by_name: actor.username,
    created_at: ctx.clock().toISOString(),
    total_rows: stored.length,
    valid_rows: stored.length - errorRows,
    error_rows: errorRows,
    mode: null,
    committed_at: null,
    created_count: null,
    payload: packRows(def.spec, stored),
  };
  const row = await db.insertInto('import_jobs').values(values).returning('id').executeTakeFirstOrThrow();
  return presentJob({ ...values, id: row.id }, stored, def.spec);
}

/** The preview of an upload (its first 200 errors and the counts). */
export async function getImportJob<T>(ctx: AppContext, actor: Actor, def: ImportDefinition<T>, id: number): Promise<ImportJob> {
  const job = await loadJob(ctx.database.db, actor, def, id);
  return presentJob(job, parsePayload(job, def.spec), def.spec);
}

/** A page of the uploaded rows with their errors (optionally only the rows with errors). */
export async function listImportRows<T>(
  ctx: AppContext,
  actor: Actor,
  def: ImportDefinition<T>,
  id: number,
  q: ImportRowsQuery,
): Promise<Page<ImportRow>> {
  const job = await loadJob(ctx.database.db, actor, def, id);
  let rows = parsePayload(job, def.spec);
  if (q.onlyErrors === 'true') {
    rows = rows.filter((r) => r.errors.length > 0);
  }
  const start = (q.page - 1) * q.pageSize;
  return { items: rows.slice(start, start + q.pageSize), total: rows.length, page: q.page, pageSize: q.pageSize };
}

/** The uploaded rows written back in the template's columns with an error column (all rows, or only those with errors). */
export async function importErrorFile<T>(
  ctx: AppContext,
  actor: Actor,
  def: ImportDefinition<T>,
  id: number,
  which: 'all' | 'errors',
): Promise<{ data: Buffer; fileName: string }> {
  const job = await loadJob(ctx.database.db, actor, def, id);
  let rows = parsePayload(job, def.spec);
  if (which === 'errors') {
    rows = rows.filter((r) => r.errors.length > 0);
  }
  const data = await writeSheet(
    def.spec,
    rows.map((r) => r.values),
    {
      errors: rows.map((r) =>
        r.errors.length > 0 ? r.errors.map((e) => (e.column ? `【${e.column}】${e.message}` : e.message)).join('；') : null,
      ),
    },
  );
  return { data, fileName: `${def.fileBaseName}-错误标注-${job.id}.xlsx` };
}

function sameErrors(stored: StoredRow[], now: ReadonlyArray<{ errors: ImportRowError[] }>): boolean {
  return stored.length === now.length && stored.every((r, i) => JSON.stringify(r.errors) === JSON.stringify(now[i]?.errors ?? []));
}

function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || /UNIQUE constraint failed/.test(e?.message ?? '');
}

/**
 * Commits an upload in one transaction. The rows are validated again inside it (the database may have changed
 * since the preview). `all_or_nothing` refuses (409 IMPORT_HAS_ERRORS) when any row has an error; `valid_only`
 * writes the valid rows and skips the others. Any failure rolls everything back.
 */
export async function commitImport<T>(
  ctx: AppContext,
  actor: Actor,
  def: ImportDefinition<T>,
  id: number,
  mode: ImportMode,
  today: string,
): Promise<ImportResult> {
  const db = ctx.database.db;
  const job = await loadJob(db, actor, def, id);
  if (job.status === 'committed') {
    throw new AppError('IMPORT_ALREADY_COMMITTED', 409, 'This file has already been imported.');
  }
  if (job.status !== 'validated') {
    throw invalidState('This upload was discarded; upload the file again.');
  }
  const stored = parsePayload(job, def.spec);
  const sheetRows: SheetRow[] = stored.map((r) => ({ row: r.row, values: r.values }));
  // The stored text (tens of MB for a big roster) is not needed any more: let it go before the commit builds rows.
  job.payload = null;
  const now = ctx.clock().toISOString();
  let revalidated: ValidatedRow<T>[] = [];
  try {
    return await db.transaction().execute(async (trx) => {
      revalidated = await def.validate(trx, actor, sheetRows, today);
      const bad = revalidated.filter((r) => r.errors.length > 0);
      if (mode === 'all_or_nothing' && bad.length > 0) {
        throw new AppError('IMPORT_HAS_ERRORS', 409, `${bad.length} rows have errors; fix them or import only the valid rows.`, {
          errorRows: bad.length,
          errors: bad.flatMap((r) => r.errors).slice(0, 50),
        });
      }
      const valid = revalidated.filter((r): r is ValidatedRow<T> & { data: T } => r.errors.length === 0 && r.data !== null);
      const created = await def.commit(trx, actor, valid, {
        jobId: job.id,
        dialect: ctx.database.dialect,
        now,
        today,
        clock: ctx.clock,
        onChunk: (index) => importTestHooks.onChunk?.(def.kind, index),
      });
      await trx
        .updateTable('import_jobs')
        .set({
          status: 'committed',
          mode,
          committed_at: now,
          created_count: created,
          valid_rows: valid.length,
          error_rows: bad.length,
          // The stored rows change only when the re-check found other errors than the preview.
          ...(sameErrors(stored, revalidated) ? {} : { payload: packRows(def.spec, revalidated) }),
        })
        .where('id', '=', job.id)
        .execute();
      await audit(
        trx,
        actor,
        {
          action: `import.${def.kind}.committed`,
          entityType: 'import_job',
          entityId: job.id,
          note: { fileName: job.file_name, mode, totalRows: stored.length, created, skipped: bad.length },
        },
        ctx.clock,
      );
      return { jobId: job.id, mode, created, skipped: bad.length, errors: bad.flatMap((r) => r.errors).slice(0, 200) };
    });
  } catch (err) {
    if (err instanceof AppError && err.code === 'IMPORT_HAS_ERRORS' && revalidated.length > 0) {
      const errorRows = revalidated.filter((r) => r.errors.length > 0).length;
      await db
        .updateTable('import_jobs')
        .set({
          valid_rows: revalidated.length - errorRows,
          error_rows: errorRows,
          payload: packRows(def.spec, revalidated),
        })
        .where('id', '=', job.id)
        .execute();
    }
    if (isUniqueViolation(err)) {
      throw conflict('Another change created some of these records meanwhile; upload the file again to re-check it.');
    }
    throw err;
  }
}

/** Discards an upload that will not be imported (its stored rows are dropped). */
export async function discardImport<T>(ctx: AppContext, actor: Actor, def: ImportDefinition<T>, id: number): Promise<ImportJob> {
  const db = ctx.database.db;
  const job = await loadJob(db, actor, def, id);
  if (job.status === 'committed') {
    throw new AppError('IMPORT_ALREADY_COMMITTED', 409, 'This file has already been imported.');
  }
  await db.updateTable('import_jobs').set({ status: 'discarded', payload: null }).where('id', '=', id).execute();
  return presentJob({ ...job, status: 'discarded', payload: null }, [], def.spec);
}

/** Drops the stored rows of uploads older than a day that were never committed (housekeeping job). */
export async function purgeStaleImports(ctx: AppContext): Promise<string> {
  const cutoff = new Date(ctx.clock().getTime() - 24 * 3600_000).toISOString();
  const res = await ctx.database.db
    .updateTable('import_jobs')
    .set({ status: 'discarded', payload: null })
    .where('status', '=', 'validated')
    .where('created_at', '<', cutoff)
    .executeTakeFirst();
  return `discarded ${Number(res.numUpdatedRows)} stale uploads`;
}
