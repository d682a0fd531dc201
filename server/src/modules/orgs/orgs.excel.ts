import { ORG_KIND_LABELS, ORG_PARENT_KINDS, type OrgExportQuery, type OrgKind } from '@guantong/shared';
import type { Kysely } from 'kysely';
import { type Actor, pathInScope, requireVisibleOrg, scopeFor } from '../../core/access.js';
import { auditMany } from '../../core/audit-bulk.js';
import type { AppContext } from '../../core/context.js';
import { AppError } from '../../core/errors.js';
import { type ExcelColumn, type ExcelSheetSpec, parseDateText, type SheetRow, writeSheet } from '../../core/excel.js';
import type { DB } from '../../db/schema.js';
import { type CommitContext, type ImportDefinition, rowError, type ValidatedRow } from './orgs.imports.js';
import { ORG_READ_ROLES, ORG_WRITE_ROLES } from './orgs.policy.js';
import { allOrgs, insertOrg, insertOrgEvents, type OrgRow } from './orgs.repository.js';
import { chinaToday, loadOrgIndex } from './orgs.service.js';

const KIND_BY_LABEL = new Map(Object.entries(ORG_KIND_LABELS).map(([k, v]) => [v, k as OrgKind]));

/** The organisation-tree import template: one organisation per row, each naming its parent's code. */
export const ORG_COLUMNS: readonly ExcelColumn[] = [
  {
    key: 'code',
    header: '组织编码',
    type: 'text',
    required: true,
    width: 14,
    example: 'B201',
    help: '唯一，字母、数字、点、下划线或连字符',
  },
  { key: 'name', header: '组织名称', type: 'text', required: true, width: 30, example: '熔铸厂第五生产车间党支部' },
  { key: 'shortName', header: '简称', type: 'text', width: 18, example: '第五生产车间党支部' },
  { key: 'kind', header: '组织类型', type: 'enum', options: Object.values(ORG_KIND_LABELS), required: true, width: 10, example: '党支部' },
  {
    key: 'parentCode',
    header: '上级组织编码',
    type: 'text',
    required: true,
    width: 14,
    example: 'G01',
    help: '系统中已有的组织编码，或本文件中另一行的编码；党小组只能在党支部下，党支部在党委或党总支下，党总支在党委下',
  },
  { key: 'businessUnit', header: '所在单位', type: 'text', width: 14, example: '熔铸厂' },
  { key: 'foundedOn', header: '成立日期', type: 'date', width: 12, example: new Date(Date.UTC(2024, 0, 15)) },
  { key: 'termStart', header: '本届任期开始日期', type: 'date', width: 16, example: null, help: '设有委员会的组织填写' },
  { key: 'termYears', header: '任期年限', type: 'integer', width: 10, example: null, help: '不填时按规则设置（默认3年）' },
  { key: 'sortOrder', header: '排序号', type: 'integer', width: 8, example: 1 },
  { key: 'committeeNote', header: '委员会说明', type: 'text', width: 30, example: null, help: '委员超过5名时填写批准理由' },
];

export const ORG_SPEC: ExcelSheetSpec = {
  templateId: 'guantong.orgs.v1',
  title: '党组织导入模板 — 填写说明',
  sheetName: '党组织',
  columns: ORG_COLUMNS,
  instructions: [
    '1. 在“党组织”工作表中每行填写一个党组织，第一行表头请勿修改；带 * 的列为必填。',
    '2. 第二行为示例，可直接覆盖；若原样保留，导入时会自动跳过。',
    '3. 上级组织编码可以是系统中已有的组织，也可以是本文件中其他行的组织（顺序不限）。',
    '4. 层级规则：党总支只能在党委下；党支部在党委或党总支下；党小组只能在党支部下。',
    '5. 上传后系统逐行校验，可下载带“错误信息”列的文件修改后重新上传。',
  ],
};

export interface OrgImportData {
  code: string;
  name: string;
  shortName: string | null;
  kind: OrgKind;
  parentCode: string;
  businessUnit: string | null;
  foundedOn: string | null;
  termStart: string | null;
  termYears: number | null;
  sortOrder: number;
  committeeNote: string | null;
}

const CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

function intOrNull(text: string | null): number | null | undefined {
  if (!text) {
    return null;
  }
  return /^\d+$/.test(text) ? Number(text) : undefined;
}

