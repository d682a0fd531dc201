import {
  EDUCATION_OPTIONS,
  ETHNICITY_OPTIONS,
  GENDER_LABELS,
  type Gender,
  MEMBER_STATUSES,
  PARTY_STATUS_LABELS,
  type PartyStatus,
  type PersonExportQuery,
} from '@guantong/shared';
import type { Insertable, Kysely } from 'kysely';
import { type Actor, type OrgScope, pathInScope, requireVisibleOrg, scopeFor } from '../../core/access.js';
import { auditMany } from '../../core/audit-bulk.js';
import type { AppContext } from '../../core/context.js';
import { AppError } from '../../core/errors.js';
import { type ExcelColumn, type ExcelSheetSpec, parseBooleanText, parseDateText, type SheetRow, writeSheet } from '../../core/excel.js';
import { insertMany } from '../../db/bulk-insert.js';
import type { DB } from '../../db/schema.js';
import { pinyinInitials } from '../orgs/demo-enterprise.js';
import { type CommitContext, type ImportDefinition, rowError, type ValidatedRow } from '../orgs/orgs.imports.js';
import type { OrgRow } from '../orgs/orgs.repository.js';
import { chinaToday, loadOrgIndex } from '../orgs/orgs.service.js';
import { fullPhoneScope, PEOPLE_READ_ROLES, PEOPLE_WRITE_ROLES, phoneFor } from './people.policy.js';
import { allPeople, countPeople, existingEmployeeNos } from './people.repository.js';
import type { MembershipsTable, PeopleTable } from './people.tables.js';
import { checkPersonFacts } from './people.validation.js';

const PARTY_LABELS = Object.values(PARTY_STATUS_LABELS);
const STATUS_BY_LABEL = new Map(Object.entries(PARTY_STATUS_LABELS).map(([k, v]) => [v, k as PartyStatus]));
const GENDER_BY_LABEL = new Map(Object.entries(GENDER_LABELS).map(([k, v]) => [v, k as Gender]));

/** The roster import template (花名册导入模板): one person per row; the header row must not be changed. */
export const PEOPLE_COLUMNS: readonly ExcelColumn[] = [
  { key: 'employeeNo', header: '工号', type: 'text', required: true, width: 14, example: 'DQ000001', help: '唯一，字母、数字或连字符' },
  { key: 'name', header: '姓名', type: 'text', required: true, width: 12, example: '张伟' },
  { key: 'gender', header: '性别', type: 'enum', options: Object.values(GENDER_LABELS), required: true, width: 8, example: '男' },
  { key: 'ethnicity', header: '民族', type: 'enum', options: ETHNICITY_OPTIONS, width: 10, example: '汉族' },
  { key: 'birthDate', header: '出生日期', type: 'date', required: true, width: 12, example: new Date(Date.UTC(1985, 5, 15)) },
  { key: 'education', header: '学历', type: 'enum', options: EDUCATION_OPTIONS, width: 12, example: '本科' },
  { key: 'jobTitle', header: '岗位/职务', type: 'text', width: 14, example: '工程师' },
  { key: 'businessUnit', header: '所在单位', type: 'text', width: 14, example: '熔铸厂', help: '不填时取所在组织的单位' },
  { key: 'phone', header: '手机号码', type: 'text', width: 14, example: '13800000000', help: '11位手机号，或带区号的固定电话' },
  {
    key: 'partyStatus',
    header: '政治面貌',
    type: 'enum',
    options: PARTY_LABELS,
    required: true,
    width: 12,
    example: '党员',
    help: '党员=正式党员；入党积极分子、发展对象、入党申请人须填写所在党支部',
  },
  {
    key: 'joinedPartyOn',
    header: '入党日期',
    type: 'date',
    width: 12,
    example: new Date(Date.UTC(2010, 6, 1)),
    help: '党员、预备党员必填；须年满18周岁',
  },
  {
    key: 'fullMemberOn',
    header: '转正日期',
    type: 'date',
    width: 12,
    example: new Date(Date.UTC(2011, 6, 1)),
    help: '正式党员必填；入党满一年之后',
  },
  {
    key: 'orgCode',
    header: '所在组织编码',
    type: 'text',
    required: true,
    width: 14,
    example: 'B001',
    help: '党员、预备党员、积极分子等填所在党支部编码；群众填所在单位的党组织编码',
  },
  { key: 'groupCode', header: '党小组编码', type: 'text', width: 14, example: null, help: '可选，须为所在党支部下的党小组' },
  { key: 'memberSince', header: '加入本支部日期', type: 'date', width: 14, example: null, help: '可选，不填时为导入当天' },
  { key: 'isCadre', header: '是否干部', type: 'boolean', width: 10, example: '否' },
  { key: 'isRetired', header: '是否离退休', type: 'boolean', width: 10, example: '否' },
  { key: 'isMobile', header: '是否流动党员', type: 'boolean', width: 12, example: '否' },
  { key: 'note', header: '备注', type: 'text', width: 24, example: null },
];

