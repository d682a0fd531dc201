import {
  frameworkCopyPlanSchema,
  frameworkNodeCreateSchema,
  frameworkNodeDetailSchema,
  frameworkNodeMoveSchema,
  frameworkNodeRetireSchema,
  frameworkNodeUpdateSchema,
  frameworkTreeQuerySchema,
  frameworkTreeSchema,
  frameworkVersionCreateSchema,
  frameworkVersionListSchema,
  frameworkVersionSchema,
  frameworkVersionUpdateSchema,
  frameworkYearParamSchema,
  idParamSchema,
} from '@guantong/shared';
import type { AppContext } from '../../core/context.js';
import type { ZodApp } from '../../core/http.js';
import { actorOf } from '../../core/session.js';
import {
  addNode,
  copyVersion,
  createVersion,
  getCurrentTree,
  getNodeDetail,
  getVersionTree,
  listVersionSummaries,
  moveNode,
  previewCopy,
  restoreNode,
  retireNode,
  setVersionStatus,
  updateNodeFields,
} from './framework.service.js';

/**
 * 党建工作体系: read by everyone signed in; edited by the top committee's org_admin or a sysadmin
 * (checked in the service, so the same rule holds for every caller).
 */
export function registerFrameworkRoutes(app: ZodApp, ctx: AppContext): void {
  const tags = ['framework'];
  app.get(
    '/api/framework/current',
    { schema: { tags, querystring: frameworkTreeQuerySchema, response: { 200: frameworkTreeSchema } } },
    async (req) => getCurrentTree(ctx, actorOf(req), req.query.includeRetired === 'true'),
  );
  app.get('/api/framework/versions', { schema: { tags, response: { 200: frameworkVersionListSchema } } }, async (req) =>
    listVersionSummaries(ctx, actorOf(req)),
  );
  app.post(
    '/api/framework/versions',
    { schema: { tags, body: frameworkVersionCreateSchema, response: { 201: frameworkTreeSchema } } },
    async (req, reply) => reply.status(201).send(await createVersion(ctx, actorOf(req), req.body)),
  );
  app.get(
    '/api/framework/versions/:year',
    { schema: { tags, params: frameworkYearParamSchema, querystring: frameworkTreeQuerySchema, response: { 200: frameworkTreeSchema } } },
    async (req) => getVersionTree(ctx, actorOf(req), req.params.year, req.query.includeRetired === 'true'),
  );
  app.patch(
    '/api/framework/versions/:year',
    { schema: { tags, params: frameworkYearParamSchema, body: frameworkVersionUpdateSchema, response: { 200: frameworkVersionSchema } } },
    async (req) => setVersionStatus(ctx, actorOf(req), req.params.year, req.body),
  );
  app.post(
    '/api/framework/versions/:year/nodes',
    { schema: { tags, params: frameworkYearParamSchema, body: frameworkNodeCreateSchema, response: { 201: frameworkNodeDetailSchema } } },
    async (req, reply) => reply.status(201).send(await addNode(ctx, actorOf(req), req.params.year, req.body)),
  );
  app.post(
    '/api/framework/versions/:year/copy-preview',
    { schema: { tags, params: frameworkYearParamSchema, response: { 200: frameworkCopyPlanSchema } } },
    async (req) => previewCopy(ctx, actorOf(req), req.params.year),
  );
  app.post(
    '/api/framework/versions/:year/copy',
    { schema: { tags, params: frameworkYearParamSchema, response: { 200: frameworkCopyPlanSchema } } },
    async (req) => copyVersion(ctx, actorOf(req), req.params.year),
  );
  app.get(
    '/api/framework/nodes/:id',
    { schema: { tags, params: idParamSchema, response: { 200: frameworkNodeDetailSchema } } },
    async (req) =>
      getNodeDetail(ctx, actorOf(req), req.params.id, (name, err) =>
        req.log.warn({ err, provider: name }, 'framework link provider failed'),
      ),
  );
  app.patch(
    '/api/framework/nodes/:id',
    { schema: { tags, params: idParamSchema, body: frameworkNodeUpdateSchema, response: { 200: frameworkNodeDetailSchema } } },
    async (req) => updateNodeFields(ctx, actorOf(req), req.params.id, req.body),
  );
  app.post(
    '/api/framework/nodes/:id/move',
    { schema: { tags, params: idParamSchema, body: frameworkNodeMoveSchema, response: { 200: frameworkNodeDetailSchema } } },
    async (req) => moveNode(ctx, actorOf(req), req.params.id, req.body),
  );
  app.post(
    '/api/framework/nodes/:id/retire',
    { schema: { tags, params: idParamSchema, body: frameworkNodeRetireSchema, response: { 200: frameworkNodeDetailSchema } } },
    async (req) => retireNode(ctx, actorOf(req), req.params.id, req.body ?? {}),
  );
  app.post(
    '/api/framework/nodes/:id/restore',
    { schema: { tags, params: idParamSchema, response: { 200: frameworkNodeDetailSchema } } },
    async (req) => restoreNode(ctx, actorOf(req), req.params.id),
  );
}
