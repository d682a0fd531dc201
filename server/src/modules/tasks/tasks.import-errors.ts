import type { TaskImportQuery } from '@guantong/shared';
import type { Actor } from '../../core/access.js';
import type { AppContext } from '../../core/context.js';
import { readSheet, writeSheet } from '../../core/excel.js';
import { importTasks, TASK_IMPORT_SPEC } from './tasks.excel.js';

/**
 * The error file of an annual task list: the uploaded rows as they were, with a 错误信息 column naming each row's
 * problems (column and message), so the user corrects the file and imports it again. Nothing is written.
 */
export async function taskImportErrorFile(ctx: AppContext, actor: Actor, orgId: number, data: Buffer): Promise<Buffer> {
  const q: TaskImportQuery = { orgId, mode: 'all_or_nothing', dryRun: 'true' };
  const result = await importTasks(ctx, actor, q, data);
  const sheet = await readSheet(data, TASK_IMPORT_SPEC, { maxRows: 5000 });
  const byRow = new Map<number, string[]>();
  for (const e of result.errors) {
    byRow.set(e.row, [...(byRow.get(e.row) ?? []), e.column ? `【${e.column}】${e.message}` : e.message]);
  }
  return writeSheet(
    TASK_IMPORT_SPEC,
    sheet.map((r) => r.values),
    { errors: sheet.map((r) => byRow.get(r.row)?.join('；') ?? null) },
  );
}
