import {
  evalAdjustmentCreateSchema,
  evalAdjustmentListQuerySchema,
  evalAdjustmentSchema,
  evalAdjustmentWithdrawSchema,
  evalCalibrateSchema,
  evalExplanationSchema,
  evalFormulaCheckResultSchema,
  evalFormulaCheckSchema,
  evalImportQuerySchema,
  evalImportResultSchema,
  evalInputListQuerySchema,
  evalInputSchema,
  evalInputUpsertSchema,
  evalManualKeySchema,
  evalManualListQuerySchema,
  evalManualRowSchema,
  evalManualScoreSchema,
  evalMetricInfoSchema,
  evalMetricsQuerySchema,
  evalPublishSchema,
  evalRecordsQuerySchema,
  evalRecordsSchema,
  evalResultsPageSchema,
  evalResultsQuerySchema,
  evalRunSchema,
  evalRunSummarySchema,
  evalSchemeCreateSchema,
  evalSchemeListItemSchema,
  evalSchemeListQuerySchema,
  evalSchemeSchema,
  evalSchemeUpdateSchema,
  evalTargetParamsSchema,
  evalTargetRefSchema,
  evalTargetsQuerySchema,
  evalTemplateQuerySchema,
  evalTrendQuerySchema,
  evalTrendSchema,
  fileRefSchema,
  idParamSchema,
  okSchema,
  pageOf,
} from '@guantong/shared';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { requireRole } from '../../core/access.js';
import type { AppContext } from '../../core/context.js';
import { readXlsxUpload, sendXlsx } from '../../core/excel.js';
import type { ZodApp } from '../../core/http.js';
import type { JobDefinition } from '../../core/jobs.js';
import { actorOf } from '../../core/session.js';
import { readSingleUpload } from '../files/files.routes.js';
import { registerFileOwner } from '../files/files.service.js';
import { ADJUSTMENT_FILE_OWNER, MANUAL_FILE_OWNER, resumeRuns } from './evaluation.engine.js';
import { importInputs, inputTemplate, listInputs, upsertInput } from './evaluation.inputs.js';
import {
  canSeeAdjustment,
  canSeeManual,
  createAdjustment,
  listAdjustments,
  listManual,
  listTargets,
  manualStep,
  openManual,
  uploadAdjustmentFile,
  uploadManualFile,
  withdrawAdjustment,
} from './evaluation.manual.js';
import { EVAL_MANAGER_ROLES, EVAL_READ_ROLES } from './evaluation.policy.js';
import { explainResult, exportRunResults, listRunResults, runSummary, scoreRecords, targetTrend } from './evaluation.results.js';
import { calibrateScore, getRun, publishRun, recomputeRun, startRun } from './evaluation.runs.js';
import {
  checkFormulaFor,
  createScheme,
  deleteScheme,
  getScheme,
  listMetricInfos,
  listSchemes,
  updateSchemeDefinition,
} from './evaluation.schemes.js';

const stepParams = z.object({ id: z.coerce.number().int().positive(), step: z.enum(['self', 'review', 'confirm']) }).strict();
const summaryQuery = z.object({ parentId: z.coerce.number().int().positive().optional() }).strict();

/**
 * 成效评价: schemes (dimensions, indicators, bands as data), the metric registry and formula check, runs (background,
 * with progress), results with ranks, explanations down to the records, calibration, publication, trend, export;
 * manual scoring, bonus / deduction items with evidence, entered and imported values.
 */
