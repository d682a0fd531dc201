import { PassThrough, Readable } from 'node:stream';
import { inflateRawSync } from 'node:zlib';
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
  const y = d.getUTCFullYear();
  if (y < 1000 || y > 9999) {
    return d.toISOString().slice(0, 10);
  }
  const m = d.getUTCMonth() + 1;
  const day = d.getUTCDate();
  return `${y}-${m < 10 ? '0' : ''}${m}-${day < 10 ? '0' : ''}${day}`;
}

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

function daysInMonth(y: number, m: number): number {
  return m === 2 ? (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
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
  const iso = ISO_DAY.exec(t);
  if (iso) {
    // The usual form (and what date cells become): checked without building a Date.
    const y = Number(iso[1]);
    const mo = Number(iso[2]);
    const d = Number(iso[3]);
    return y >= 1900 && y <= 2100 && mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo) ? t : null;
  }
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

/** Thrown by the fast reader when a workbook uses something only ExcelJS reads the way the import expects. */
class NeedsExcelJs extends Error {}

interface ZipEntry {
  name: string;
  method: number;
  offset: number;
  compressedSize: number;
  size: number;
}

/** The entries of a zip archive in the order they are stored (the order a streaming reader meets them). */
function zipEntries(data: Buffer): ZipEntry[] {
  const min = Math.max(0, data.length - 65_557);
  let eocd = -1;
  for (let i = data.length - 22; i >= min; i--) {
    if (data.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) {
    throw new NeedsExcelJs('no end of central directory');
  }
  const count = data.readUInt16LE(eocd + 10);
  let p = data.readUInt32LE(eocd + 16);
  if (count === 0xffff || p === 0xffffffff) {
    throw new NeedsExcelJs('zip64');
  }
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (p + 46 > data.length || data.readUInt32LE(p) !== 0x02014b50) {
      throw new NeedsExcelJs('bad central directory');
    }
    const flags = data.readUInt16LE(p + 8);
    const nameLength = data.readUInt16LE(p + 28);
    const entry: ZipEntry = {
      name: data.toString(flags & 0x800 ? 'utf8' : 'latin1', p + 46, p + 46 + nameLength),
      method: data.readUInt16LE(p + 10),
      compressedSize: data.readUInt32LE(p + 20),
      size: data.readUInt32LE(p + 24),
      offset: data.readUInt32LE(p + 42),
    };
    if (flags & 0x1 || entry.compressedSize === 0xffffffff || entry.size === 0xffffffff || entry.offset === 0xffffffff) {
      throw new NeedsExcelJs('encrypted or zip64 entry');
    }
    entries.push(entry);
    p += 46 + nameLength + data.readUInt16LE(p + 30) + data.readUInt16LE(p + 32);
  }
  return entries.sort((a, b) => a.offset - b.offset);
}

/** The largest part the lean reader inflates into memory (a 100,000-row roster's sheet is about 70 MB). */
const MAX_INFLATED_BYTES = 256 * 1024 * 1024;

function unzipEntry(data: Buffer, e: ZipEntry): Buffer {
  if (e.offset + 30 > data.length || data.readUInt32LE(e.offset) !== 0x04034b50) {
    throw new NeedsExcelJs('bad local header');
  }
  const start = e.offset + 30 + data.readUInt16LE(e.offset + 26) + data.readUInt16LE(e.offset + 28);
  const raw = data.subarray(start, start + e.compressedSize);
  let out: Buffer;
  if (e.method === 0) {
    out = raw;
  } else if (e.method === 8) {
    if (e.size > MAX_INFLATED_BYTES) {
      throw new NeedsExcelJs('entry too large to hold');
    }
    // One output buffer of the declared size (the default 16 KB chunks are copied together at the end); an
    // entry that inflates to more than it declares stops there (and goes to ExcelJS).
    out = inflateRawSync(raw, { chunkSize: Math.max(64 * 1024, e.size + 1), maxOutputLength: Math.max(1, e.size) });
  } else {
    throw new NeedsExcelJs('compression method');
  }
  if (out.length !== e.size) {
    throw new NeedsExcelJs('size mismatch');
  }
  return out;
}

const XML_ENTITY = /&(?:#x([0-9a-fA-F]+)|#(\d+)|(amp|lt|gt|quot|apos));|&/g;
const NAMED_ENTITY: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Text content as an XML parser delivers it (line ends normalised, entities resolved); anything unusual goes to ExcelJS. */
function xmlText(raw: string): string {
  const text = raw.includes('\r') ? raw.replace(/\r\n?/g, '\n') : raw;
  if (!text.includes('&')) {
    return text;
  }
  return text.replace(XML_ENTITY, (m, hex: string | undefined, dec: string | undefined, named: string | undefined) => {
    if (named) {
      return NAMED_ENTITY[named] as string;
    }
    const code = hex ? Number.parseInt(hex, 16) : dec ? Number.parseInt(dec, 10) : -1;
    if (m === '&' || code < 1 || code > 0x10ffff) {
      throw new NeedsExcelJs('entity');
    }
    return String.fromCodePoint(code);
  });
}

/** ExcelJS's second decoding of inline and formula strings (utils.xmlDecode). */
function exceljsXmlDecode(text: string): string {
  return text.includes('&') ? text.replace(/&([a-z]*);/g, (c) => NAMED_ENTITY[c.slice(1, -1)] ?? c) : text;
}

/**
 * Reports the tags and text of an XML fragment in order, as a SAX parser would: `onTag(name, close, attrs)` with
 * the raw attribute text of opening tags (a self-closing tag is reported opening, then closing). Comments, CDATA
 * and processing instructions are skipped (ExcelJS ignores them too); names keep their prefixes (ExcelJS matches
 * unprefixed names only); a DOCTYPE sends the workbook to ExcelJS.
 */
function scanXml(xml: string, onTag: (name: string, close: boolean, attrs: string) => void, onText: (text: string) => void): void {
  const to = xml.length;
  let p = 0;
  while (p < to) {
    const lt = xml.indexOf('<', p);
    const textEnd = lt < 0 ? to : lt;
    if (textEnd > p) {
      onText(xmlText(xml.slice(p, textEnd)));
    }
    if (textEnd === to) {
      return;
    }
    const next = xml.charCodeAt(lt + 1);
    if (next === 0x3f || next === 0x21) {
      const [open, close] = xml.startsWith('<!--', lt)
        ? ['<!--', '-->']
        : xml.startsWith('<![CDATA[', lt)
          ? ['<![CDATA[', ']]>']
          : next === 0x3f
            ? ['<?', '?>']
            : ['', ''];
      const e = open ? xml.indexOf(close, lt + open.length) : -1;
      if (e < 0) {
        throw new NeedsExcelJs('DOCTYPE or unterminated markup');
      }
      p = e + close.length;
      continue;
    }
    // The end of the tag, skipping quoted attribute values.
    let q = lt + 1;
    let quote = 0;
    for (; q < to; q++) {
      const ch = xml.charCodeAt(q);
      if (quote) {
        if (ch === quote) {
          quote = 0;
        }
      } else if (ch === 0x22 || ch === 0x27) {
        quote = ch;
      } else if (ch === 0x3e) {
        break;
      }
    }
    if (q >= to) {
      throw new NeedsExcelJs('unterminated tag');
    }
    const close = next === 0x2f;
    const selfClosing = !close && xml.charCodeAt(q - 1) === 0x2f;
    const bodyStart = close ? lt + 2 : lt + 1;
    const bodyEnd = selfClosing ? q - 1 : q;
    let n = bodyStart;
    while (n < bodyEnd) {
      const ch = xml.charCodeAt(n);
      if (ch === 0x20 || ch === 0x09 || ch === 0x0a || ch === 0x0d) {
        break;
      }
      n++;
    }
    const name = xml.slice(bodyStart, n);
    if (name === '') {
      throw new NeedsExcelJs('empty tag name');
    }
    onTag(name, close, close ? '' : xml.slice(n, bodyEnd));
    if (selfClosing) {
      onTag(name, true, '');
    }
    p = q + 1;
  }
}

/** The attributes of a tag's attribute text (values with entities resolved). */
function xmlAttrs(attrs: string): Record<string, string> {
  const out: Record<string, string> = {};
  const to = attrs.length;
  let p = 0;
  for (;;) {
    while (p < to && attrs.charCodeAt(p) <= 0x20) {
      p++;
    }
    if (p >= to) {
      return out;
    }
    const eq = attrs.indexOf('=', p);
    if (eq < 0) {
      throw new NeedsExcelJs('attribute');
    }
    const name = attrs.slice(p, eq).trim();
    let v = eq + 1;
    while (v < to && attrs.charCodeAt(v) <= 0x20) {
      v++;
    }
    const quote = attrs[v];
    const end = quote === '"' || quote === "'" ? attrs.indexOf(quote, v + 1) : -1;
    if (end < 0) {
      throw new NeedsExcelJs('attribute value');
    }
    out[name] = xmlText(attrs.slice(v + 1, end));
    p = end + 1;
  }
}

/** The shared strings as ExcelJS caches them, reduced to what cellText reads (rich text runs joined). */
function sharedStringsOf(xml: string): Array<string | null> {
  if (xml.includes('<rPh')) {
    throw new NeedsExcelJs('phonetic runs');
  }
  const out: Array<string | null> = [];
  let text: string | null = null;
  let runs: Array<string | null> = [];
  scanXml(
    xml,
    (name, close) => {
      if (!close) {
        if (name === 'si') {
          runs = [];
          text = null;
        } else if (name === 't') {
          text = null;
        }
      } else if (name === 'r') {
        runs.push(text);
        text = null;
      } else if (name === 'si') {
        out.push(runs.length > 0 ? runs.map((r) => r ?? '').join('') : text);
        runs = [];
        text = null;
      }
    },
    (t) => {
      text = text ? text + t : t;
    },
  );
  return out;
}

/** ExcelJS's test for a date number format (utils.isDateFmt). */
function isDateFormat(fmt: string | undefined): boolean {
  if (!fmt) {
    return false;
  }
  return /[ymdhMsb]+/.test(fmt.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));
}

/** Built-in number formats that are dates (ExcelJS's table of default formats). */
const BUILTIN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47]);

