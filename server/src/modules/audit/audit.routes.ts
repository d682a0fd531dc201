import { auditEntrySchema, auditListQuerySchema, pageOf } from '@guantong/shared';
import { z } from 'zod';
import { requireRole } from '../../core/access.js';
import { verifyAuditChain } from '../../core/audit.js';
import type { AppContext } from '../../core/context.js';
import type { ZodApp } from '../../core/http.js';
import { paginate } from '../../core/paging.js';
import { actorOf } from '../../core/session.js';

export const AUDIT_READ_ROLES = ['sysadmin', 'discipline'] as const;

/** The audit log (审计日志): filtered, paged reading and a chain check; sysadmin and 纪委 only. */
export function registerAuditRoutes(app: ZodApp, ctx: AppContext): void {
  const tags = ['audit'];
  app.get(
    '/api/audit',
    { schema: { tags, querystring: auditListQuerySchema, response: { 200: pageOf(auditEntrySchema) } } },
    async (req) => {
      requireRole(actorOf(req), AUDIT_READ_ROLES);
      const q = req.query;
      const db = ctx.database.db;
      let base = db.selectFrom('audit_log');
      if (q.actor) {
        base = base.where('actor_name', '=', q.actor);
      }
      if (q.entityType) {
        base = base.where('entity_type', '=', q.entityType);
      }
      if (q.entityId) {
        base = base.where('entity_id', '=', q.entityId);
      }
      if (q.action) {
        base = base.where('action', 'like', `${q.action}%`);
      }
      if (q.from) {
        base = base.where('at', '>=', q.from);
      }
      if (q.to) {
        // A bare date means the whole day.
        base = base.where('at', '<', /^\d{4}-\d{2}-\d{2}$/.test(q.to) ? `${q.to}T99` : q.to);
      }
      const { rows, total } = await paginate(base.selectAll().orderBy('seq', q.order), base, q);
      return {
        items: rows.map((r) => ({
          id: r.id,
          seq: r.seq,
          at: r.at,
          actorId: r.actor_id,
          actorName: r.actor_name,
          action: r.action,
          entityType: r.entity_type,
          entityId: r.entity_id,
          changes: JSON.parse(r.changes) as Array<{ field: string; before: unknown; after: unknown }>,
          requestId: r.request_id,
          ip: r.ip,
        })),
        total,
        page: q.page,
        pageSize: q.pageSize,
      };
    },
  );

  app.get(
    '/api/audit/verify',
    {
      schema: {
        tags,
        response: {
          200: z.object({
            ok: z.boolean(),
            checked: z.number().int(),
            firstBroken: z.object({ seq: z.number().int(), reason: z.string() }).optional(),
          }),
        },
      },
    },
    async (req) => {
      requireRole(actorOf(req), AUDIT_READ_ROLES);
      return verifyAuditChain(ctx.database.db);
    },
  );
}
