import {
  decisionBodySchema,
  decisionBodyUpdateSchema,
  decisionCategorySchema,
  decisionCategoryUpdateSchema,
  decisionCategoryUpsertSchema,
  decisionCreateSchema,
  decisionDetailSchema,
  decisionFollowUpCreateSchema,
  decisionFromResolutionSchema,
  decisionListQuerySchema,
  decisionMeetingOptionSchema,
  decisionMeetingOptionsQuerySchema,
  decisionSchema,
  decisionStatsQuerySchema,
  decisionStatsSchema,
  decisionUpdateSchema,
  idParamSchema,
  pageOf,
} from '@guantong/shared';
import { z } from 'zod';
import { requireRole } from '../../core/access.js';
import type { AppContext } from '../../core/context.js';
import { sendXlsx } from '../../core/excel.js';
import type { ZodApp } from '../../core/http.js';
import { actorOf } from '../../core/session.js';
import { todayOf } from '../tasks/tasks.service.js';
import { registerTaskSourceProvider } from '../tasks/tasks.sources.js';
import { exportDecisions } from './decisions.excel.js';
import { DECISION_READ_ROLES, DECISION_SETTINGS_ROLES, DECISION_WRITE_ROLES } from './decisions.policy.js';
import {
  addFollowUp,
  changeBody,
  changeCategory,
  createCategory,
  createDecision,
  createDecisionFromResolution,
  DECISION_SOURCE,
  decisionSourceNames,
  decisionStats,
  getBodies,
  getCategories,
  getDecisionDetail,
  listDecisions,
  listMeetingOptions,
  updateDecisionFields,
} from './decisions.service.js';

const codeParams = z.object({ code: z.string().trim().min(1).max(40) }).strict();

/**
 * The 三会一层 decision register (决策事项清单): items with the pre-study check, follow-up tasks through the task
 * engine (决策事项跟踪督办), the list per year and body with its export, bodies and categories as data, and the
 * endpoint that turns a meeting resolution into an item.
 */
export function registerDecisionRoutes(app: ZodApp, ctx: AppContext): void {
  registerTaskSourceProvider(DECISION_SOURCE, decisionSourceNames);
  const tags = ['decisions'];
  const reader = (req: Parameters<typeof actorOf>[0]) => {
    const actor = actorOf(req);
    requireRole(actor, DECISION_READ_ROLES);
    return actor;
  };
  const writer = (req: Parameters<typeof actorOf>[0]) => {
    const actor = actorOf(req);
    requireRole(actor, DECISION_WRITE_ROLES);
    return actor;
  };
  const settings = (req: Parameters<typeof actorOf>[0]) => {
    const actor = actorOf(req);
    requireRole(actor, DECISION_SETTINGS_ROLES);
    return actor;
  };

  app.get('/api/decision-bodies', { schema: { tags, response: { 200: z.array(decisionBodySchema) } } }, async (req) => {
    reader(req);
    return getBodies(ctx);
  });
  app.patch(
    '/api/decision-bodies/:code',
    { schema: { tags, params: codeParams, body: decisionBodyUpdateSchema, response: { 200: decisionBodySchema } } },
    async (req) => changeBody(ctx, settings(req), req.params.code, req.body),
  );
  app.get('/api/decision-categories', { schema: { tags, response: { 200: z.array(decisionCategorySchema) } } }, async (req) => {
    reader(req);
    return getCategories(ctx);
  });
  app.post(
    '/api/decision-categories',
    { schema: { tags, body: decisionCategoryUpsertSchema, response: { 201: decisionCategorySchema } } },
    async (req, reply) => reply.status(201).send(await createCategory(ctx, settings(req), req.body)),
  );
  app.patch(
    '/api/decision-categories/:code',
    { schema: { tags, params: codeParams, body: decisionCategoryUpdateSchema, response: { 200: decisionCategorySchema } } },
    async (req) => changeCategory(ctx, settings(req), req.params.code, req.body),
  );

  app.get(
    '/api/decisions',
    { schema: { tags, querystring: decisionListQuerySchema, response: { 200: pageOf(decisionSchema) } } },
    async (req) => listDecisions(ctx, reader(req), req.query),
  );
  app.get('/api/decisions/export.xlsx', { schema: { tags, querystring: decisionListQuerySchema } }, async (req, reply) => {
    const data = await exportDecisions(ctx, reader(req), req.query);
    return sendXlsx(reply, data, `决策事项清单-${todayOf(ctx)}.xlsx`);
  });
  app.get(
    '/api/decisions/stats',
    { schema: { tags, querystring: decisionStatsQuerySchema, response: { 200: decisionStatsSchema } } },
    async (req) => decisionStats(ctx, reader(req), req.query),
  );
  app.get(
    '/api/decisions/meeting-options',
    { schema: { tags, querystring: decisionMeetingOptionsQuerySchema, response: { 200: z.array(decisionMeetingOptionSchema) } } },
    async (req) => listMeetingOptions(ctx, reader(req), req.query),
  );
  app.post(
    '/api/decisions',
    { schema: { tags, body: decisionCreateSchema, response: { 201: decisionDetailSchema } } },
    async (req, reply) => reply.status(201).send(await createDecision(ctx, writer(req), req.body)),
  );
  app.post(
    '/api/decisions/from-resolution/:id',
    { schema: { tags, params: idParamSchema, body: decisionFromResolutionSchema, response: { 201: decisionDetailSchema } } },
    async (req, reply) => reply.status(201).send(await createDecisionFromResolution(ctx, writer(req), req.params.id, req.body)),
  );
  app.get('/api/decisions/:id', { schema: { tags, params: idParamSchema, response: { 200: decisionDetailSchema } } }, async (req) =>
    getDecisionDetail(ctx, reader(req), req.params.id),
  );
  app.patch(
    '/api/decisions/:id',
    { schema: { tags, params: idParamSchema, body: decisionUpdateSchema, response: { 200: decisionDetailSchema } } },
    async (req) => updateDecisionFields(ctx, writer(req), req.params.id, req.body),
  );
  app.post(
    '/api/decisions/:id/follow-ups',
    {
      schema: {
        tags,
        params: idParamSchema,
        body: decisionFollowUpCreateSchema,
        response: { 201: z.object({ decision: decisionDetailSchema, taskId: z.number().int() }) },
      },
    },
    async (req, reply) => reply.status(201).send(await addFollowUp(ctx, writer(req), req.params.id, req.body)),
  );
}
