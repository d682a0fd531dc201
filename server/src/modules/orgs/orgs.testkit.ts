import { randomBytes } from 'node:crypto';
import ExcelJS from 'exceljs';
import type { TestApp } from '../../test/harness.js';
import type { PostKind } from './orgs.tables.js';

/** Test factories for organisations and people (direct inserts, so rule boundaries are cheap to set up). */

let seq = 0;

export interface PersonSeed {
  branchId: number | null;
  orgId?: number;
  groupId?: number | null;
  status?: 'full' | 'probationary' | 'activist' | 'candidate' | 'applicant' | 'non_member';
  name?: string;
  employeeNo?: string;
  birthDate?: string;
  phone?: string | null;
  since?: string;
}

/** Inserts one person with their branch (and group) memberships; returns the id. */
export async function addPerson(t: TestApp, p: PersonSeed): Promise<number> {
  seq += 1;
  const status = p.status ?? 'full';
  const member = status === 'full' || status === 'probationary';
  const now = t.clock.fn().toISOString();
  const row = await t.database.db
    .insertInto('people')
    .values({
      employee_no: p.employeeNo ?? `T${String(seq).padStart(6, '0')}`,
      name: p.name ?? `测试${seq}`,
      name_initials: 'cs',
      gender: 'male',
      ethnicity: '汉族',
      birth_date: p.birthDate ?? '1985-03-01',
      education: '本科',
      job_title: '工程师',
      business_unit: '一厂',
      phone: p.phone === undefined ? '13812345678' : p.phone,
      party_status: status,
      joined_party_on: member ? '2010-07-01' : null,
      full_member_on: status === 'full' ? '2011-07-01' : null,
      probation_start: status === 'probationary' ? '2010-07-01' : null,
      is_cadre: 0,
      is_retired: 0,
      is_mobile: 0,
      org_id: p.orgId ?? p.branchId ?? 0,
      branch_id: p.branchId,
      group_id: p.groupId ?? null,
      status: 'active',
      left_on: null,
      note: null,
      import_job_id: null,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const orgId of [p.branchId, p.groupId ?? null]) {
    if (orgId !== null) {
      await t.database.db
        .insertInto('memberships')
        .values({
          person_id: row.id,
          org_id: orgId,
          from_on: p.since ?? '2020-01-01',
          to_on: null,
          start_kind: 'initial',
          end_kind: null,
          reason: null,
          transfer_id: null,
          created_at: now,
        })
        .execute();
    }
  }
  return row.id;
}

/** Inserts `full` full members and `probationary` probationary members into a branch; returns their ids. */
export async function addMembers(t: TestApp, branchId: number, full: number, probationary = 0): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < full; i++) {
    ids.push(await addPerson(t, { branchId, status: 'full' }));
  }
  for (let i = 0; i < probationary; i++) {
    ids.push(await addPerson(t, { branchId, status: 'probationary' }));
  }
  return ids;
}

/** Records a post directly. */
export async function addPost(
  t: TestApp,
  orgId: number,
  personId: number,
  post: PostKind,
  startOn = '2025-01-01',
  endOn: string | null = null,
) {
  const now = t.clock.fn().toISOString();
  await t.database.db
    .insertInto('org_posts')
    .values({ org_id: orgId, person_id: personId, post, start_on: startOn, end_on: endOn, note: null, created_at: now, updated_at: now })
    .execute();
}

export async function setOrgFields(
  t: TestApp,
  orgId: number,
  fields: { term_start?: string | null; term_years?: number | null; committee_note?: string | null },
) {
  await t.database.db.updateTable('orgs').set(fields).where('id', '=', orgId).execute();
}

/** A multipart/form-data body with one file field. */
export function multipart(fileName: string, data: Buffer, mime = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet') {
  const boundary = `----guantong${randomBytes(8).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: ${mime}\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, data, tail]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/**
 * Fills a downloaded template's first sheet: the example row is replaced by the given rows (values by header
 * without '*'; Date values become date cells).
 */
export async function fillTemplate(template: Buffer, rows: Array<Record<string, string | number | Date | null>>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(template as unknown as ArrayBuffer);
  const ws = wb.worksheets[0];
  if (!ws) {
    throw new Error('template has no sheet');
  }
  const headers = (ws.getRow(1).values as Array<string | undefined>).map((h) => (h ? String(h).replace('*', '') : ''));
  ws.spliceRows(2, 1);
  rows.forEach((r, i) => {
    const row = ws.getRow(i + 2);
    headers.forEach((h, col) => {
      if (h && r[h] !== undefined) {
        row.getCell(col).value = r[h];
      }
    });
    row.commit();
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Reads the first sheet of an .xlsx response into arrays of cell values (row 1 = headers). */
export async function readXlsx(data: Buffer): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(data as unknown as ArrayBuffer);
  const ws = wb.worksheets[0];
  const out: unknown[][] = [];
  ws?.eachRow((row) => {
    out.push((row.values as unknown[]).slice(1));
  });
  return out;
}
