import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Env } from '../env.js';
import { AppError } from './errors.js';

/** Where an object landed: its storage key, content hash and size. */
export interface StoredObject {
  key: string;
  sha256: string;
  size: number;
}

/**
 * Byte storage behind every uploaded file. Keys are opaque to callers; the local implementation is
 * content-addressed (the sha256), so an S3-compatible one can use the same keys as object names.
 */
export interface FileStorage {
  put(data: Buffer): Promise<StoredObject>;
  /** The bytes, or null when the key is unknown. */
  get(key: string): Promise<Buffer | null>;
  delete(key: string): Promise<void>;
}

const KEY_PATTERN = /^[0-9a-f]{64}$/;

/** Files on the local disk under `<root>/ab/cd/<sha256>`; writing the same content twice stores it once. */
export class LocalDiskStorage implements FileStorage {
  constructor(readonly root: string) {}

  private pathOf(key: string): string {
    if (!KEY_PATTERN.test(key)) {
      throw new Error(`invalid storage key ${key}`);
    }
    return path.join(this.root, key.slice(0, 2), key.slice(2, 4), key);
  }

  async put(data: Buffer): Promise<StoredObject> {
    const sha256 = createHash('sha256').update(data).digest('hex');
    const file = this.pathOf(sha256);
    await fs.mkdir(path.dirname(file), { recursive: true });
    try {
      await fs.access(file);
    } catch {
      // Write to a temporary name first so a reader never sees half a file.
      const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
      await fs.writeFile(tmp, data);
      await fs.rename(tmp, file);
    }
    return { key: sha256, sha256, size: data.length };
  }

  async get(key: string): Promise<Buffer | null> {
    try {
      return await fs.readFile(this.pathOf(key));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        return null;
      }
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    await fs.rm(this.pathOf(key), { force: true });
  }
}

const storages = new Map<string, FileStorage>();

/** The storage for the configured data directory (`DATA_DIR/files`), one instance per directory. */
export function storageFor(env: Pick<Env, 'DATA_DIR'>): FileStorage {
  const root = path.resolve(env.DATA_DIR, 'files');
  let s = storages.get(root);
  if (!s) {
    s = new LocalDiskStorage(root);
    storages.set(root, s);
  }
  return s;
}

/** Replaces the storage for a data directory (an S3-compatible implementation, or a test double). */
export function setStorage(env: Pick<Env, 'DATA_DIR'>, storage: FileStorage): void {
  storages.set(path.resolve(env.DATA_DIR, 'files'), storage);
}

export type FileKind = 'image' | 'pdf' | 'office';

export interface DetectedType {
  kind: FileKind;
  mime: string;
  /** Extensions a file of this content may carry. */
  extensions: string[];
}

/** Largest upload accepted (matches the multipart limit). */
export const MAX_FILE_BYTES = 20 * 1024 * 1024;

function startsWith(buf: Buffer, bytes: number[], offset = 0): boolean {
  if (buf.length < offset + bytes.length) {
    return false;
  }
  return bytes.every((b, i) => buf[offset + i] === b);
}

const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/** The file names inside a ZIP's central directory (enough to tell docx / xlsx / pptx apart). */
function zipEntryNames(buf: Buffer): string[] {
  const names: string[] = [];
  // End of central directory record: signature 0x06054b50 within the last 64 KiB + 22 bytes.
  const min = Math.max(0, buf.length - 65_557);
  let eocd = -1;
  for (let i = buf.length - 22; i >= min; i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) {
    return names;
  }
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  for (let n = 0; n < count && p + 46 <= buf.length; n++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) {
      break;
    }
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    names.push(buf.toString('utf8', p + 46, Math.min(buf.length, p + 46 + nameLen)));
    p += 46 + nameLen + extraLen + commentLen;
  }
  return names;
}

/**
 * The type of a file from its first bytes (magic numbers), never from its name: images (PNG, JPEG, GIF, WebP),
 * PDF, and Office documents (OOXML docx/xlsx/pptx by their ZIP entries; legacy OLE2 doc/xls/ppt and WPS).
 * Null for anything else.
 */
