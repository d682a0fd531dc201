import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, badRequest } from './errors.js';

/**
 * Generic Excel (.xlsx) pieces for imports and exports: a column spec drives the template (Chinese headers,
 * dropdowns for every enumeration, an example row, an instructions sheet), the reading of an upload (header
 * check, cell normalisation to text, row limit), the file sent back with an error column, and exports
 * (dates as real dates). Module-specific validation stays in the modules.
 */

export type ExcelCellType = 'text' | 'date' | 'integer' | 'number' | 'enum' | 'boolean';

export interface ExcelColumn {
  /** Field key the module uses. */
  key: string;
  /** Header as users see it (a '*' is added in templates for required columns). */
  header: string;
  type: ExcelCellType;
  required?: boolean;
  /** Dropdown choices (type 'enum'; 'boolean' uses 是/否). */
  options?: readonly string[];
  width?: number;
  /** Value of the example row. */
  example?: string | number | Date | null;
  /** One line for the instructions sheet. */
  help?: string;
}

export interface ExcelSheetSpec {
  /** Stable id of the template, written into the workbook's properties (e.g. 'guantong.people.v1'). */
  templateId: string;
  /** Title of the instructions sheet. */
  title: string;
  /** Name of the data sheet (the first sheet). */
  sheetName: string;
  columns: readonly ExcelColumn[];
  /** General instructions, one paragraph per line. */
  instructions: readonly string[];
}

/** One data row of an upload: its sheet row number and the cells as trimmed text (dates as YYYY-MM-DD). */
export interface SheetRow {
  row: number;
  values: Record<string, string | null>;
}

export const BOOLEAN_OPTIONS = ['是', '否'] as const;
export const ERROR_COLUMN_HEADER = '错误信息';
export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const OPTIONS_SHEET = '选项';
const INSTRUCTIONS_SHEET = '填写说明';
const TEMPLATE_ROWS = 5000;
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDCE6F1' } };

function columnLetter(n: number): string {
  let s = '';
  let x = n;
  while (x > 0) {
    const m = (x - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    x = Math.floor((x - 1) / 26);
  }
  return s;
}

function optionsOf(col: ExcelColumn): readonly string[] | null {
  if (col.type === 'boolean') {
    return BOOLEAN_OPTIONS;
  }
  if (col.type === 'enum' && col.options) {
    return col.options;
  }
  return null;
}

/** 'YYYY-MM-DD' → a Date at UTC midnight (how Excel date cells are written), or null. */
export function dateCell(value: string | null | undefined): Date | null {
  if (!value) {
    return null;
  }
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  return m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
}

function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/**
 * Reads a date typed in many common ways (2024-05-01, 2024/5/1, 2024.5.1, 2024年5月1日, 20240501) and
 * returns 'YYYY-MM-DD', or null when it is not a real calendar date.
 */
export function parseDateText(text: string | null | undefined): string | null {
  if (!text) {
    return null;
  }
  const t = text.trim();
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(t) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  if (!m) {
    return null;
  }
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d || y < 1900 || y > 2100) {
    return null;
  }
  return isoDay(date);
}

/** 是/否 (also Y/N, true/false, 1/0) → boolean; null when empty; undefined when not understood. */
export function parseBooleanText(text: string | null | undefined): boolean | null | undefined {
  if (text === null || text === undefined || text.trim() === '') {
    return null;
  }
  const t = text.trim().toLowerCase();
  if (['是', 'y', 'yes', 'true', '1'].includes(t)) {
    return true;
  }
  if (['否', 'n', 'no', 'false', '0'].includes(t)) {
    return false;
  }
  return undefined;
}