/** For each cell style index (cellXfs), whether ExcelJS would see a date format; null when ExcelJS has no styles. */
function dateStylesOf(xml: string): boolean[] {
  if (!/<styleSheet[\s>]/.test(xml)) {
    throw new NeedsExcelJs('styles root');
  }
  const custom = new Map<number, string>();
  const xfs: boolean[] = [];
  let inXfs = false;
  let sawXfs = false;
  scanXml(
    xml,
    (name, close, attrs) => {
      if (name === 'cellXfs') {
        inXfs = !close;
        sawXfs = true;
      } else if (!close && name === 'numFmt') {
        const a = xmlAttrs(attrs);
        if (a.formatCode === undefined) {
          throw new NeedsExcelJs('numFmt without formatCode');
        }
        custom.set(Number.parseInt(a.numFmtId ?? '', 10), a.formatCode.replace(/[\\](.)/g, '$1'));
      } else if (!close && name === 'xf' && inXfs) {
        // ExcelJS: a custom format of that id, else its table of built-in formats; id 0 (General) has none.
        const id = Number.parseInt(xmlAttrs(attrs).numFmtId ?? '', 10);
        const code = custom.get(id);
        xfs.push(id ? (code ? isDateFormat(code) : BUILTIN_DATE_FORMATS.has(id)) : false);
      }
    },
    () => undefined,
  );
  if (!sawXfs || xfs.length === 0) {
    throw new NeedsExcelJs('no cell styles');
  }
  return xfs;
}

