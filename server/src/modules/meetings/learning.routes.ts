import {
  idParamSchema,
  learningPeopleQuerySchema,
  learningPersonSchema,
  learningStatsQuerySchema,
  learningStatsSchema,
  makeupAssignSchema,
  makeupDoneSchema,
  makeupListQuerySchema,
  makeupSchema,
  pageOf,
  reflectionCreateSchema,
  reflectionListQuerySchema,
  reflectionReviewSchema,
  reflectionSchema,
  studyPlanCreateSchema,
  studyPlanListQuerySchema,
  studyPlanSchema,
  studyPlanUpdateSchema,
} from '@guantong/shared';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { requireRole } from '../../core/access.js';
import type { AppContext } from '../../core/context.js';
import type { ZodApp } from '../../core/http.js';
import { actorOf } from '../../core/session.js';
import {
  assignMakeups,
  completeMakeup,
  createStudyPlan,
  getStudyPlan,
  learningPeople,
  learningStats,
  listMakeups,
  listReflections,
  listStudyPlans,
  resubmitReflection,
  reviewReflection,
  submitReflection,
  updateStudyPlan,
} from './learning.service.js';
import { MEETING_READ_ROLES, MEETING_WRITE_ROLES } from './meetings.policy.js';

/** Learning (五学): study plans, statistics per org and person, reflections (心得) and make-up study (补学). */
export function registerLearningRoutes(app: ZodApp, ctx: AppContext): void {
  const tags = ['learning'];
  const reader = (req: FastifyRequest) => {
    const actor = actorOf(req);
    requireRole(actor, MEETING_READ_ROLES);
    return actor;
  };
  const writer = (req: FastifyRequest) => {
    const actor = actorOf(req);
    requireRole(actor, MEETING_WRITE_ROLES);
    return actor;
  };
  app.get(
    '/api/learning/plans',
    { schema: { tags, querystring: studyPlanListQuerySchema, response: { 200: z.array(studyPlanSchema) } } },
    async (req) => listStudyPlans(ctx, reader(req), req.query),
  );
  app.post(
    '/api/learning/plans',
    { schema: { tags, body: studyPlanCreateSchema, response: { 201: studyPlanSchema } } },
    async (req, reply) => reply.status(201).send(await createStudyPlan(ctx, writer(req), req.body)),
  );
  app.get('/api/learning/plans/:id', { schema: { tags, params: idParamSchema, response: { 200: studyPlanSchema } } }, async (req) =>
    getStudyPlan(ctx, reader(req), req.params.id),
  );
  app.patch(
    '/api/learning/plans/:id',
    { schema: { tags, params: idParamSchema, body: studyPlanUpdateSchema, response: { 200: studyPlanSchema } } },
    async (req) => updateStudyPlan(ctx, reader(req), req.params.id, req.body),
  );
  app.get(
    '/api/learning/stats',
    { schema: { tags, querystring: learningStatsQuerySchema, response: { 200: learningStatsSchema } } },
    async (req) => learningStats(ctx, reader(req), req.query.orgId, req.query.year),
  );
  app.get(
    '/api/learning/people',
    { schema: { tags, querystring: learningPeopleQuerySchema, response: { 200: pageOf(learningPersonSchema) } } },
    async (req) => learningPeople(ctx, reader(req), req.query),
  );
  app.get(
    '/api/learning/reflections',
    { schema: { tags, querystring: reflectionListQuerySchema, response: { 200: pageOf(reflectionSchema) } } },
    async (req) => listReflections(ctx, reader(req), req.query),
  );
  app.post(
    '/api/learning/reflections',
    { schema: { tags, body: reflectionCreateSchema, response: { 201: reflectionSchema } } },
    async (req, reply) => reply.status(201).send(await submitReflection(ctx, reader(req), req.body)),
  );
  app.put(
    '/api/learning/reflections/:id',
    { schema: { tags, params: idParamSchema, body: reflectionCreateSchema, response: { 200: reflectionSchema } } },
    async (req) => resubmitReflection(ctx, reader(req), req.params.id, req.body),
  );
  app.post(
    '/api/learning/reflections/:id/review',
    { schema: { tags, params: idParamSchema, body: reflectionReviewSchema, response: { 200: reflectionSchema } } },
    async (req) => reviewReflection(ctx, reader(req), req.params.id, req.body),
  );
  app.get(
    '/api/learning/makeups',
    { schema: { tags, querystring: makeupListQuerySchema, response: { 200: pageOf(makeupSchema) } } },
    async (req) => listMakeups(ctx, reader(req), req.query),
  );
  app.post(
    '/api/meetings/:id/makeups',
    { schema: { tags, params: idParamSchema, body: makeupAssignSchema, response: { 200: z.object({ assigned: z.number().int() }) } } },
    async (req) => assignMakeups(ctx, reader(req), req.params.id, req.body),
  );
  app.post(
    '/api/learning/makeups/:id/done',
    { schema: { tags, params: idParamSchema, body: makeupDoneSchema, response: { 200: makeupSchema } } },
    async (req) => completeMakeup(ctx, reader(req), req.params.id, req.body),
  );
}
