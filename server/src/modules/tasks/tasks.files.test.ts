import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkUpload, detectFileType, LocalDiskStorage } from '../../core/storage.js';
import { draft, expectStatus, multipart, PNG, type TaskWorld, taskWorld } from './tasks.fixtures.js';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const OLE = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]);

async function xlsxBytes(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('s').addRow(['a']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('file type and size checks', () => {
  it('recognises images, PDF and Office documents by their bytes, not their names', async () => {
    expect(detectFileType(PNG)?.mime).toBe('image/png');
    expect(detectFileType(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0]))?.mime).toBe('image/jpeg');
    expect(detectFileType(PDF)?.kind).toBe('pdf');
    expect(detectFileType(await xlsxBytes())?.extensions).toEqual(['xlsx']);
    expect(detectFileType(OLE)?.kind).toBe('office');
    expect(detectFileType(Buffer.from('MZ\x90\x00 an executable'))).toBeNull();
    expect(detectFileType(Buffer.from('plain text'))).toBeNull();
  });

  it('refuses content that does not match the extension, empty files and oversized ones', () => {
    expect(checkUpload('会议照片.png', PNG)).toEqual({ name: '会议照片.png', kind: 'image', mime: 'image/png' });
    expect(checkUpload('纪要.doc', OLE).mime).toBe('application/msword');
    expect(() => checkUpload('report.pdf', PNG)).toThrow(/does not match/);
    expect(() => checkUpload('script.png', Buffer.from('<script>alert(1)</script>'))).toThrow(/Only images/);
    expect(() => checkUpload('x.png', Buffer.alloc(0))).toThrow(/empty/);
    expect(() => checkUpload('x.png', PNG, 10)).toThrow(/larger/);
    expect(checkUpload('../../etc/passwd.png', PNG).name).toBe('passwd.png');
  });

  it('stores content once under its hash, and reads and deletes it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gt-storage-'));
    const s = new LocalDiskStorage(dir);
    const a = await s.put(PNG);
    const b = await s.put(Buffer.from(PNG));
    expect(a.key).toBe(b.key);
    expect(a.key).toMatch(/^[0-9a-f]{64}$/);
    expect(fs.existsSync(path.join(dir, a.key.slice(0, 2), a.key.slice(2, 4), a.key))).toBe(true);
    expect(Buffer.compare((await s.get(a.key)) as Buffer, PNG)).toBe(0);
    await s.delete(a.key);
    expect(await s.get(a.key)).toBeNull();
    await expect(s.get('../../etc/passwd')).rejects.toThrow(/invalid storage key/);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('evidence on tasks', () => {
  let w: TaskWorld;
  let b11Task: number;
  let b12Task: number;
  beforeAll(async () => {
    w = await taskWorld();
    const root = await draft(w, 'zzb', { title: '现场检查整改' });
    [b11Task, b12Task] = (
      await w.t.call({
        method: 'POST',
        url: `/api/tasks/${root}/issue`,
        as: 'zzb',
        payload: { recipients: { orgIds: [w.tree.b11.id, w.tree.b12.id] } },
      })
    ).json().childIds;
    await w.t.call({ method: 'POST', url: `/api/tasks/${b11Task}/accept`, as: 'b11sec', payload: {} });
  });
  afterAll(async () => w.close());

  const upload = (as: string, taskId: number, name: string, data: Buffer) =>
    w.t.call({ method: 'POST', url: `/api/tasks/${taskId}/files`, as, ...multipart(name, data) });

  it('reports with a photo that only those who may see the task can download; another branch’s secretary gets 404', async () => {
    const up = expectStatus(await upload('b11sec', b11Task, '整改后现场.png', PNG), 201).json();
    expect(up).toMatchObject({ name: '整改后现场.png', mime: 'image/png', kind: 'image', size: PNG.length, url: `/api/files/${up.id}` });
    const report = expectStatus(
      await w.t.call({
        method: 'POST',
        url: `/api/tasks/${b11Task}/report`,
        as: 'b11sec',
        payload: { text: '已整改，附照片', progress: 100, fileIds: [up.id] },
      }),
      200,
    ).json();
    expect(report.timeline.at(-1).attachments).toEqual([up]);
    expect(report.files).toEqual([up]);
    for (const who of ['b11sec', 'zzb', 'g1sec', 'leader', 'b11mem']) {
      const res = await w.t.call({ method: 'GET', url: `/api/files/${up.id}`, as: who });
      expect(res.statusCode, who).toBe(200);
      expect(res.headers['content-type']).toBe('image/png');
      expect(Buffer.compare(res.rawPayload, PNG)).toBe(0);
    }
    for (const who of ['b12sec', 'b21sec', 'g2sec']) {
      const res = await w.t.call({ method: 'GET', url: `/api/files/${up.id}`, as: who });
      expect(res.statusCode, who).toBe(404);
      expect(res.json().error.code).toBe('NOT_FOUND');
    }
    expect((await w.t.call({ method: 'GET', url: `/api/files/${up.id}` })).statusCode).toBe(401);
    expect((await w.t.call({ method: 'GET', url: '/api/files/999999', as: 'zzb' })).statusCode).toBe(404);
    const disposition = (await w.t.call({ method: 'GET', url: `/api/files/${up.id}`, as: 'zzb' })).headers['content-disposition'] as string;
    expect(disposition).toContain(`filename*=UTF-8''${encodeURIComponent('整改后现场.png')}`);
  });

  it('refuses uploads by people without a side, of the wrong type, and evidence attached to another task', async () => {
    expect((await upload('b12sec', b11Task, 'x.png', PNG)).statusCode).toBe(404);
    expect((await upload('b11mem', b11Task, 'x.png', PNG)).statusCode).toBe(403);
    const fake = await upload('b11sec', b11Task, 'virus.pdf', Buffer.from('MZ not a pdf'));
    expect(fake.statusCode).toBe(415);
    expect(fake.json().error.code).toBe('FILE_TYPE_NOT_ALLOWED');
    const renamed = await upload('b11sec', b11Task, 'photo.pdf', PNG);
    expect(renamed.statusCode).toBe(415);
    const noFile = await w.t.call({ method: 'POST', url: `/api/tasks/${b11Task}/files`, as: 'b11sec', payload: {} });
    expect(noFile.statusCode).toBe(415);
    const other = expectStatus(await upload('b12sec', b12Task, '支部照片.png', PNG), 201).json();
    expectStatus(
      await w.t.call({ method: 'POST', url: `/api/tasks/${b11Task}/return`, as: 'zzb', payload: { reason: '照片不清楚' } }),
      200,
    );
    const res = await w.t.call({
      method: 'POST',
      url: `/api/tasks/${b11Task}/note`,
      as: 'b11sec',
      payload: { text: '借用别人的证据', fileIds: [other.id] },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details).toEqual({ fileIds: [other.id] });
  });

  it('refuses files larger than the limit with 413', async () => {
    const big = Buffer.concat([PNG, Buffer.alloc(21 * 1024 * 1024)]);
    const res = await upload('b11sec', b11Task, 'big.png', big);
    expect(res.statusCode).toBe(413);
  });

  it('accepts PDF and Office documents as evidence', async () => {
    expectStatus(await upload('b11sec', b11Task, '会议纪要.pdf', PDF), 201);
    const x = expectStatus(await upload('b11sec', b11Task, '台账.xlsx', await xlsxBytes()), 201).json();
    expect(x.kind).toBe('office');
    const dl = await w.t.call({ method: 'GET', url: `/api/files/${x.id}`, as: 'b11sec' });
    expect(dl.headers['content-disposition']).toMatch(/^attachment;/);
  });
});