/** Builds the import template: data sheet with headers, dropdowns and an example row; instructions; hidden option lists. */
export async function buildTemplate(spec: ExcelSheetSpec): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Guantong 贯通';
  wb.title = spec.title;
  wb.subject = spec.templateId;
  wb.keywords = spec.templateId;
  const ws = wb.addWorksheet(spec.sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  const instructions = wb.addWorksheet(INSTRUCTIONS_SHEET);
  const options = wb.addWorksheet(OPTIONS_SHEET, { state: 'veryHidden' });

  ws.columns = spec.columns.map((c) => ({ header: c.required ? `${c.header}*` : c.header, key: c.key, width: c.width ?? 16 }));
  const header = ws.getRow(1);
  header.font = { bold: true };
  header.height = 22;
  spec.columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.fill = HEADER_FILL;
    if (c.required) {
      cell.font = { bold: true, color: { argb: 'FFC00000' } };
    }
    if (c.help) {
      cell.note = c.help;
    }
  });

  const example = ws.getRow(2);
  spec.columns.forEach((c, i) => {
    const cell = example.getCell(i + 1);
    cell.value = c.example ?? null;
    if (c.type === 'date') {
      cell.numFmt = 'yyyy-mm-dd';
    }
  });

  const validations = (ws as unknown as { dataValidations: { add(address: string, v: ExcelJS.DataValidation): void } }).dataValidations;
  let optionCol = 0;
  spec.columns.forEach((c, i) => {
    const letter = columnLetter(i + 1);
    const range = `${letter}2:${letter}${TEMPLATE_ROWS + 1}`;
    if (c.type === 'date') {
      ws.getColumn(i + 1).numFmt = 'yyyy-mm-dd';
      validations.add(range, {
        type: 'date',
        operator: 'between',
        allowBlank: true,
        formulae: [new Date(Date.UTC(1900, 0, 1)), new Date(Date.UTC(2100, 11, 31))],
        showErrorMessage: true,
        errorTitle: c.header,
        error: '请输入日期，例如 2024-05-01',
      });
      return;
    }
    ws.getColumn(i + 1).numFmt = '@';
    const list = optionsOf(c);
    if (!list) {
      return;
    }
    optionCol += 1;
    const ol = columnLetter(optionCol);
    options.getCell(`${ol}1`).value = c.header;
    list.forEach((v, k) => {
      options.getCell(`${ol}${k + 2}`).value = v;
    });
    validations.add(range, {
      type: 'list',
      allowBlank: !c.required,
      formulae: [`'${OPTIONS_SHEET}'!$${ol}$2:$${ol}$${list.length + 1}`],
      showErrorMessage: true,
      errorTitle: c.header,
      error: '请从下拉列表中选择',
    });
  });

  instructions.columns = [{ width: 22 }, { width: 10 }, { width: 48 }, { width: 60 }];
  instructions.addRow([spec.title]).font = { bold: true, size: 14 };
  for (const line of spec.instructions) {
    instructions.addRow([line]);
  }
  instructions.addRow([]);
  const tableHeader = instructions.addRow(['列名', '是否必填', '格式 / 可选值', '说明']);
  tableHeader.font = { bold: true };
  tableHeader.eachCell((cell) => {
    cell.fill = HEADER_FILL;
  });
  for (const c of spec.columns) {
    const list = optionsOf(c);
    const format =
      c.type === 'date'
        ? '日期，如 2024-05-01'
        : c.type === 'integer'
          ? '整数'
          : c.type === 'number'
            ? '数字'
            : list
              ? list.join('、')
              : '文本';
    instructions.addRow([c.header, c.required ? '是' : '否', format, c.help ?? '']);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function cellText(value: ExcelJS.CellValue, type: ExcelCellType): string | null {
  if (value === null || value === undefined) {
    return null;
  }
  if (value instanceof Date) {
    return Number.isNaN(value.getTime()) ? null : isoDay(value);
  }
  if (typeof value === 'number') {
    if (type === 'date' && value > 0 && value < 80000) {
      // An Excel serial day number (1900 date system) in a date column without a date format.
      return isoDay(new Date(Math.round((value - 25569) * 86400000)));
    }
    return Number.isInteger(value) ? String(value) : String(value);
  }
  if (typeof value === 'string') {
    const t = value.trim();
    return t === '' ? null : t;
  }
  if (typeof value === 'boolean') {
    return value ? '是' : '否';
  }
  if (typeof value === 'object') {
    const v = value as unknown as Record<string, unknown>;
    if (Array.isArray(v.richText)) {
      return cellText((v.richText as Array<{ text: string }>).map((r) => r.text).join(''), type);
    }
    if ('result' in v) {
      return cellText(v.result as ExcelJS.CellValue, type);
    }
    if ('text' in v && typeof v.text === 'string') {
      return cellText(v.text, type);
    }
    if ('error' in v) {
      return null;
    }
  }
  return String(value);
}

function normaliseHeader(text: string): string {
  return text.replace(/[*＊]/g, '').replace(/\s+/g, '').replace(/（/g, '(').replace(/）/g, ')').trim();
}

function sameAsExample(values: Record<string, string | null>, spec: ExcelSheetSpec): boolean {
  return spec.columns.every((c) => {
    const ex = c.example ?? null;
    const want = ex === null ? null : ex instanceof Date ? isoDay(ex) : String(ex);
    return (values[c.key] ?? null) === want;
  });
}

/** True when the bytes start like a zip archive (every .xlsx is one). */
export function looksLikeXlsx(data: Buffer): boolean {
  return data.length > 4 && data[0] === 0x50 && data[1] === 0x4b && data[2] === 0x03 && data[3] === 0x04;
}

/**
 * Reads the first sheet of an upload against a template spec: the header row must carry every required
 * header (any order; extra columns such as the error column are ignored), then each non-empty row becomes
 * text values by key. The template's example row, when left unchanged, is skipped.
 * Throws 415 (not an .xlsx), 422 IMPORT_UNREADABLE / IMPORT_WRONG_TEMPLATE / IMPORT_EMPTY, 413 IMPORT_TOO_MANY_ROWS.
 */
export async function readSheet(data: Buffer, spec: ExcelSheetSpec, options: { maxRows: number }): Promise<SheetRow[]> {
  if (!looksLikeXlsx(data)) {
    throw new AppError('FILE_TYPE_NOT_ALLOWED', 415, 'The file is not an Excel .xlsx workbook.');
  }
  const byHeader = new Map(spec.columns.map((c) => [normaliseHeader(c.header), c]));
  const rows: SheetRow[] = [];
  let columnsByIndex: Array<ExcelColumn | null> | null = null;
  let sawSheet = false;
  try {
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(data), {
      sharedStrings: 'cache',
      styles: 'cache',
      hyperlinks: 'ignore',
      worksheets: 'emit',
    });
    for await (const sheet of reader) {
      if (sawSheet) {
        // Only the first (data) sheet is read; drain the others quickly.
        for await (const _row of sheet) {
          // skip
        }
        continue;
      }
      sawSheet = true;
      for await (const row of sheet) {
        const cells = row.values as ExcelJS.CellValue[];
        if (!columnsByIndex) {
          const headers = cells.map((v) => (v === null || v === undefined ? '' : normaliseHeader(cellText(v, 'text') ?? '')));
          if (headers.every((h) => h === '')) {
            continue;
          }
          columnsByIndex = headers.map((h) => byHeader.get(h) ?? null);
          const found = new Set(columnsByIndex.filter((c): c is ExcelColumn => c !== null).map((c) => c.key));
          const missing = spec.columns.filter((c) => c.required && !found.has(c.key)).map((c) => c.header);
          if (missing.length > 0) {
            throw new AppError('IMPORT_WRONG_TEMPLATE', 422, 'The file does not use the import template: required columns are missing.', {
              missing,
              found: headers.filter((h) => h !== ''),
            });
          }
          continue;
        }
        const values: Record<string, string | null> = {};
        let empty = true;
        for (const c of spec.columns) {
          values[c.key] = null;
        }
        columnsByIndex.forEach((c, i) => {
          if (!c) {
            return;
          }
          const v = cellText(cells[i] ?? null, c.type);
          values[c.key] = v;
          if (v !== null) {
            empty = false;
          }
        });
        if (empty || (rows.length === 0 && sameAsExample(values, spec))) {
          continue;
        }
        if (rows.length >= options.maxRows) {
          throw new AppError('IMPORT_TOO_MANY_ROWS', 413, `The file has more than ${options.maxRows} rows; split it into smaller files.`, {
            maxRows: options.maxRows,
          });
        }
        rows.push({ row: row.number, values });
      }
    }
  } catch (err) {
    if (err instanceof AppError) {
      throw err;
    }
    throw new AppError('IMPORT_UNREADABLE', 422, 'The workbook could not be read; save it again as .xlsx from Excel or WPS.');
  }
  if (!columnsByIndex) {
    throw new AppError('IMPORT_WRONG_TEMPLATE', 422, 'The file has no header row; download the import template.', {
      missing: [],
      found: [],
    });
  }
  if (rows.length === 0) {
    throw new AppError('IMPORT_EMPTY', 422, 'The file has no data rows.');
  }
  return rows;
}