/** Column number of a cell reference ('AB12' → 28). */
function columnOf(ref: string | undefined): number {
  const m = ref ? /^([A-Z]{1,3})[1-9]\d*$/.exec(ref) : null;
  if (!m) {
    throw new NeedsExcelJs('cell reference');
  }
  let n = 0;
  for (const ch of m[1] as string) {
    n = n * 26 + ch.charCodeAt(0) - 64;
  }
  if (n > 16_384) {
    throw new NeedsExcelJs('column out of range');
  }
  return n;
}

/** A cell as read from the sheet XML: column, style index, type and the text of its value and formula. */
interface RawCell {
  col: number;
  s: number;
  t: string | undefined;
  f?: { text: string };
  v?: { text: string };
}

const SIMPLE_CELL = /<c r="([A-Z]{1,3})[1-9]\d*"(?: s="(\d+)")?(?: t="(s|n|b|e|str)")?(?:\/>|>(?:<v>([^<&]*)<\/v>)?<\/c>)/y;

const columnCache = new Map<string, number>();

function columnOfLetters(letters: string): number {
  let n = columnCache.get(letters);
  if (n === undefined) {
    n = columnOf(`${letters}1`);
    columnCache.set(letters, n);
  }
  return n;
}

/** The value ExcelJS gives a cell (worksheet-reader.js), with shared rich text already joined. */
function cellValueOf(cell: RawCell, isDate: boolean, strings: ReadonlyArray<string | null>): ExcelJS.CellValue {
  if (cell.f) {
    // Without a cached result ExcelJS's value has no `result` key (cellText then reads it as text).
    return (cell.v
      ? { formula: cell.f.text, result: cell.t === 'str' ? exceljsXmlDecode(cell.v.text) : Number.parseFloat(cell.v.text) }
      : { formula: cell.f.text }) as unknown as ExcelJS.CellValue;
  }
  if (!cell.v) {
    return null;
  }
  const text = cell.v.text;
  switch (cell.t) {
    case 's':
      return strings[Number.parseInt(text, 10)] ?? null;
    case 'inlineStr':
    case 'str':
      return exceljsXmlDecode(text);
    case 'e':
      return { error: text } as unknown as ExcelJS.CellValue;
    case 'b':
      return Number.parseInt(text, 10) !== 0;
    default:
      return isDate ? new Date(Math.round((Number.parseFloat(text) - 25569) * 24 * 3600 * 1000)) : Number.parseFloat(text);
  }
}

