import {
  idParamSchema,
  importCommitSchema,
  importErrorFileQuerySchema,
  importJobSchema,
  importResultSchema,
  importRowSchema,
  importRowsQuerySchema,
  pageOf,
  personCreateSchema,
  personDetailSchema,
  personExportQuerySchema,
  personGroupUpdateSchema,
  personListItemSchema,
  personListQuerySchema,
  personStatusEventSchema,
  personTransferCreateSchema,
  personUpdateSchema,
} from '@guantong/shared';
import type { FastifyRequest } from 'fastify';
import { requireRole } from '../../core/access.js';
import type { AppContext } from '../../core/context.js';
import { buildTemplate, readXlsxUpload, sendXlsx } from '../../core/excel.js';
import type { ZodApp } from '../../core/http.js';
import { actorOf } from '../../core/session.js';
import { commitImport, discardImport, getImportJob, importErrorFile, listImportRows, uploadImport } from '../orgs/orgs.imports.js';
import { chinaToday } from '../orgs/orgs.service.js';
import { exportPeople, PEOPLE_IMPORT, PEOPLE_SPEC } from './people.excel.js';
import { PEOPLE_READ_ROLES, PEOPLE_WRITE_ROLES } from './people.policy.js';
import { assignGroup, createPerson, getPerson, listPeople, recordStatusEvent, transferPerson, updatePerson } from './people.service.js';

/**
 * The roster (职工/党员花名册): search and list, person pages with history, create and edit, status events,
 * transfers (组织关系转接), group assignment, Excel template / import / export. Reads: org_admin, sysadmin,
 * secretary, discipline, leader within their subtree (phones masked except for org_admin/sysadmin);
 * writes: org_admin and sysadmin. A person outside the reader's subtree is a 404.
 */
export function registerPeopleRoutes(app: ZodApp, ctx: AppContext): void {
  const tags = ['people'];
  const reader = (req: FastifyRequest) => {
    const actor = actorOf(req);
    requireRole(actor, PEOPLE_READ_ROLES);
    return actor;
  };
  const writer = (req: FastifyRequest) => {
    const actor = actorOf(req);
    requireRole(actor, PEOPLE_WRITE_ROLES);
    return actor;
  };

  app.get(
    '/api/people',
    { schema: { tags, querystring: personListQuerySchema, response: { 200: pageOf(personListItemSchema) } } },
    async (req) => listPeople(ctx, reader(req), req.query),
  );
  app.get('/api/people/export.xlsx', { schema: { tags, querystring: personExportQuerySchema } }, async (req, reply) => {
    const { data, fileName } = await exportPeople(ctx, reader(req), req.query);
    return sendXlsx(reply, data, fileName);
  });
  app.get('/api/people/import-template.xlsx', { schema: { tags } }, async (req, reply) => {
    writer(req);
    return sendXlsx(reply, await buildTemplate(PEOPLE_SPEC), '人员花名册导入模板.xlsx');
  });
  app.post('/api/people/imports', { schema: { tags, response: { 201: importJobSchema } } }, async (req, reply) => {
    const actor = writer(req);
    const file = await readXlsxUpload(req, { maxBytes: PEOPLE_IMPORT.maxBytes });
    return reply.status(201).send(await uploadImport(ctx, actor, PEOPLE_IMPORT, file, chinaToday(ctx)));
  });
  app.get('/api/people/imports/:id', { schema: { tags, params: idParamSchema, response: { 200: importJobSchema } } }, async (req) =>
    getImportJob(ctx, writer(req), PEOPLE_IMPORT, req.params.id),
  );
  app.get(
    '/api/people/imports/:id/rows',
    { schema: { tags, params: idParamSchema, querystring: importRowsQuerySchema, response: { 200: pageOf(importRowSchema) } } },
    async (req) => listImportRows(ctx, writer(req), PEOPLE_IMPORT, req.params.id, req.query),
  );
  app.get(
    '/api/people/imports/:id/error-file.xlsx',
    { schema: { tags, params: idParamSchema, querystring: importErrorFileQuerySchema } },
    async (req, reply) => {
      const { data, fileName } = await importErrorFile(ctx, writer(req), PEOPLE_IMPORT, req.params.id, req.query.rows);
      return sendXlsx(reply, data, fileName);
    },
  );
  app.post(
    '/api/people/imports/:id/commit',
    { schema: { tags, params: idParamSchema, body: importCommitSchema, response: { 200: importResultSchema } } },
    async (req) => commitImport(ctx, writer(req), PEOPLE_IMPORT, req.params.id, req.body.mode, chinaToday(ctx)),
  );
  app.delete('/api/people/imports/:id', { schema: { tags, params: idParamSchema, response: { 200: importJobSchema } } }, async (req) =>
    discardImport(ctx, writer(req), PEOPLE_IMPORT, req.params.id),
  );

  app.post('/api/people', { schema: { tags, body: personCreateSchema, response: { 201: personDetailSchema } } }, async (req, reply) =>
    reply.status(201).send(await createPerson(ctx, writer(req), req.body)),
  );
  app.get('/api/people/:id', { schema: { tags, params: idParamSchema, response: { 200: personDetailSchema } } }, async (req) =>
    getPerson(ctx, reader(req), req.params.id),
  );
  app.patch(
    '/api/people/:id',
    { schema: { tags, params: idParamSchema, body: personUpdateSchema, response: { 200: personDetailSchema } } },
    async (req) => updatePerson(ctx, writer(req), req.params.id, req.body),
  );
  app.post(
    '/api/people/:id/status-events',
    { schema: { tags, params: idParamSchema, body: personStatusEventSchema, response: { 201: personDetailSchema } } },
    async (req, reply) => reply.status(201).send(await recordStatusEvent(ctx, writer(req), req.params.id, req.body)),
  );
  app.post(
    '/api/people/:id/transfers',
    { schema: { tags, params: idParamSchema, body: personTransferCreateSchema, response: { 201: personDetailSchema } } },
    async (req, reply) => reply.status(201).send(await transferPerson(ctx, writer(req), req.params.id, req.body)),
  );
  app.put(
    '/api/people/:id/group',
    { schema: { tags, params: idParamSchema, body: personGroupUpdateSchema, response: { 200: personDetailSchema } } },
    async (req) => assignGroup(ctx, writer(req), req.params.id, req.body),
  );
}
