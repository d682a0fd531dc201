import {
  complianceBranchQuerySchema,
  complianceBranchSchema,
  complianceMatrixQuerySchema,
  complianceMatrixSchema,
  complianceRuleSchema,
  complianceRuleUpdateSchema,
  idParamSchema,
} from '@guantong/shared';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { requireRole } from '../../core/access.js';
import type { AppContext } from '../../core/context.js';
import { sendXlsx } from '../../core/excel.js';
import type { ZodApp } from '../../core/http.js';
import { actorOf } from '../../core/session.js';
import { exportComplianceMatrix } from './compliance.excel.js';
import { complianceBranch, complianceMatrix, loadComplianceRules, updateComplianceRule } from './compliance.service.js';
import { MEETING_READ_ROLES } from './meetings.policy.js';

const codeParams = z.object({ code: z.string().min(1).max(40) }).strict();

/** Compliance (基层党建标准化): the frequencies as data, the orgs × months matrix, a branch's drill-down. */
export function registerComplianceRoutes(app: ZodApp, ctx: AppContext): void {
  const tags = ['compliance'];
  const reader = (req: FastifyRequest) => {
    const actor = actorOf(req);
    requireRole(actor, MEETING_READ_ROLES);
    return actor;
  };
  app.get('/api/compliance/rules', { schema: { tags, response: { 200: z.array(complianceRuleSchema) } } }, async (req) => {
    reader(req);
    return loadComplianceRules(ctx.database.db);
  });
  app.put(
    '/api/compliance/rules/:code',
    { schema: { tags, params: codeParams, body: complianceRuleUpdateSchema, response: { 200: complianceRuleSchema } } },
    async (req) => updateComplianceRule(ctx, actorOf(req), req.params.code, req.body),
  );
  app.get(
    '/api/compliance/matrix',
    { schema: { tags, querystring: complianceMatrixQuerySchema, response: { 200: complianceMatrixSchema } } },
    async (req) => complianceMatrix(ctx, reader(req), req.query),
  );
  app.get('/api/compliance/matrix.xlsx', { schema: { tags, querystring: complianceMatrixQuerySchema } }, async (req, reply) => {
    const { data, name } = await exportComplianceMatrix(ctx, reader(req), req.query);
    return sendXlsx(reply, data, name);
  });
  app.get(
    '/api/compliance/branches/:id',
    { schema: { tags, params: idParamSchema, querystring: complianceBranchQuerySchema, response: { 200: complianceBranchSchema } } },
    async (req) => complianceBranch(ctx, reader(req), req.params.id, req.query.year, req.query.month),
  );
}
