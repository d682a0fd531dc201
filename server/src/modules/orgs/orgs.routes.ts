import { orgListItemSchema, orgListQuerySchema, orgNodeSchema, pageOf } from '@guantong/shared';
import { z } from 'zod';
import type { AppContext } from '../../core/context.js';
import type { ZodApp } from '../../core/http.js';
import { actorOf } from '../../core/session.js';
import { getOrgTree, listOrgs } from './orgs.service.js';

/** The organisation tree, scoped to the actor (pickers, navigation). */
export function registerOrgRoutes(app: ZodApp, ctx: AppContext): void {
  app.get(
    '/api/orgs/tree',
    {
      schema: {
        tags: ['orgs'],
        querystring: z.object({ includeInactive: z.enum(['true', 'false']).optional() }).strict(),
        response: { 200: z.array(orgNodeSchema) },
      },
    },
    async (req) => getOrgTree(ctx, actorOf(req), { includeInactive: req.query.includeInactive === 'true' }),
  );
  app.get(
    '/api/orgs',
    { schema: { tags: ['orgs'], querystring: orgListQuerySchema, response: { 200: pageOf(orgListItemSchema) } } },
    async (req) => listOrgs(ctx, actorOf(req), req.query),
  );
}
