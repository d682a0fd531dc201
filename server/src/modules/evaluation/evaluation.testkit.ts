import ExcelJS from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';
import type { TestApp } from '../../test/harness.js';
import { runPromises } from './evaluation.engine.js';

/** Asserts a status code, showing the body when it differs. */
export function expectOk(res: LightMyRequestResponse, status = 200): LightMyRequestResponse {
  if (res.statusCode !== status) {
    throw new Error(`expected ${status}, got ${res.statusCode}: ${res.body.slice(0, 1500)}`);
  }
  return res;
}

/** Starts a run of a scheme and waits for the background computation (same process) to finish. */
export async function runScheme(t: TestApp, schemeId: number, as = 'zzb'): Promise<{ id: number; status: string }> {
  const run = expectOk(await t.call({ method: 'POST', url: `/api/evaluation/schemes/${schemeId}/runs`, as }), 202).json();
  await waitRun(t, run.id, as);
  return expectOk(await t.call({ method: 'GET', url: `/api/evaluation/runs/${run.id}`, as })).json();
}

/** Waits for a run's background computation. */
export async function waitRun(t: TestApp, runId: number, as = 'zzb'): Promise<void> {
  await runPromises.get(runId);
  for (let i = 0; i < 100; i++) {
    const r = (await t.call({ method: 'GET', url: `/api/evaluation/runs/${runId}`, as })).json();
    if (r.status === 'computed' || r.status === 'failed' || r.status === 'published') {
      return;
    }
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error(`run ${runId} did not finish`);
}

/** An .xlsx with one sheet: a header row and data rows. */
export async function sheet(headers: string[], rows: Array<Array<string | number | null>>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('数据');
  ws.addRow(headers);
  for (const r of rows) {
    ws.addRow(r);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A multipart body with one file. */
export function upload(name: string, data: Buffer) {
  const boundary = `----gt${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, data, tail]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