/**
 * The rows of the sheet that ExcelJS's streaming reader would emit first, each as `row.values` would be (a sparse
 * array by column number), read straight from the zip and XML: ExcelJS builds a full cell model per cell, which
 * for a 50,000-row roster costs seconds and hundreds of MB. Values are what ExcelJS gives for the import (rich
 * text already joined, as cellText reads it). Throws NeedsExcelJs for anything it does not read the same way.
 */
function* fastSheetRows(data: Buffer): Generator<{ number: number; cells: ExcelJS.CellValue[] }> {
  const entries = zipEntries(data);
  const isSheet = (name: string) => /xl\/worksheets\/sheet\d+[.]xml/.test(name);
  // ExcelJS streams a worksheet met after the shared strings and the workbook relations, and defers the others
  // until every entry was read; the first one it emits is the one imported.
  let sawStrings = false;
  let sawRels = false;
  let sheet: ZipEntry | undefined;
  let deferred: ZipEntry | undefined;
  const seenBefore = new Set<string>();
  for (const e of entries) {
    if (e.name === 'xl/sharedStrings.xml') {
      sawStrings = true;
    } else if (e.name === 'xl/_rels/workbook.xml.rels') {
      sawRels = true;
    } else if (isSheet(e.name)) {
      if (sawStrings && sawRels) {
        sheet = e;
        break;
      }
      deferred ??= e;
    }
    seenBefore.add(e.name);
  }
  if (sheet && !(seenBefore.has('xl/styles.xml') && seenBefore.has('xl/workbook.xml'))) {
    throw new NeedsExcelJs('worksheet before styles or workbook');
  }
  sheet ??= deferred;
  if (!sheet) {
    return;
  }
  const named = (name: string) => entries.find((e) => e.name === name);
  const workbookEntry = named('xl/workbook.xml');
  if (!workbookEntry || /date1904/.test(unzipEntry(data, workbookEntry).toString('utf8'))) {
    throw new NeedsExcelJs('no workbook, or the 1904 date system');
  }
  const stylesEntry = named('xl/styles.xml');
  if (!stylesEntry) {
    throw new NeedsExcelJs('no styles');
  }
  const dateStyle = dateStylesOf(unzipEntry(data, stylesEntry).toString('utf8'));
  const stringsEntry = named('xl/sharedStrings.xml');
  const strings = stringsEntry ? sharedStringsOf(unzipEntry(data, stringsEntry).toString('utf8')) : [];
  // The sheet stays bytes (tens of MB for a large roster); each row is decoded on its own.
  const xml = unzipEntry(data, sheet);
  const dataStart = xml.indexOf('<sheetData');
  if (dataStart < 0) {
    throw new NeedsExcelJs('no sheetData');
  }
  const dataEnd = xml.indexOf('</sheetData>', dataStart);
  if (dataEnd < 0) {
    if (xml.indexOf('<row', dataStart) >= 0) {
      throw new NeedsExcelJs('unterminated sheetData');
    }
    return;
  }
  let p = dataStart;
  for (;;) {
    const start = xml.indexOf('<row', p);
    if (start < 0 || start >= dataEnd) {
      return;
    }
    const after = xml[start + 4];
    if (after !== 0x20 && after !== 0x3e && after !== 0x2f && after !== 0x09 && after !== 0x0a && after !== 0x0d) {
      throw new NeedsExcelJs('unexpected tag in sheetData');
    }
    const openEnd = xml.indexOf('>', start);
    let end: number;
    let inner: string;
    let head: string;
    if (xml[openEnd - 1] === 0x2f) {
      head = xml.toString('utf8', start, openEnd - 1);
      inner = '';
      end = openEnd + 1;
    } else {
      const close = xml.indexOf('</row>', openEnd);
      if (close < 0 || close > dataEnd) {
        throw new NeedsExcelJs('unterminated row');
      }
      head = xml.toString('utf8', start, openEnd);
      inner = xml.toString('utf8', openEnd + 1, close);
      end = close + 6;
    }
    if (inner.includes('<row')) {
      throw new NeedsExcelJs('nested row');
    }
    const rowAttrs = xmlAttrs(head.slice(4));
    const number = Number.parseInt(rowAttrs.r ?? '', 10);
    if (!Number.isFinite(number)) {
      throw new NeedsExcelJs('row without number');
    }
    const rowStyle = Number.parseInt(rowAttrs.s ?? '', 10);
    const rowDate = rowStyle ? (dateStyle[rowStyle] ?? false) : false;
    const cells: ExcelJS.CellValue[] = [];
    const put = (cell: RawCell) => {
      // A style the workbook does not have leaves the row's style in place, as in ExcelJS.
      const isDate = cell.s && dateStyle[cell.s] !== undefined ? (dateStyle[cell.s] as boolean) : rowDate;
      const value = cellValueOf(cell, isDate, strings);
      if (value === null || value === undefined) {
        delete cells[cell.col];
      } else {
        cells[cell.col] = value;
      }
    };
    // Most cells are written alike (`<c r="B2" s="3" t="s"><v>12</v></c>`, `<c r="C2" s="1"/>`): matched
    // directly; from the first one that is not, the rest of the row goes through the XML scanner.
    SIMPLE_CELL.lastIndex = 0;
    let at = 0;
    for (let m = SIMPLE_CELL.exec(inner); m; m = SIMPLE_CELL.exec(inner)) {
      put({
        col: columnOfLetters(m[1] as string),
        s: m[2] ? Number(m[2]) : Number.NaN,
        t: m[3],
        v: m[4] === undefined ? undefined : { text: m[4] },
      });
      at = SIMPLE_CELL.lastIndex;
    }
    if (at < inner.length) {
      let c: RawCell | null = null;
      let current: { text: string } | null = null;
      scanXml(
        at === 0 ? inner : inner.slice(at),
        (name, close, attrs) => {
          if (!close) {
            if (name === 'c') {
              const a = xmlAttrs(attrs);
              c = { col: columnOf(a.r), s: Number.parseInt(a.s ?? '', 10), t: a.t };
            } else if (c && name === 'f') {
              c.f = { text: '' };
              current = c.f;
            } else if (c && (name === 'v' || name === 'is' || name === 't')) {
              c.v = { text: '' };
              current = c.v;
            }
          } else if (name === 'c' && c) {
            put(c);
            c = null;
          }
        },
        (text) => {
          if (current) {
            current.text += text;
          }
        },
      );
    }
    yield { number, cells };
    p = end;
  }
}

