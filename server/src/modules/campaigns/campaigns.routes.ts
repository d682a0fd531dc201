import {
  campaignAdoptSchema,
  campaignAnswerCreateSchema,
  campaignAnswerEditSchema,
  campaignAnswerListQuerySchema,
  campaignAnswerReviewSchema,
  campaignAnswerSchema,
  campaignAudiencePersonSchema,
  campaignAudienceQuerySchema,
  campaignCreateSchema,
  campaignListQuerySchema,
  campaignParticipationQuerySchema,
  campaignParticipationSchema,
  campaignSchema,
  campaignUpdateSchema,
  fileRefSchema,
  idParamSchema,
  pageOf,
} from '@guantong/shared';
import { z } from 'zod';
import { requireRole } from '../../core/access.js';
import type { AppContext } from '../../core/context.js';
import { sendXlsx } from '../../core/excel.js';
import type { ZodApp } from '../../core/http.js';
import { actorOf } from '../../core/session.js';
import { readSingleUpload } from '../files/files.routes.js';
import { registerFileOwner } from '../files/files.service.js';
import { todayOf } from '../tasks/tasks.service.js';
import { registerTaskSourceProvider } from '../tasks/tasks.sources.js';
import { exportAnswers } from './campaigns.excel.js';
import { campaignParticipation } from './campaigns.participation.js';
import { ORGANISER_ROLES } from './campaigns.policy.js';
import {
  ANSWER_FILE_OWNER,
  ANSWER_SOURCE,
  adoptAnswer,
  answerSourceNames,
  canSeeAnswer,
  createCampaign,
  editOwnAnswer,
  getCampaign,
  listAnswers,
  listCampaigns,
  reviewAnswer,
  searchAudience,
  setCampaignStatus,
  submitAnswer,
  updateCampaignFields,
  uploadAnswerFile,
} from './campaigns.service.js';

/**
 * Discussion campaigns (大讨论): a question put to an organisation's subtree for a period; members' answers (with
 * attachments), tags, the shortlist, adoption into a task (task engine), participation per organisation.
 */
export function registerCampaignRoutes(app: ZodApp, ctx: AppContext): void {
  registerTaskSourceProvider(ANSWER_SOURCE, answerSourceNames);
  registerFileOwner(ANSWER_FILE_OWNER, (c, actor, id) => canSeeAnswer(c, actor, id));
  const tags = ['campaigns'];
  const organiser = (req: Parameters<typeof actorOf>[0]) => {
    const actor = actorOf(req);
    requireRole(actor, ORGANISER_ROLES);
    return actor;
  };

  app.get(
    '/api/campaigns',
    { schema: { tags, querystring: campaignListQuerySchema, response: { 200: pageOf(campaignSchema) } } },
    async (req) => listCampaigns(ctx, actorOf(req), req.query),
  );
  app.post('/api/campaigns', { schema: { tags, body: campaignCreateSchema, response: { 201: campaignSchema } } }, async (req, reply) =>
    reply.status(201).send(await createCampaign(ctx, organiser(req), req.body)),
  );
  app.get('/api/campaigns/:id', { schema: { tags, params: idParamSchema, response: { 200: campaignSchema } } }, async (req) =>
    getCampaign(ctx, actorOf(req), req.params.id),
  );
  app.patch(
    '/api/campaigns/:id',
    { schema: { tags, params: idParamSchema, body: campaignUpdateSchema, response: { 200: campaignSchema } } },
    async (req) => updateCampaignFields(ctx, organiser(req), req.params.id, req.body),
  );
  app.post('/api/campaigns/:id/publish', { schema: { tags, params: idParamSchema, response: { 200: campaignSchema } } }, async (req) =>
    setCampaignStatus(ctx, organiser(req), req.params.id, 'publish'),
  );
  app.post('/api/campaigns/:id/close', { schema: { tags, params: idParamSchema, response: { 200: campaignSchema } } }, async (req) =>
    setCampaignStatus(ctx, organiser(req), req.params.id, 'close'),
  );
  app.get(
    '/api/campaigns/:id/answers',
    {
      schema: { tags, params: idParamSchema, querystring: campaignAnswerListQuerySchema, response: { 200: pageOf(campaignAnswerSchema) } },
    },
    async (req) => listAnswers(ctx, actorOf(req), req.params.id, req.query),
  );
  app.get(
    '/api/campaigns/:id/answers/export.xlsx',
    { schema: { tags, params: idParamSchema, querystring: campaignAnswerListQuerySchema } },
    async (req, reply) => {
      const { page: _page, pageSize: _size, ...q } = req.query;
      const { data, title } = await exportAnswers(ctx, actorOf(req), req.params.id, q);
      return sendXlsx(reply, data, `大讨论回答-${title.slice(0, 40)}-${todayOf(ctx)}.xlsx`);
    },
  );
  app.post(
    '/api/campaigns/:id/answers',
    { schema: { tags, params: idParamSchema, body: campaignAnswerCreateSchema, response: { 201: campaignAnswerSchema } } },
    async (req, reply) => reply.status(201).send(await submitAnswer(ctx, actorOf(req), req.params.id, req.body)),
  );
  app.get(
    '/api/campaigns/:id/participation',
    {
      schema: {
        tags,
        params: idParamSchema,
        querystring: campaignParticipationQuerySchema,
        response: { 200: campaignParticipationSchema },
      },
    },
    async (req) => campaignParticipation(ctx, actorOf(req), req.params.id, req.query),
  );
  app.get(
    '/api/campaigns/:id/audience',
    {
      schema: {
        tags,
        params: idParamSchema,
        querystring: campaignAudienceQuerySchema,
        response: { 200: z.array(campaignAudiencePersonSchema) },
      },
    },
    async (req) => searchAudience(ctx, actorOf(req), req.params.id, req.query),
  );
  app.put(
    '/api/campaign-answers/:id',
    { schema: { tags, params: idParamSchema, body: campaignAnswerEditSchema, response: { 200: campaignAnswerSchema } } },
    async (req) => editOwnAnswer(ctx, actorOf(req), req.params.id, req.body),
  );
  app.patch(
    '/api/campaign-answers/:id',
    { schema: { tags, params: idParamSchema, body: campaignAnswerReviewSchema, response: { 200: campaignAnswerSchema } } },
    async (req) => reviewAnswer(ctx, organiser(req), req.params.id, req.body),
  );
  app.post(
    '/api/campaign-answers/:id/adopt',
    { schema: { tags, params: idParamSchema, body: campaignAdoptSchema, response: { 200: campaignAnswerSchema } } },
    async (req) => adoptAnswer(ctx, organiser(req), req.params.id, req.body),
  );
  app.post(
    '/api/campaign-answers/:id/files',
    { schema: { tags, params: idParamSchema, response: { 201: fileRefSchema } } },
    async (req, reply) => {
      const actor = actorOf(req);
      const file = await readSingleUpload(req);
      return reply.status(201).send(await uploadAnswerFile(ctx, actor, req.params.id, file));
    },
  );
}