export const PEOPLE_SPEC: ExcelSheetSpec = {
  templateId: 'guantong.people.v1',
  title: '人员花名册导入模板 — 填写说明',
  sheetName: '人员名单',
  columns: PEOPLE_COLUMNS,
  instructions: [
    '1. 在“人员名单”工作表中每行填写一人，第一行表头请勿修改；带 * 的列为必填。',
    '2. 第二行为示例，可直接覆盖；若原样保留，导入时会自动跳过。',
    '3. 政治面貌、性别、民族、学历、是否类字段请从下拉列表中选择。',
    '4. 日期请填写为日期格式，例如 2024-05-01。入党时须年满18周岁；转正日期应在入党满一年之后。',
    '5. 工号在文件内和系统中都必须唯一；组织编码须是您管理范围内的在用组织。',
    '6. 上传后系统会逐行校验并显示错误，可下载带“错误信息”列的文件修改后重新上传；可选择“全部成功才导入”或“仅导入正确的行”。',
  ],
};

/** Export columns: the import columns (so an export can be edited and imported elsewhere) plus readable names. */
const EXPORT_SPEC: ExcelSheetSpec = {
  ...PEOPLE_SPEC,
  templateId: 'guantong.people.export.v1',
  columns: [
    ...PEOPLE_COLUMNS.filter((c) => c.key !== 'memberSince').map((c) => ({ ...c, required: false })),
    { key: 'orgName', header: '所在组织名称', type: 'text', width: 28 },
    { key: 'groupName', header: '党小组名称', type: 'text', width: 16 },
    { key: 'status', header: '在册状态', type: 'text', width: 10 },
  ],
};

export interface PersonImportData {
  person: Omit<PeopleTable, 'id' | 'import_job_id' | 'created_at' | 'updated_at'>;
  memberSince: string;
}

const EMPLOYEE_NO = /^[A-Za-z0-9-]{1,32}$/;
const PHONE = /^1[3-9]\d{9}$|^0\d{2,3}-?\d{7,8}$/;
const ETHNICITIES: ReadonlySet<string> = new Set(ETHNICITY_OPTIONS);
const EDUCATIONS: ReadonlySet<string> = new Set(EDUCATION_OPTIONS);
const REQUIRED_COLUMNS = PEOPLE_COLUMNS.filter((c) => c.required);
const DATE_KEYS = ['birthDate', 'joinedPartyOn', 'fullMemberOn', 'memberSince'] as const;
const FLAG_KEYS = ['isCadre', 'isRetired', 'isMobile'] as const;

/**
 * Validates the rows of a roster upload (and again at commit, inside its transaction): one pass over the rows,
 * with the organisations and the employee numbers already on the roster looked up once for the whole file.
 */
async function validatePeople(db: Kysely<DB>, actor: Actor, rows: SheetRow[], today: string): Promise<ValidatedRow<PersonImportData>[]> {
  const scope = scopeFor(actor, PEOPLE_WRITE_ROLES);
  const orgs = await loadOrgIndex(db);
  // Rows by employee number (most numbers appear once; the list is only made for repeats).
  const firstRowOf = new Map<string, number | number[]>();
  for (const r of rows) {
    const n = r.values.employeeNo?.trim();
    if (n) {
      const seen = firstRowOf.get(n);
      if (seen === undefined) {
        firstRowOf.set(n, r.row);
      } else if (typeof seen === 'number') {
        firstRowOf.set(n, [seen, r.row]);
      } else {
        seen.push(r.row);
      }
    }
  }
  const inDb = await existingEmployeeNos(db, [...firstRowOf.keys()]);
  const out: ValidatedRow<PersonImportData>[] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    out[i] = validatePerson(rows[i] as SheetRow, orgs, scope, firstRowOf, inDb, today);
  }
  return out;
}