export function detectFileType(buf: Buffer): DetectedType | null {
  if (startsWith(buf, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) {
    return { kind: 'image', mime: 'image/png', extensions: ['png'] };
  }
  if (startsWith(buf, [0xff, 0xd8, 0xff])) {
    return { kind: 'image', mime: 'image/jpeg', extensions: ['jpg', 'jpeg'] };
  }
  if (startsWith(buf, [0x47, 0x49, 0x46, 0x38])) {
    return { kind: 'image', mime: 'image/gif', extensions: ['gif'] };
  }
  if (startsWith(buf, [0x52, 0x49, 0x46, 0x46]) && startsWith(buf, [0x57, 0x45, 0x42, 0x50], 8)) {
    return { kind: 'image', mime: 'image/webp', extensions: ['webp'] };
  }
  if (startsWith(buf, [0x25, 0x50, 0x44, 0x46, 0x2d])) {
    return { kind: 'pdf', mime: 'application/pdf', extensions: ['pdf'] };
  }
  if (startsWith(buf, [0x50, 0x4b, 0x03, 0x04])) {
    const names = zipEntryNames(buf);
    if (!names.includes('[Content_Types].xml')) {
      return null;
    }
    if (names.some((n) => n.startsWith('word/'))) {
      return {
        kind: 'office',
        mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        extensions: ['docx'],
      };
    }
    if (names.some((n) => n.startsWith('xl/'))) {
      return { kind: 'office', mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extensions: ['xlsx'] };
    }
    if (names.some((n) => n.startsWith('ppt/'))) {
      return {
        kind: 'office',
        mime: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
        extensions: ['pptx'],
      };
    }
    return null;
  }
  if (startsWith(buf, OLE2)) {
    // Compound documents (Word 97–2003, Excel, PowerPoint, WPS); the stream names are UTF-16, the extension picks the mime.
    return { kind: 'office', mime: 'application/x-ole-storage', extensions: ['doc', 'xls', 'ppt', 'wps', 'et', 'dps'] };
  }
  return null;
}

const OLE_MIME: Record<string, string> = {
  doc: 'application/msword',
  xls: 'application/vnd.ms-excel',
  ppt: 'application/vnd.ms-powerpoint',
  wps: 'application/vnd.ms-works',
  et: 'application/vnd.ms-excel',
  dps: 'application/vnd.ms-powerpoint',
};

/** A safe display name: no directories, no control characters, at most 200 characters. */
export function cleanFileName(name: string): string {
  const base = [...path.basename(name.replaceAll('\\', '/'))]
    .filter((ch) => {
      const code = ch.charCodeAt(0);
      return code >= 0x20 && code !== 0x7f;
    })
    .join('')
    .trim();
  return (base || 'file').slice(-200);
}

/**
 * Checks an upload: size within the limit, content one of the allowed types by its bytes, and an extension
 * that agrees with the content (a PNG named .pdf is refused). Returns the name, kind and mime to store.
 */
export function checkUpload(name: string, data: Buffer, maxBytes = MAX_FILE_BYTES): { name: string; kind: FileKind; mime: string } {
  if (data.length === 0) {
    throw new AppError('BAD_REQUEST', 400, 'The file is empty.');
  }
  if (data.length > maxBytes) {
    throw new AppError('FILE_TOO_LARGE', 413, `The file is larger than ${Math.round(maxBytes / 1024 / 1024)} MB.`, { maxBytes });
  }
  const clean = cleanFileName(name);
  const detected = detectFileType(data);
  if (!detected) {
    throw new AppError('FILE_TYPE_NOT_ALLOWED', 415, 'Only images (PNG, JPEG, GIF, WebP), PDF and Office documents are accepted.');
  }
  const ext = clean.includes('.') ? (clean.split('.').pop() ?? '').toLowerCase() : '';
  if (!detected.extensions.includes(ext)) {
    throw new AppError('FILE_TYPE_NOT_ALLOWED', 415, `The file's content does not match its extension .${ext || '(none)'}.`, {
      expected: detected.extensions,
    });
  }
  const mime = detected.mime === 'application/x-ole-storage' ? (OLE_MIME[ext] ?? detected.mime) : detected.mime;
  return { name: clean, kind: detected.kind, mime };
}
