import type { EvalImportResult, EvalInput, EvalInputUpsert, ImportRowError } from '@guantong/shared';
import type { Actor } from '../../core/access.js';
import { audit } from '../../core/audit.js';
import type { AppContext } from '../../core/context.js';
import { AppError, notFound } from '../../core/errors.js';
import { type ExcelSheetSpec, readSheet, writeSheet } from '../../core/excel.js';
import type { Page } from '../../core/paging.js';
import { type IndicatorRow, type InputRow, listIndicators, listInputsOfScheme, type SchemeRow } from './evaluation.repository.js';
import { loadManagedScheme } from './evaluation.schemes.js';
import { findTarget, resolveTargets, type Target } from './evaluation.targets.js';

/**
 * Values for `imported` indicators (集中检查情况, 经营指标结果 …): entered one by one or imported from an .xlsx sheet
 * that lists every target. An import is all-or-nothing: a file with any row error changes nothing and answers
 * 422 IMPORT_HAS_ERRORS with every row's errors (column, code, message), as the roster import does.
 */

const MAX_ROWS = 20_000;

function spec(scheme: SchemeRow, ind: IndicatorRow): ExcelSheetSpec {
  const orgs = scheme.population === 'orgs';
  return {
    templateId: 'guantong.evaluation.inputs.v1',
    title: `${scheme.name} — ${ind.name}`,
    sheetName: '数据',
    instructions: [
      `填写「${ind.name}」的数值（${ind.description || '数字'}），每个评价对象一行；编码必须与系统一致，名称用于核对。`,
      '导入时任何一行有错误，整份文件都不会导入；请按错误说明修改后重新上传。',
    ],
    columns: [
      { key: 'code', header: orgs ? '组织编码' : '工号', type: 'text', required: true, width: 16 },
      { key: 'name', header: orgs ? '组织名称' : '姓名', type: 'text', width: 30 },
      { key: 'value', header: '数值', type: 'number', required: true, width: 12 },
      { key: 'note', header: '说明', type: 'text', width: 40 },
    ],
  };
}

async function importedIndicator(ctx: AppContext, schemeId: number, indicatorId: number): Promise<IndicatorRow> {
  const ind = (await listIndicators(ctx.database.db, schemeId)).find((i) => i.id === indicatorId && i.method === 'imported');
  if (!ind) {
    throw notFound('imported indicator');
  }
  return ind;
}

function present(r: InputRow, target: Target | undefined): EvalInput {
  return {
    indicatorId: r.indicator_id,
    target: target
      ? { type: target.type, id: target.id, code: target.code, name: target.name, parent: target.parent }
      : { type: 'org', id: r.target_id, code: String(r.target_id), name: '—', parent: null },
    value: r.value,
    note: r.note,
    source: r.source,
    updatedBy: r.updated_by_name,
    updatedAt: r.updated_at,
  };
}

/** The values of one imported indicator (managers). */
export async function listInputs(
  ctx: AppContext,
  actor: Actor,
  schemeId: number,
  q: { indicatorId: number; page: number; pageSize: number },
): Promise<Page<EvalInput>> {
  const scheme = await loadManagedScheme(ctx, actor, schemeId);
  await importedIndicator(ctx, schemeId, q.indicatorId);
  const rows = await listInputsOfScheme(ctx.database.db, schemeId, q.indicatorId);
  const page = rows.slice((q.page - 1) * q.pageSize, q.page * q.pageSize);
  const targets = new Map(
    (
      await resolveTargets(
        ctx.database.db,
        scheme,
        page.map((r) => r.target_id),
      )
    ).map((t) => [t.id, t]),
  );
  return { items: page.map((r) => present(r, targets.get(r.target_id))), total: rows.length, page: q.page, pageSize: q.pageSize };
}

/** Enters (or changes) one target's value. */
export async function upsertInput(ctx: AppContext, actor: Actor, schemeId: number, input: EvalInputUpsert): Promise<EvalInput> {
  const db = ctx.database.db;
  const scheme = await loadManagedScheme(ctx, actor, schemeId);
  const ind = await importedIndicator(ctx, schemeId, input.indicatorId);
  const target = await findTarget(db, scheme, input.targetId);
  if (!target) {
    throw notFound('evaluation target');
  }
  const now = ctx.clock().toISOString();
  await db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom('eval_inputs')
      .selectAll()
      .where('indicator_id', '=', ind.id)
      .where('target_id', '=', target.id)
      .executeTakeFirst();
    if (before) {
      await trx
        .updateTable('eval_inputs')
        .set({
          value: input.value,
          note: input.note,
          source: 'entered',
          updated_by: actor.userId,
          updated_by_name: actor.displayName,
          updated_at: now,
        })
        .where('id', '=', before.id)
        .execute();
    } else {
      await trx
        .insertInto('eval_inputs')
        .values({
          scheme_id: schemeId,
          indicator_id: ind.id,
          target_id: target.id,
          value: input.value,
          note: input.note,
          source: 'entered',
          updated_by: actor.userId,
          updated_by_name: actor.displayName,
          updated_at: now,
        })
        .execute();
    }
    await audit(
      trx,
      actor,
      {
        action: 'evaluation.input.entered',
        entityType: 'eval_input',
        entityId: `${ind.id}:${target.id}`,
        before: before ? { value: before.value, note: before.note } : null,
        after: { value: input.value, note: input.note },
        note: { indicator: ind.name, target: `${target.code} ${target.name}` },
      },
      ctx.clock,
    );
  });
  const row = (await listInputsOfScheme(db, schemeId, ind.id)).find((r) => r.target_id === target.id) as InputRow;
  return present(row, target);
}