export function registerEvaluationRoutes(app: ZodApp, ctx: AppContext): void {
  registerFileOwner(MANUAL_FILE_OWNER, (c, actor, id) => canSeeManual(c, actor, id));
  registerFileOwner(ADJUSTMENT_FILE_OWNER, (c, actor, id) => canSeeAdjustment(c, actor, id));

  const tags = ['evaluation'];
  const reader = (req: FastifyRequest) => {
    const actor = actorOf(req);
    requireRole(actor, EVAL_READ_ROLES);
    return actor;
  };
  const manager = (req: FastifyRequest) => {
    const actor = actorOf(req);
    requireRole(actor, EVAL_MANAGER_ROLES);
    return actor;
  };

  app.get(
    '/api/evaluation/metrics',
    { schema: { tags, querystring: evalMetricsQuerySchema, response: { 200: z.array(evalMetricInfoSchema) } } },
    async (req) => {
      reader(req);
      return listMetricInfos(req.query.subject);
    },
  );
  app.post(
    '/api/evaluation/formula/check',
    { schema: { tags, body: evalFormulaCheckSchema, response: { 200: evalFormulaCheckResultSchema } } },
    async (req) => {
      reader(req);
      return checkFormulaFor(req.body.formula, req.body.subject);
    },
  );

  app.get(
    '/api/evaluation/schemes',
    { schema: { tags, querystring: evalSchemeListQuerySchema, response: { 200: pageOf(evalSchemeListItemSchema) } } },
    async (req) => listSchemes(ctx, reader(req), req.query),
  );
  app.post(
    '/api/evaluation/schemes',
    { schema: { tags, body: evalSchemeCreateSchema, response: { 201: evalSchemeSchema } } },
    async (req, reply) => reply.status(201).send(await createScheme(ctx, manager(req), req.body)),
  );
  app.get('/api/evaluation/schemes/:id', { schema: { tags, params: idParamSchema, response: { 200: evalSchemeSchema } } }, async (req) =>
    getScheme(ctx, reader(req), req.params.id),
  );
  app.put(
    '/api/evaluation/schemes/:id',
    { schema: { tags, params: idParamSchema, body: evalSchemeUpdateSchema, response: { 200: evalSchemeSchema } } },
    async (req) => updateSchemeDefinition(ctx, manager(req), req.params.id, req.body),
  );
  app.delete('/api/evaluation/schemes/:id', { schema: { tags, params: idParamSchema, response: { 200: okSchema } } }, async (req) => {
    await deleteScheme(ctx, manager(req), req.params.id);
    return { ok: true as const };
  });

  app.post(
    '/api/evaluation/schemes/:id/runs',
    { schema: { tags, params: idParamSchema, response: { 202: evalRunSchema } } },
    async (req, reply) => reply.status(202).send(await startRun(ctx, manager(req), req.params.id)),
  );
  app.get('/api/evaluation/runs/:id', { schema: { tags, params: idParamSchema, response: { 200: evalRunSchema } } }, async (req) =>
    getRun(ctx, reader(req), req.params.id),
  );
  app.post(
    '/api/evaluation/runs/:id/recompute',
    { schema: { tags, params: idParamSchema, response: { 202: evalRunSchema } } },
    async (req, reply) => reply.status(202).send(await recomputeRun(ctx, manager(req), req.params.id)),
  );
  app.post(
    '/api/evaluation/runs/:id/publish',
    { schema: { tags, params: idParamSchema, body: evalPublishSchema, response: { 200: evalRunSchema } } },
    async (req) => publishRun(ctx, manager(req), req.params.id, req.body.note),
  );
  app.get(
    '/api/evaluation/runs/:id/summary',
    { schema: { tags, params: idParamSchema, querystring: summaryQuery, response: { 200: evalRunSummarySchema } } },
    async (req) => runSummary(ctx, reader(req), req.params.id, req.query.parentId),
  );
  app.get(
    '/api/evaluation/runs/:id/results',
    { schema: { tags, params: idParamSchema, querystring: evalResultsQuerySchema, response: { 200: evalResultsPageSchema } } },
    async (req) => listRunResults(ctx, reader(req), req.params.id, req.query),
  );
  app.get(
    '/api/evaluation/runs/:id/export.xlsx',
    { schema: { tags, params: idParamSchema, querystring: evalResultsQuerySchema } },
    async (req, reply) => {
      const { data, fileName } = await exportRunResults(ctx, reader(req), req.params.id, req.query);
      return sendXlsx(reply, data, fileName);
    },
  );
  app.get(
    '/api/evaluation/runs/:id/targets/:targetId',
    { schema: { tags, params: evalTargetParamsSchema, response: { 200: evalExplanationSchema } } },
    async (req) => explainResult(ctx, reader(req), req.params.id, req.params.targetId),
  );
  app.get(
    '/api/evaluation/runs/:id/targets/:targetId/records',
    { schema: { tags, params: evalTargetParamsSchema, querystring: evalRecordsQuerySchema, response: { 200: evalRecordsSchema } } },
    async (req) => scoreRecords(ctx, reader(req), req.params.id, req.params.targetId, req.query.indicatorId),
  );
  app.post(
    '/api/evaluation/runs/:id/targets/:targetId/calibrate',
    { schema: { tags, params: evalTargetParamsSchema, body: evalCalibrateSchema, response: { 200: evalExplanationSchema } } },
    async (req) => {
      const actor = manager(req);
      await calibrateScore(ctx, actor, req.params.id, req.params.targetId, req.body);
      return explainResult(ctx, actor, req.params.id, req.params.targetId);
    },
  );
  app.get(
    '/api/evaluation/trend',
    { schema: { tags, querystring: evalTrendQuerySchema, response: { 200: evalTrendSchema } } },
    async (req) => targetTrend(ctx, reader(req), req.query.type, req.query.targetId),
  );

  app.get(
    '/api/evaluation/schemes/:id/targets',
    { schema: { tags, params: idParamSchema, querystring: evalTargetsQuerySchema, response: { 200: z.array(evalTargetRefSchema) } } },
    async (req) => listTargets(ctx, reader(req), req.params.id, req.query),
  );
  app.get(
    '/api/evaluation/schemes/:id/manual',
    { schema: { tags, params: idParamSchema, querystring: evalManualListQuerySchema, response: { 200: pageOf(evalManualRowSchema) } } },
    async (req) => listManual(ctx, reader(req), req.params.id, req.query),
  );
  app.post(
    '/api/evaluation/schemes/:id/manual/open',
    { schema: { tags, params: idParamSchema, body: evalManualKeySchema, response: { 200: evalManualRowSchema } } },
    async (req) => openManual(ctx, reader(req), req.params.id, req.body),
  );
  app.post(
    '/api/evaluation/schemes/:id/manual/:step',
    {
      schema: {
        tags,
        params: stepParams,
        body: z.union([evalManualScoreSchema, evalManualKeySchema]),
        response: { 200: evalManualRowSchema },
      },
    },
    async (req) => {
      const actor = reader(req);
      const body = req.body;
      const key = { indicatorId: body.indicatorId, targetId: body.targetId };
      if (req.params.step === 'confirm') {
        return manualStep(ctx, actor, req.params.id, 'confirm', key);
      }
      return manualStep(ctx, actor, req.params.id, req.params.step, key, evalManualScoreSchema.parse(body));
    },
  );
  app.post(
    '/api/evaluation/manual/:id/files',
    { schema: { tags, params: idParamSchema, response: { 201: fileRefSchema } } },
    async (req, reply) => {
      const actor = reader(req);
      const file = await readSingleUpload(req);
      return reply.status(201).send(await uploadManualFile(ctx, actor, req.params.id, file));
    },
  );

  app.get(
    '/api/evaluation/schemes/:id/adjustments',
    {
      schema: { tags, params: idParamSchema, querystring: evalAdjustmentListQuerySchema, response: { 200: pageOf(evalAdjustmentSchema) } },
    },
    async (req) => listAdjustments(ctx, reader(req), req.params.id, req.query),
  );
  app.post(
    '/api/evaluation/schemes/:id/adjustments',
    { schema: { tags, params: idParamSchema, body: evalAdjustmentCreateSchema, response: { 201: evalAdjustmentSchema } } },
    async (req, reply) => reply.status(201).send(await createAdjustment(ctx, manager(req), req.params.id, req.body)),
  );
  app.post(
    '/api/evaluation/adjustments/:id/withdraw',
    { schema: { tags, params: idParamSchema, body: evalAdjustmentWithdrawSchema, response: { 200: evalAdjustmentSchema } } },
    async (req) => withdrawAdjustment(ctx, manager(req), req.params.id, req.body.reason),
  );
  app.post(
    '/api/evaluation/adjustments/:id/files',
    { schema: { tags, params: idParamSchema, response: { 201: fileRefSchema } } },
    async (req, reply) => {
      const actor = manager(req);
      const file = await readSingleUpload(req);
      return reply.status(201).send(await uploadAdjustmentFile(ctx, actor, req.params.id, file));
    },
  );

  app.get(
    '/api/evaluation/schemes/:id/inputs',
    { schema: { tags, params: idParamSchema, querystring: evalInputListQuerySchema, response: { 200: pageOf(evalInputSchema) } } },
    async (req) => listInputs(ctx, manager(req), req.params.id, req.query),
  );
  app.put(
    '/api/evaluation/schemes/:id/inputs',
    { schema: { tags, params: idParamSchema, body: evalInputUpsertSchema, response: { 200: evalInputSchema } } },
    async (req) => upsertInput(ctx, manager(req), req.params.id, req.body),
  );
  app.get(
    '/api/evaluation/schemes/:id/inputs/template.xlsx',
    { schema: { tags, params: idParamSchema, querystring: evalTemplateQuerySchema } },
    async (req, reply) => {
      const { data, fileName } = await inputTemplate(ctx, manager(req), req.params.id, req.query.indicatorId);
      return sendXlsx(reply, data, fileName);
    },
  );
  app.post(
    '/api/evaluation/schemes/:id/inputs/import',
    { schema: { tags, params: idParamSchema, querystring: evalImportQuerySchema, response: { 200: evalImportResultSchema } } },
    async (req) => {
      const actor = manager(req);
      const file = await readXlsxUpload(req, { maxBytes: 10 * 1024 * 1024 });
      return importInputs(ctx, actor, req.params.id, req.query.indicatorId, file, req.query.dryRun === 'true');
    },
  );
}

/** Picks up evaluation runs that were queued or whose computing process stopped (e.g. a restart mid-run). */
export const evaluationRunsJob: JobDefinition = {
  name: 'evaluation.runs',
  intervalMs: 30_000,
  run: (ctx) => resumeRuns(ctx),
};