function toCellValue(col: ExcelColumn, value: unknown): ExcelJS.CellValue {
  if (value === null || value === undefined || value === '') {
    return null;
  }
  if (col.type === 'date') {
    if (value instanceof Date) {
      return value;
    }
    const iso = typeof value === 'string' ? (parseDateText(value) ?? null) : null;
    return iso ? dateCell(iso) : String(value);
  }
  if (col.type === 'boolean' && typeof value === 'boolean') {
    return value ? '是' : '否';
  }
  if ((col.type === 'integer' || col.type === 'number') && typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value)) {
    return Number(value);
  }
  return value as ExcelJS.CellValue;
}

/**
 * Writes rows in a spec's columns (Chinese headers, dates as real dates) to an .xlsx buffer, streaming so
 * large exports stay small in memory. `errors` (one entry per row) adds the error column; a row with an
 * error is tinted.
 */
export async function writeSheet(
  spec: ExcelSheetSpec,
  rows: Iterable<Record<string, unknown>>,
  options: { errors?: ReadonlyArray<string | null> } = {},
): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    out.on('end', () => resolve());
    out.on('error', reject);
  });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  wb.creator = 'Guantong 贯通';
  wb.subject = spec.templateId;
  const ws = wb.addWorksheet(spec.sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  const withErrors = options.errors !== undefined;
  ws.columns = [
    ...spec.columns.map((c) => ({
      header: c.required ? `${c.header}*` : c.header,
      key: c.key,
      width: c.width ?? 16,
      style: c.type === 'date' ? { numFmt: 'yyyy-mm-dd' } : {},
    })),
    ...(withErrors ? [{ header: ERROR_COLUMN_HEADER, key: '__error', width: 60 }] : []),
  ];
  const header = ws.getRow(1);
  header.font = { bold: true };
  header.eachCell((cell) => {
    cell.fill = HEADER_FILL;
  });
  header.commit();
  let i = 0;
  for (const r of rows) {
    const values: Record<string, ExcelJS.CellValue> = {};
    for (const c of spec.columns) {
      values[c.key] = toCellValue(c, r[c.key]);
    }
    const error = options.errors?.[i] ?? null;
    if (withErrors) {
      values.__error = error;
    }
    const row = ws.addRow(values);
    spec.columns.forEach((c, k) => {
      if (c.type === 'date') {
        row.getCell(k + 1).numFmt = 'yyyy-mm-dd';
      }
    });
    if (error) {
      row.getCell(spec.columns.length + 1).font = { color: { argb: 'FFC00000' } };
      row.getCell(spec.columns.length + 1).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFDE9E7' } };
    }
    row.commit();
    i += 1;
  }
  ws.commit();
  await wb.commit();
  await done;
  return Buffer.concat(chunks);
}

