import {
  idParamSchema,
  importCommitSchema,
  importErrorFileQuerySchema,
  importJobSchema,
  importResultSchema,
  importRowSchema,
  importRowsQuerySchema,
  okSchema,
  orgCheckSchema,
  orgChecksQuerySchema,
  orgCreateSchema,
  orgDetailSchema,
  orgDissolveSchema,
  orgEventSchema,
  orgExportQuerySchema,
  orgHistoryQuerySchema,
  orgListItemSchema,
  orgListQuerySchema,
  orgMergeResultSchema,
  orgMergeSchema,
  orgMoveSchema,
  orgNodeSchema,
  orgPostCreateSchema,
  orgPostListQuerySchema,
  orgPostParamsSchema,
  orgPostSchema,
  orgPostUpdateSchema,
  orgTermUpdateSchema,
  orgTreeQuerySchema,
  orgUpdateSchema,
  pageOf,
  ruleSettingParamsSchema,
  ruleSettingSchema,
  ruleSettingUpdateSchema,
  termListQuerySchema,
  termListSchema,
} from '@guantong/shared';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { requireRole } from '../../core/access.js';
import type { AppContext } from '../../core/context.js';
import { buildTemplate, readXlsxUpload, sendXlsx } from '../../core/excel.js';
import type { ZodApp } from '../../core/http.js';
import type { JobDefinition } from '../../core/jobs.js';
import { actorOf } from '../../core/session.js';
import { exportChecks } from './orgs.checks-export.js';
import { exportOrgs, ORG_IMPORT, ORG_SPEC } from './orgs.excel.js';
import {
  commitImport,
  discardImport,
  getImportJob,
  importErrorFile,
  listImportRows,
  purgeStaleImports,
  uploadImport,
} from './orgs.imports.js';
import { ORG_READ_ROLES, ORG_WRITE_ROLES } from './orgs.policy.js';
import {
  chinaToday,
  createOrg,
  createOrgPost,
  deleteOrgPost,
  dissolveOrg,
  getOrgDetail,
  getOrgHistory,
  getOrgTree,
  listChecks,
  listOrgPosts,
  listOrgs,
  listRuleSettingsView,
  listTerms,
  mergeOrg,
  moveOrg,
  resetRuleSetting,
  setOrgTerm,
  updateOrgFields,
  updateOrgPost,
  updateRuleSetting,
} from './orgs.service.js';

/**
 * Organisations: the tree (with member counts and check badges), lists, details with posts, terms, checks and
 * history; create / rename / move / merge / dissolve; posts and terms; rule checks and their settings; Excel
 * import of a tree and export of a list. Reads: every role within its subtree; writes: org_admin and sysadmin.
 */
