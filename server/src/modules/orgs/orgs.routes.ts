import { orgNodeSchema } from '@guantong/shared';
import { z } from 'zod';
import type { AppContext } from '../../core/context.js';
import type { ZodApp } from '../../core/http.js';
import { actorOf } from '../../core/session.js';
import { getOrgTree } from './orgs.service.js';

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
}