/** Sends an .xlsx buffer as a download with a UTF-8 file name. */
export function sendXlsx(reply: FastifyReply, data: Buffer, fileName: string): FastifyReply {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replaceAll('"', "'");
  return reply
    .header('content-type', XLSX_MIME)
    .header('content-length', String(data.length))
    .header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`)
    .header('cache-control', 'no-store')
    .send(data);
}

/**
 * Reads the one .xlsx file of a multipart upload. 415 when the request is not multipart or the file is not
 * an .xlsx (by name and by content), 413 FILE_TOO_LARGE above `maxBytes`, 400 when no file was sent.
 */
export async function readXlsxUpload(request: FastifyRequest, options: { maxBytes: number }): Promise<{ fileName: string; data: Buffer }> {
  if (!request.isMultipart()) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', 415, 'Send the file as multipart/form-data.');
  }
  const tooLarge = () =>
    new AppError('FILE_TOO_LARGE', 413, `The file is larger than ${Math.round(options.maxBytes / 1024 / 1024)} MB.`, {
      maxBytes: options.maxBytes,
    });
  let part: Awaited<ReturnType<FastifyRequest['file']>>;
  try {
    part = await request.file({ limits: { fileSize: options.maxBytes, files: 1 } });
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 413) {
      throw tooLarge();
    }
    throw err;
  }
  if (!part) {
    throw badRequest('No file in the upload.');
  }
  const fileName = part.filename || 'upload.xlsx';
  if (!/\.xlsx$/i.test(fileName)) {
    part.file.resume();
    throw new AppError('FILE_TYPE_NOT_ALLOWED', 415, 'Only Excel .xlsx files can be imported (save .xls or .csv files as .xlsx first).');
  }
  let data: Buffer;
  try {
    data = await part.toBuffer();
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 413) {
      throw tooLarge();
    }
    throw err;
  }
  if (part.file.truncated) {
    throw tooLarge();
  }
  if (!looksLikeXlsx(data)) {
    throw new AppError('FILE_TYPE_NOT_ALLOWED', 415, 'The file is not an Excel .xlsx workbook.');
  }
  return { fileName, data };
}
