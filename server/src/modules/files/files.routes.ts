import { idParamSchema } from '@guantong/shared';
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../../core/context.js';
import { AppError, badRequest } from '../../core/errors.js';
import type { ZodApp } from '../../core/http.js';
import { actorOf } from '../../core/session.js';
import { readFileFor } from './files.service.js';

/** Reads the one file of a multipart upload (field name free); 400 when there is none, 413 when too large. */
export async function readSingleUpload(request: FastifyRequest): Promise<{ name: string; data: Buffer }> {
  if (!request.isMultipart()) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', 415, 'Send the file as multipart/form-data.');
  }
  const part = await request.file();
  if (!part) {
    throw badRequest('No file in the upload.');
  }
  const data = await part.toBuffer();
  if (part.file.truncated) {
    throw new AppError('FILE_TOO_LARGE', 413, 'The file is too large.');
  }
  return { name: part.filename, data };
}

function contentDisposition(kind: string, name: string): string {
  const type = kind === 'office' ? 'attachment' : 'inline';
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replaceAll('"', "'");
  return `${type}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** `GET /api/files/:id`: a stored file, served only to those who may see its owner (404 otherwise). */
export function registerFileRoutes(app: ZodApp, ctx: AppContext): void {
  app.get('/api/files/:id', { schema: { tags: ['files'], params: idParamSchema } }, async (req, reply) => {
    const { file, data } = await readFileFor(ctx, actorOf(req), req.params.id);
    return reply
      .header('content-type', file.mime)
      .header('content-length', String(data.length))
      .header('content-disposition', contentDisposition(file.kind, file.name))
      .header('cache-control', 'private, max-age=300')
      .header('x-content-type-options', 'nosniff')
      .send(data);
  });
}