export function registerOrgRoutes(app: ZodApp, ctx: AppContext): void {
  const tags = ['orgs'];
  const reader = (req: FastifyRequest) => {
    const actor = actorOf(req);
    requireRole(actor, ORG_READ_ROLES);
    return actor;
  };
  const writer = (req: FastifyRequest) => {
    const actor = actorOf(req);
    requireRole(actor, ORG_WRITE_ROLES);
    return actor;
  };

  app.get('/api/orgs/tree', { schema: { tags, querystring: orgTreeQuerySchema, response: { 200: z.array(orgNodeSchema) } } }, async (req) =>
    getOrgTree(ctx, reader(req), {
      includeInactive: req.query.includeInactive === 'true',
      counts: req.query.counts === 'true',
      checks: req.query.checks === 'true',
    }),
  );
  app.get('/api/orgs', { schema: { tags, querystring: orgListQuerySchema, response: { 200: pageOf(orgListItemSchema) } } }, async (req) =>
    listOrgs(ctx, reader(req), req.query),
  );
  app.get(
    '/api/orgs/checks',
    { schema: { tags, querystring: orgChecksQuerySchema, response: { 200: z.array(orgCheckSchema) } } },
    async (req) => listChecks(ctx, reader(req), req.query),
  );
  app.get('/api/orgs/checks/export.xlsx', { schema: { tags, querystring: orgChecksQuerySchema } }, async (req, reply) => {
    const { data, fileName } = await exportChecks(ctx, reader(req), req.query);
    return sendXlsx(reply, data, fileName);
  });
  app.get('/api/orgs/terms', { schema: { tags, querystring: termListQuerySchema, response: { 200: termListSchema } } }, async (req) =>
    listTerms(ctx, reader(req), req.query),
  );

  app.get('/api/orgs/rule-settings', { schema: { tags, response: { 200: z.array(ruleSettingSchema) } } }, async (req) => {
    reader(req);
    return listRuleSettingsView(ctx);
  });
  app.put(
    '/api/orgs/rule-settings/:key',
    { schema: { tags, params: ruleSettingParamsSchema, body: ruleSettingUpdateSchema, response: { 200: ruleSettingSchema } } },
    async (req) => updateRuleSetting(ctx, writer(req), req.params.key, req.body),
  );
  app.delete(
    '/api/orgs/rule-settings/:key',
    { schema: { tags, params: ruleSettingParamsSchema, response: { 200: ruleSettingSchema } } },
    async (req) => resetRuleSetting(ctx, writer(req), req.params.key),
  );

  app.get('/api/orgs/export.xlsx', { schema: { tags, querystring: orgExportQuerySchema } }, async (req, reply) => {
    const { data, fileName } = await exportOrgs(ctx, reader(req), req.query);
    return sendXlsx(reply, data, fileName);
  });
  app.get('/api/orgs/import-template.xlsx', { schema: { tags } }, async (req, reply) => {
    writer(req);
    return sendXlsx(reply, await buildTemplate(ORG_SPEC), '党组织导入模板.xlsx');
  });
  app.post('/api/orgs/imports', { schema: { tags, response: { 201: importJobSchema } } }, async (req, reply) => {
    const actor = writer(req);
    const file = await readXlsxUpload(req, { maxBytes: ORG_IMPORT.maxBytes });
    return reply.status(201).send(await uploadImport(ctx, actor, ORG_IMPORT, file, chinaToday(ctx)));
  });
  app.get('/api/orgs/imports/:id', { schema: { tags, params: idParamSchema, response: { 200: importJobSchema } } }, async (req) =>
    getImportJob(ctx, writer(req), ORG_IMPORT, req.params.id),
  );
  app.get(
    '/api/orgs/imports/:id/rows',
    { schema: { tags, params: idParamSchema, querystring: importRowsQuerySchema, response: { 200: pageOf(importRowSchema) } } },
    async (req) => listImportRows(ctx, writer(req), ORG_IMPORT, req.params.id, req.query),
  );
  app.get(
    '/api/orgs/imports/:id/error-file.xlsx',
    { schema: { tags, params: idParamSchema, querystring: importErrorFileQuerySchema } },
    async (req, reply) => {
      const { data, fileName } = await importErrorFile(ctx, writer(req), ORG_IMPORT, req.params.id, req.query.rows);
      return sendXlsx(reply, data, fileName);
    },
  );
  app.post(
    '/api/orgs/imports/:id/commit',
    { schema: { tags, params: idParamSchema, body: importCommitSchema, response: { 200: importResultSchema } } },
    async (req) => commitImport(ctx, writer(req), ORG_IMPORT, req.params.id, req.body.mode, chinaToday(ctx)),
  );
  app.delete('/api/orgs/imports/:id', { schema: { tags, params: idParamSchema, response: { 200: importJobSchema } } }, async (req) =>
    discardImport(ctx, writer(req), ORG_IMPORT, req.params.id),
  );

  app.post('/api/orgs', { schema: { tags, body: orgCreateSchema, response: { 201: orgDetailSchema } } }, async (req, reply) =>
    reply.status(201).send(await createOrg(ctx, writer(req), req.body)),
  );
  app.get('/api/orgs/:id', { schema: { tags, params: idParamSchema, response: { 200: orgDetailSchema } } }, async (req) =>
    getOrgDetail(ctx, reader(req), req.params.id),
  );
  app.patch(
    '/api/orgs/:id',
    { schema: { tags, params: idParamSchema, body: orgUpdateSchema, response: { 200: orgDetailSchema } } },
    async (req) => updateOrgFields(ctx, writer(req), req.params.id, req.body),
  );
  app.post(
    '/api/orgs/:id/move',
    { schema: { tags, params: idParamSchema, body: orgMoveSchema, response: { 200: orgDetailSchema } } },
    async (req) => moveOrg(ctx, writer(req), req.params.id, req.body),
  );
  app.post(
    '/api/orgs/:id/merge',
    { schema: { tags, params: idParamSchema, body: orgMergeSchema, response: { 200: orgMergeResultSchema } } },
    async (req) => mergeOrg(ctx, writer(req), req.params.id, req.body),
  );
  app.post(
    '/api/orgs/:id/dissolve',
    { schema: { tags, params: idParamSchema, body: orgDissolveSchema, response: { 200: orgDetailSchema } } },
    async (req) => dissolveOrg(ctx, writer(req), req.params.id, req.body),
  );
  app.put(
    '/api/orgs/:id/term',
    { schema: { tags, params: idParamSchema, body: orgTermUpdateSchema, response: { 200: orgDetailSchema } } },
    async (req) => setOrgTerm(ctx, writer(req), req.params.id, req.body),
  );
  app.get(
    '/api/orgs/:id/history',
    { schema: { tags, params: idParamSchema, querystring: orgHistoryQuerySchema, response: { 200: pageOf(orgEventSchema) } } },
    async (req) => getOrgHistory(ctx, reader(req), req.params.id, req.query),
  );

  app.get(
    '/api/orgs/:id/posts',
    { schema: { tags, params: idParamSchema, querystring: orgPostListQuerySchema, response: { 200: z.array(orgPostSchema) } } },
    async (req) => listOrgPosts(ctx, reader(req), req.params.id, req.query.includeEnded === 'true'),
  );
  app.post(
    '/api/orgs/:id/posts',
    { schema: { tags, params: idParamSchema, body: orgPostCreateSchema, response: { 201: orgPostSchema } } },
    async (req, reply) => reply.status(201).send(await createOrgPost(ctx, writer(req), req.params.id, req.body)),
  );
  app.patch(
    '/api/orgs/:id/posts/:postId',
    { schema: { tags, params: orgPostParamsSchema, body: orgPostUpdateSchema, response: { 200: orgPostSchema } } },
    async (req) => updateOrgPost(ctx, writer(req), req.params.id, req.params.postId, req.body),
  );
  app.delete('/api/orgs/:id/posts/:postId', { schema: { tags, params: orgPostParamsSchema, response: { 200: okSchema } } }, async (req) => {
    await deleteOrgPost(ctx, writer(req), req.params.id, req.params.postId);
    return { ok: true as const };
  });
}

/** Housekeeping: uploads never committed are discarded (their stored rows dropped) after a day. */
export const importCleanupJob: JobDefinition = {
  name: 'imports.cleanup',
  intervalMs: 3600_000,
  run: (ctx) => purgeStaleImports(ctx),
};