/**
 * Reads the first sheet of an upload against a template spec: the header row must carry every required
 * header (any order; extra columns such as the error column are ignored), then each non-empty row becomes
 * text values by key. The template's example row, when left unchanged, is skipped.
 * Throws 415 (not an .xlsx), 422 IMPORT_UNREADABLE / IMPORT_WRONG_TEMPLATE / IMPORT_EMPTY, 413 IMPORT_TOO_MANY_ROWS.
 * Workbooks are read by a lean reader of their XML; one that uses anything it does not know is read by
 * ExcelJS's streaming reader instead (`reader: 'exceljs'` forces that, for tests), with the same result.
 */
export async function readSheet(
  data: Buffer,
  spec: ExcelSheetSpec,
  options: { maxRows: number; reader?: 'auto' | 'exceljs' },
): Promise<SheetRow[]> {
  if (!looksLikeXlsx(data)) {
    throw new AppError('FILE_TYPE_NOT_ALLOWED', 415, 'The file is not an Excel .xlsx workbook.');
  }
  if (options.reader !== 'exceljs') {
    const consumer = sheetConsumer(spec, options.maxRows);
    try {
      for (const row of fastSheetRows(data)) {
        consumer.accept(row.number, row.cells);
      }
      return consumer.finish();
    } catch (err) {
      // The template's own errors stand; anything else (a workbook the lean reader does not know) goes to ExcelJS.
      if (err instanceof AppError) {
        throw err;
      }
    }
  }
  const consumer = sheetConsumer(spec, options.maxRows);
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
        consumer.accept(row.number, row.values as ExcelJS.CellValue[]);
      }
    }
  } catch (err) {
    if (err instanceof AppError) {
      throw err;
    }
    throw new AppError('IMPORT_UNREADABLE', 422, 'The workbook could not be read; save it again as .xlsx from Excel or WPS.');
  }
  return consumer.finish();
}

/** Turns the rows of a sheet (as `row.values`) into SheetRows: header check, text values, limits. */
function sheetConsumer(spec: ExcelSheetSpec, maxRows: number) {
  const byHeader = new Map(spec.columns.map((c) => [normaliseHeader(c.header), c]));
  const rows: SheetRow[] = [];
  let columnsByIndex: Array<ExcelColumn | null> | null = null;
  return {
    accept(number: number, cells: ExcelJS.CellValue[]): void {
      if (!columnsByIndex) {
        const headers = cells.map((v) => (v === null || v === undefined ? '' : normaliseHeader(cellText(v, 'text') ?? '')));
        if (headers.every((h) => h === '')) {
          return;
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
        return;
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
        return;
      }
      if (rows.length >= maxRows) {
        throw new AppError('IMPORT_TOO_MANY_ROWS', 413, `The file has more than ${maxRows} rows; split it into smaller files.`, {
          maxRows,
        });
      }
      rows.push({ row: number, values });
    },
    finish(): SheetRow[] {
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
    },
  };
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