/** The import sheet of an indicator, listing every target with its current value (download, fill, upload). */
export async function inputTemplate(
  ctx: AppContext,
  actor: Actor,
  schemeId: number,
  indicatorId: number,
): Promise<{ data: Buffer; fileName: string }> {
  const scheme = await loadManagedScheme(ctx, actor, schemeId);
  const ind = await importedIndicator(ctx, schemeId, indicatorId);
  const targets = await resolveTargets(ctx.database.db, scheme);
  const values = new Map((await listInputsOfScheme(ctx.database.db, schemeId, ind.id)).map((r) => [r.target_id, r]));
  const data = await writeSheet(
    spec(scheme, ind),
    targets.map((t) => ({ code: t.code, name: t.name, value: values.get(t.id)?.value ?? null, note: values.get(t.id)?.note ?? null })),
  );
  return { data, fileName: `${ind.name}-导入模板.xlsx` };
}

/** Validates (and unless `dryRun`, writes in one transaction) the values of an uploaded sheet; any row error refuses all. */
export async function importInputs(
  ctx: AppContext,
  actor: Actor,
  schemeId: number,
  indicatorId: number,
  file: { fileName: string; data: Buffer },
  dryRun: boolean,
): Promise<EvalImportResult> {
  const db = ctx.database.db;
  const scheme = await loadManagedScheme(ctx, actor, schemeId);
  const ind = await importedIndicator(ctx, schemeId, indicatorId);
  const s = spec(scheme, ind);
  const rows = await readSheet(file.data, s, { maxRows: MAX_ROWS });
  const targets = new Map((await resolveTargets(db, scheme)).map((t) => [t.code, t]));
  const err = (row: number, field: string | null, code: string, message: string): ImportRowError => ({
    row,
    field,
    column: field ? (s.columns.find((c) => c.key === field)?.header ?? null) : null,
    code,
    message,
  });
  const errors: ImportRowError[] = [];
  const seen = new Map<string, number>();
  const valid: Array<{ target: Target; value: number; note: string | null }> = [];
  for (const r of rows) {
    const before = errors.length;
    const code = r.values.code;
    const target = code ? targets.get(code) : undefined;
    if (!code) {
      errors.push(err(r.row, 'code', 'required', '请填写编码'));
    } else if (!target) {
      errors.push(err(r.row, 'code', 'unknown_target', `编码 ${code} 不是本方案的评价对象`));
    } else if (seen.has(code)) {
      errors.push(err(r.row, 'code', 'duplicate_in_file', `编码 ${code} 与第 ${seen.get(code)} 行重复`));
    } else if (r.values.name && r.values.name !== target.name) {
      errors.push(err(r.row, 'name', 'name_mismatch', `名称与系统不一致（系统中为「${target.name}」）`));
    }
    if (code && !seen.has(code)) {
      seen.set(code, r.row);
    }
    const text = r.values.value;
    const value = text === null ? Number.NaN : Number(text);
    if (text === null) {
      errors.push(err(r.row, 'value', 'required', '请填写数值'));
    } else if (!Number.isFinite(value)) {
      errors.push(err(r.row, 'value', 'invalid_number', `“${text}”不是数字`));
    } else if (value < 0) {
      errors.push(err(r.row, 'value', 'negative', '数值不能为负数'));
    }
    if (errors.length === before && target) {
      valid.push({ target, value, note: r.values.note?.slice(0, 500) ?? null });
    }
  }
  if (errors.length > 0) {
    if (dryRun) {
      return { dryRun, rows: rows.length, created: 0, updated: 0, errors: errors.slice(0, 500) };
    }
    throw new AppError('IMPORT_HAS_ERRORS', 422, `${new Set(errors.map((e) => e.row)).size} rows have errors; nothing was imported.`, {
      errorRows: new Set(errors.map((e) => e.row)).size,
      errors: errors.slice(0, 500),
    });
  }
  const existing = new Map((await listInputsOfScheme(db, schemeId, ind.id)).map((r) => [r.target_id, r]));
  const updated = valid.filter((v) => existing.has(v.target.id)).length;
  const created = valid.length - updated;
  if (dryRun) {
    return { dryRun, rows: rows.length, created, updated, errors: [] };
  }
  const now = ctx.clock().toISOString();
  await db.transaction().execute(async (trx) => {
    for (const v of valid) {
      const old = existing.get(v.target.id);
      const values = {
        value: v.value,
        note: v.note,
        source: 'import' as const,
        updated_by: actor.userId,
        updated_by_name: actor.displayName,
        updated_at: now,
      };
      if (old) {
        await trx.updateTable('eval_inputs').set(values).where('id', '=', old.id).execute();
      } else {
        await trx
          .insertInto('eval_inputs')
          .values({ ...values, scheme_id: schemeId, indicator_id: ind.id, target_id: v.target.id })
          .execute();
      }
    }
    await audit(
      trx,
      actor,
      {
        action: 'evaluation.input.imported',
        entityType: 'eval_indicator',
        entityId: ind.id,
        note: { fileName: file.fileName, rows: rows.length, created, updated, indicator: ind.name },
      },
      ctx.clock,
    );
  });
  return { dryRun, rows: rows.length, created, updated, errors: [] };
}