function validatePerson(
  r: SheetRow,
  orgs: Map<string, OrgRow>,
  scope: OrgScope,
  firstRowOf: Map<string, number | number[]>,
  inDb: ReadonlySet<string>,
  today: string,
): ValidatedRow<PersonImportData> {
  const v = r.values;
  const errors: ValidatedRow<PersonImportData>['errors'] = [];
  const err = (field: string | null, code: string, message: string) => {
    errors.push(rowError(PEOPLE_SPEC, r.row, field, code, message));
  };
  for (const c of REQUIRED_COLUMNS) {
    if (!v[c.key]) {
      err(c.key, 'required', `${c.header}为必填项`);
    }
  }
  const employeeNo = v.employeeNo ?? '';
  if (employeeNo && !EMPLOYEE_NO.test(employeeNo)) {
    err('employeeNo', 'invalid_format', '工号只能包含字母、数字和连字符，最多32位');
  }
  const same = employeeNo ? firstRowOf.get(employeeNo) : undefined;
  if (Array.isArray(same)) {
    err('employeeNo', 'duplicate_in_file', `工号在文件中重复（第${same.join('、')}行）`);
  }
  if (employeeNo && inDb.has(employeeNo)) {
    err('employeeNo', 'duplicate_in_db', '工号已存在于人员花名册中');
  }
  if (v.name && v.name.length > 64) {
    err('name', 'too_long', '姓名不能超过64个字符');
  }
  const gender = v.gender ? GENDER_BY_LABEL.get(v.gender) : undefined;
  if (v.gender && !gender) {
    err('gender', 'invalid_option', '性别应为“男”或“女”');
  }
  if (v.ethnicity && !ETHNICITIES.has(v.ethnicity)) {
    err('ethnicity', 'invalid_option', '民族不在可选列表中');
  }
  if (v.education && !EDUCATIONS.has(v.education)) {
    err('education', 'invalid_option', '学历不在可选列表中');
  }
  if (v.phone && !PHONE.test(v.phone)) {
    err('phone', 'invalid_phone', '手机号码应为11位手机号或带区号的固定电话');
  }
  if ((v.jobTitle?.length ?? 0) > 64) {
    err('jobTitle', 'too_long', '内容过长');
  }
  if ((v.businessUnit?.length ?? 0) > 100) {
    err('businessUnit', 'too_long', '内容过长');
  }
  if ((v.note?.length ?? 0) > 500) {
    err('note', 'too_long', '备注不能超过500个字符');
  }
  const status = v.partyStatus ? STATUS_BY_LABEL.get(v.partyStatus) : undefined;
  if (v.partyStatus && !status) {
    err('partyStatus', 'invalid_option', `政治面貌应为：${PARTY_LABELS.join('、')}`);
  }
  const dates: Record<(typeof DATE_KEYS)[number], string | null> = {
    birthDate: null,
    joinedPartyOn: null,
    fullMemberOn: null,
    memberSince: null,
  };
  for (const k of DATE_KEYS) {
    const text = v[k];
    if (text) {
      dates[k] = parseDateText(text);
      if (!dates[k]) {
        err(k, 'invalid_date', '日期格式不正确，应为如 2024-05-01 的日期');
      }
    }
  }
  if (dates.memberSince && dates.memberSince > today) {
    err('memberSince', 'future_date', '加入本支部日期不能晚于今天');
  }
  const flags = { isCadre: false, isRetired: false, isMobile: false };
  for (const k of FLAG_KEYS) {
    const b = parseBooleanText(v[k]);
    if (b === undefined) {
      err(k, 'invalid_option', '应填写“是”或“否”');
    }
    flags[k] = b === true;
  }
  const org = v.orgCode ? orgs.get(v.orgCode) : undefined;
  if (v.orgCode && (org?.status !== 'active' || !pathInScope(scope, org.path))) {
    err('orgCode', 'unknown_org', '组织编码不存在、已撤销或不在您的管理范围内');
  }
  if (org && status && status !== 'non_member' && org.kind !== 'branch') {
    err('orgCode', 'org_not_branch', '党员、预备党员和入党积极分子等须填写所在党支部的编码');
  }
  let groupId: number | null = null;
  if (v.groupCode) {
    const group = orgs.get(v.groupCode);
    if (group?.kind !== 'group' || group.status !== 'active' || (org && group.parent_id !== org.id)) {
      err('groupCode', 'unknown_group', '党小组编码不存在或不属于所填党支部');
    } else if (status && !MEMBER_STATUSES.includes(status)) {
      err('groupCode', 'group_not_allowed', '只有党员和预备党员编入党小组');
    } else {
      groupId = group.id;
    }
  }
  if (dates.birthDate && status) {
    for (const issue of checkPersonFacts(
      { birthDate: dates.birthDate, partyStatus: status, joinedPartyOn: dates.joinedPartyOn, fullMemberOn: dates.fullMemberOn },
      today,
    )) {
      err(issue.field, issue.code, issue.message);
    }
  }
  if (errors.length > 0 || !org || !status || !gender || !dates.birthDate || !v.name) {
    return { row: r.row, values: v, errors, data: null };
  }
  const inBranch = org.kind === 'branch' && status !== 'non_member';
  return {
    row: r.row,
    values: v,
    errors,
    data: {
      person: {
        employee_no: employeeNo,
        name: v.name,
        name_initials: pinyinInitials(v.name),
        gender,
        ethnicity: v.ethnicity ?? null,
        birth_date: dates.birthDate,
        education: v.education ?? null,
        job_title: v.jobTitle ?? null,
        business_unit: v.businessUnit ?? org.business_unit,
        phone: v.phone ?? null,
        party_status: status,
        joined_party_on: dates.joinedPartyOn,
        full_member_on: dates.fullMemberOn,
        probation_start: status === 'probationary' ? dates.joinedPartyOn : null,
        is_cadre: flags.isCadre ? 1 : 0,
        is_retired: flags.isRetired ? 1 : 0,
        is_mobile: flags.isMobile ? 1 : 0,
        org_id: org.id,
        branch_id: inBranch ? org.id : null,
        group_id: inBranch ? groupId : null,
        status: 'active',
        left_on: null,
        note: v.note ?? null,
      },
      memberSince: dates.memberSince ?? today,
    },
  };
}