async function validateOrgs(db: Kysely<DB>, actor: Actor, rows: SheetRow[], _today: string): Promise<ValidatedRow<OrgImportData>[]> {
  const scope = scopeFor(actor, ORG_WRITE_ROLES);
  const existing = await loadOrgIndex(db);
  const rowsOf = new Map<string, number[]>();
  for (const r of rows) {
    const c = r.values.code;
    if (c) {
      rowsOf.set(c, [...(rowsOf.get(c) ?? []), r.row]);
    }
  }
  const kindInFile = new Map<string, OrgKind>();
  for (const r of rows) {
    const k = r.values.kind ? KIND_BY_LABEL.get(r.values.kind) : undefined;
    if (r.values.code && k) {
      kindInFile.set(r.values.code, k);
    }
  }
  const out = rows.map((r): ValidatedRow<OrgImportData> => {
    const v = r.values;
    const errors: ValidatedRow<OrgImportData>['errors'] = [];
    const err = (field: string | null, code: string, message: string) => errors.push(rowError(ORG_SPEC, r.row, field, code, message));
    for (const c of ORG_COLUMNS) {
      if (c.required && !v[c.key]) {
        err(c.key, 'required', `${c.header}为必填项`);
      }
    }
    const code = v.code ?? '';
    if (code && !CODE.test(code)) {
      err('code', 'invalid_format', '组织编码只能包含字母、数字、点、下划线或连字符，最多64位');
    }
    if (code && (rowsOf.get(code)?.length ?? 0) > 1) {
      err('code', 'duplicate_in_file', `组织编码在文件中重复（第${rowsOf.get(code)?.join('、')}行）`);
    }
    if (code && existing.has(code)) {
      err('code', 'duplicate_in_db', '组织编码已存在于系统中');
    }
    if ((v.name?.length ?? 0) > 200) {
      err('name', 'too_long', '组织名称不能超过200个字符');
    }
    const kind = v.kind ? KIND_BY_LABEL.get(v.kind) : undefined;
    if (v.kind && !kind) {
      err('kind', 'invalid_option', `组织类型应为：${Object.values(ORG_KIND_LABELS).join('、')}`);
    }
    const parentCode = v.parentCode ?? '';
    let parentKind: OrgKind | undefined;
    if (parentCode) {
      const inDb = existing.get(parentCode);
      if (kindInFile.has(parentCode) && (rowsOf.get(parentCode)?.length ?? 0) === 1) {
        parentKind = kindInFile.get(parentCode);
      } else if (inDb && inDb.status === 'active' && pathInScope(scope, inDb.path)) {
        parentKind = inDb.kind;
      } else {
        err('parentCode', 'unknown_parent', '上级组织编码不存在、已撤销或不在您的管理范围内');
      }
      if (parentCode === code) {
        err('parentCode', 'cycle', '上级组织不能是自己');
      }
    }
    if (kind && parentKind && !ORG_PARENT_KINDS[kind].includes(parentKind)) {
      err('parentCode', 'kind_not_allowed', `${ORG_KIND_LABELS[kind]}不能设在${ORG_KIND_LABELS[parentKind]}之下`);
    }
    const dates: Record<string, string | null> = {};
    for (const k of ['foundedOn', 'termStart'] as const) {
      dates[k] = v[k] ? parseDateText(v[k]) : null;
      if (v[k] && !dates[k]) {
        err(k, 'invalid_date', '日期格式不正确，应为如 2024-05-01 的日期');
      }
    }
    const termYears = intOrNull(v.termYears);
    if (termYears === undefined || (termYears !== null && (termYears < 1 || termYears > 10))) {
      err('termYears', 'invalid_number', '任期年限应为1至10的整数');
    }
    const sortOrder = intOrNull(v.sortOrder);
    if (sortOrder === undefined) {
      err('sortOrder', 'invalid_number', '排序号应为整数');
    }
    if (kind === 'group' && v.termStart) {
      err('termStart', 'not_allowed', '党小组没有委员会任期');
    }
    if (errors.length > 0 || !kind || !v.name) {
      return { row: r.row, values: v, errors, data: null };
    }
    return {
      row: r.row,
      values: v,
      errors,
      data: {
        code,
        name: v.name,
        shortName: v.shortName ?? null,
        kind,
        parentCode,
        businessUnit: v.businessUnit ?? null,
        foundedOn: dates.foundedOn ?? null,
        termStart: dates.termStart ?? null,
        termYears: termYears ?? null,
        sortOrder: sortOrder ?? 0,
        committeeNote: v.committeeNote ?? null,
      },
    };
  });
  // Rows whose parent (in the file) is invalid or sits in a cycle cannot be placed: mark them too.
  const byCode = new Map(
    out.filter((r) => r.values.code && (rowsOf.get(r.values.code)?.length ?? 0) === 1).map((r) => [r.values.code as string, r]),
  );
  const placeable = new Map<string, boolean>();
  const resolve = (code: string, seen: Set<string>): boolean => {
    const known = placeable.get(code);
    if (known !== undefined) {
      return known;
    }
    const r = byCode.get(code);
    if (!r || r.errors.length > 0 || !r.data) {
      placeable.set(code, false);
      return false;
    }
    if (seen.has(code)) {
      return false;
    }
    seen.add(code);
    const parent = r.data.parentCode;
    const ok = byCode.has(parent) ? resolve(parent, seen) : true;
    placeable.set(code, ok);
    return ok;
  };
  const inCycle = (start: string): boolean => {
    const seen = new Set<string>();
    let c: string | undefined = start;
    while (c !== undefined && byCode.has(c)) {
      if (seen.has(c)) {
        return c === start;
      }
      seen.add(c);
      c = byCode.get(c)?.data?.parentCode;
    }
    return false;
  };
  const unplaceable = out.filter((r) => r.errors.length === 0 && r.data && !resolve(r.data.code, new Set()));
  const cyclic = new Set(unplaceable.filter((r) => r.data && inCycle(r.data.code)).map((r) => r.row));
  for (const r of unplaceable) {
    r.errors.push(
      cyclic.has(r.row)
        ? rowError(ORG_SPEC, r.row, 'parentCode', 'cycle', '上级组织关系形成循环')
        : rowError(ORG_SPEC, r.row, 'parentCode', 'parent_invalid', '上级组织所在行有错误，无法导入'),
    );
    r.data = null;
  }
  return out;
}

async function commitOrgs(
  trx: Kysely<DB>,
  actor: Actor,
  rows: Array<ValidatedRow<OrgImportData> & { data: OrgImportData }>,
  c: CommitContext,
): Promise<number> {
  const placed = new Map<string, { id: number; path: string; depth: number; business_unit: string | null }>();
  for (const o of await trx.selectFrom('orgs').select(['id', 'code', 'path', 'depth', 'business_unit']).execute()) {
    placed.set(o.code, o);
  }
  let pending = rows;
  const created: OrgRow[] = [];
  let round = 0;
  while (pending.length > 0) {
    const next: typeof pending = [];
    for (const r of pending) {
      const parent = placed.get(r.data.parentCode);
      if (!parent) {
        next.push(r);
        continue;
      }
      const row = await insertOrg(
        trx,
        {
          code: r.data.code,
          name: r.data.name,
          short_name: r.data.shortName,
          kind: r.data.kind,
          parent_id: parent.id,
          sort_order: r.data.sortOrder,
          business_unit: r.data.businessUnit ?? parent.business_unit,
          founded_on: r.data.foundedOn,
          status: 'active',
          term_start: r.data.termStart,
          term_years: r.data.termYears,
          committee_note: r.data.committeeNote,
          created_at: c.now,
          updated_at: c.now,
        },
        parent,
      );
      placed.set(row.code, row);
      created.push(row);
    }
    if (next.length === pending.length) {
      throw new AppError('INTERNAL', 500, 'Some organisations could not be placed under their parents.');
    }
    pending = next;
    c.onChunk(round);
    round += 1;
  }
  await insertOrgEvents(
    trx,
    created.map((o) => ({
      org_id: o.id,
      kind: 'imported' as const,
      on_date: o.founded_on ?? c.today,
      before: null,
      after: { code: o.code, name: o.name, kind: o.kind, parent_id: o.parent_id },
      reason: `导入批次 ${c.jobId}`,
      related_org_id: null,
      actor_id: actor.userId,
      actor_name: actor.username,
      created_at: c.now,
    })),
  );
  await auditMany(
    trx,
    actor,
    created.map((o) => ({ action: 'org.imported', entityType: 'org', entityId: o.id, after: o, note: { importJobId: c.jobId } })),
    c.clock,
    c.dialect,
  );
  return created.length;
}

/** The organisation-tree import: up to 10,000 rows, files up to 5 MB. */
export const ORG_IMPORT: ImportDefinition<OrgImportData> = {
  kind: 'orgs',
  spec: ORG_SPEC,
  maxBytes: 5 * 1024 * 1024,
  maxRows: 10_000,
  fileBaseName: '党组织导入',
  validate: validateOrgs,
  commit: commitOrgs,
};

/** The filtered organisations (tree order) as .xlsx in the import template's columns, plus status. */
export async function exportOrgs(ctx: AppContext, actor: Actor, q: OrgExportQuery): Promise<{ data: Buffer; fileName: string }> {
  const db = ctx.database.db;
  const under = q.under ? await requireVisibleOrg(db, actor, q.under, ORG_READ_ROLES) : null;
  const rows = await allOrgs(db, scopeFor(actor, ORG_READ_ROLES), q, under?.path ?? null, 20_000);
  const spec: ExcelSheetSpec = {
    ...ORG_SPEC,
    templateId: 'guantong.orgs.export.v1',
    columns: [...ORG_COLUMNS.map((c) => ({ ...c, required: false })), { key: 'status', header: '状态', type: 'text', width: 8 }],
  };
  const statusLabel = { active: '在用', merged: '已合并', dissolved: '已撤销' } as const;
  const data = await writeSheet(
    spec,
    rows.map((r) => ({
      code: r.code,
      name: r.name,
      shortName: r.short_name,
      kind: ORG_KIND_LABELS[r.kind],
      parentCode: r.parent_code,
      businessUnit: r.business_unit,
      foundedOn: r.founded_on,
      termStart: r.term_start,
      termYears: r.term_years === null ? null : String(r.term_years),
      sortOrder: String(r.sort_order),
      committeeNote: r.committee_note,
      status: statusLabel[r.status],
    })),
  );
  return { data, fileName: `党组织-${chinaToday(ctx)}.xlsx` };
}