/**
 * People written at a time: their rows, memberships, events and audit entries are built, inserted and let go
 * chunk by chunk, so a 50,000-row import never holds all of them at once.
 */
const COMMIT_CHUNK = 1000;

async function commitPeople(
  trx: Kysely<DB>,
  actor: Actor,
  rows: Array<ValidatedRow<PersonImportData> & { data: PersonImportData }>,
  c: CommitContext,
): Promise<number> {
  const reason = `导入批次 ${c.jobId}`;
  for (let i = 0, k = 0; i < rows.length; i += COMMIT_CHUNK, k += 1) {
    const chunk = rows.slice(i, i + COMMIT_CHUNK);
    const inserted = await insertMany(
      trx,
      c.dialect,
      'people',
      chunk.map((r) => ({ ...r.data.person, import_job_id: c.jobId, created_at: c.now, updated_at: c.now })),
      {
        intColumns: ['is_cadre', 'is_retired', 'is_mobile', 'org_id', 'branch_id', 'group_id', 'import_job_id'],
        returning: ['id', 'employee_no'],
      },
    );
    c.onChunk(k);
    const ids = new Map(inserted.map((r) => [String(r.employee_no), Number(r.id)]));
    const personIds = chunk.map((r) => {
      const id = ids.get(r.data.person.employee_no);
      if (id === undefined) {
        throw new AppError('INTERNAL', 500, 'An imported person has no id.');
      }
      return id;
    });
    const memberships: Insertable<MembershipsTable>[] = [];
    chunk.forEach((r, j) => {
      for (const orgId of [r.data.person.branch_id, r.data.person.group_id]) {
        if (orgId !== null) {
          memberships.push({
            person_id: personIds[j] as number,
            org_id: orgId,
            from_on: r.data.memberSince,
            to_on: null,
            start_kind: 'import',
            end_kind: null,
            reason,
            transfer_id: null,
            created_at: c.now,
          });
        }
      }
    });
    await insertMany(trx, c.dialect, 'memberships', memberships, { intColumns: ['person_id', 'org_id', 'transfer_id'] });
    await insertMany(
      trx,
      c.dialect,
      'person_events',
      chunk.map((r, j) => ({
        person_id: personIds[j] as number,
        kind: 'created' as const,
        from_value: null,
        to_value: r.data.person.party_status,
        on_date: c.today,
        reason,
        created_by: actor.userId,
        created_by_name: actor.username,
        created_at: c.now,
      })),
      { intColumns: ['person_id', 'created_by'] },
    );
    // One entry per person with the identifying fields; the full rows stay in the committed import job.
    await auditMany(
      trx,
      actor,
      chunk.map((r, j) => {
        const p = r.data.person;
        return {
          action: 'person.imported',
          entityType: 'person',
          entityId: personIds[j] as number,
          after: {
            employee_no: p.employee_no,
            name: p.name,
            party_status: p.party_status,
            org_id: p.org_id,
            branch_id: p.branch_id,
            group_id: p.group_id,
          },
          note: { importJobId: c.jobId },
        };
      }),
      c.clock,
      c.dialect,
    );
    // A turn for the event loop between chunks: on SQLite the whole commit is synchronous work otherwise, and other
    // users' requests (those that need no write) would wait for the entire import.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return rows.length;
}

/** The roster import: up to 100,000 rows, files up to 20 MB. */
export const PEOPLE_IMPORT: ImportDefinition<PersonImportData> = {
  kind: 'people',
  spec: PEOPLE_SPEC,
  maxBytes: 20 * 1024 * 1024,
  maxRows: 100_000,
  fileBaseName: '人员导入',
  validate: validatePeople,
  commit: commitPeople,
};

/** Most rows an export writes (beyond it: 413 EXPORT_TOO_LARGE; narrow the filters). */
export const PEOPLE_EXPORT_LIMIT = 100_000;

/** The filtered roster as .xlsx (Chinese headers, dates as dates, phones masked as in the list). */
export async function exportPeople(ctx: AppContext, actor: Actor, q: PersonExportQuery): Promise<{ data: Buffer; fileName: string }> {
  const db = ctx.database.db;
  const under = q.orgId ? await requireVisibleOrg(db, actor, q.orgId, PEOPLE_READ_ROLES) : null;
  const scope = scopeFor(actor, PEOPLE_READ_ROLES);
  const total = await countPeople(db, scope, q, under?.path ?? null);
  if (total > PEOPLE_EXPORT_LIMIT) {
    throw new AppError('EXPORT_TOO_LARGE', 413, `The list has ${total} people; export at most ${PEOPLE_EXPORT_LIMIT} at a time.`, {
      total,
      limit: PEOPLE_EXPORT_LIMIT,
    });
  }
  const rows = await allPeople(db, scope, q, under?.path ?? null, PEOPLE_EXPORT_LIMIT);
  const phones = fullPhoneScope(actor);
  const data = await writeSheet(
    EXPORT_SPEC,
    rows.map((r) => ({
      employeeNo: r.employee_no,
      name: r.name,
      gender: GENDER_LABELS[r.gender],
      ethnicity: r.ethnicity,
      birthDate: r.birth_date,
      education: r.education,
      jobTitle: r.job_title,
      businessUnit: r.business_unit,
      phone: phoneFor(phones, r.org_path, r.phone).phone,
      partyStatus: PARTY_STATUS_LABELS[r.party_status],
      joinedPartyOn: r.joined_party_on,
      fullMemberOn: r.full_member_on,
      orgCode: r.org_code,
      groupCode: r.group_code,
      isCadre: r.is_cadre === 1,
      isRetired: r.is_retired === 1,
      isMobile: r.is_mobile === 1,
      note: r.note,
      orgName: r.org_name,
      groupName: r.group_name,
      status: r.status === 'active' ? '在册' : '已离开',
    })),
  );
  return { data, fileName: `人员名单-${chinaToday(ctx)}.xlsx` };
}
