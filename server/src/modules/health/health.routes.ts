import { z } from 'zod';
import type { AppContext } from '../../core/context.js';
import type { ZodApp } from '../../core/http.js';

const healthSchema = z.object({
  status: z.literal('ok'),
  database: z.enum(['sqlite', 'postgres']),
  version: z.string(),
  time: z.string(),
});

/** GET /api/health: liveness plus which database is in use (fixed contract). */
export function registerHealthRoutes(app: ZodApp, ctx: AppContext): void {
  app.get('/api/health', { schema: { tags: ['system'], response: { 200: healthSchema } } }, async () => {
    await ctx.database.db.selectFrom('audit_head').select('id').limit(1).execute();
    return { status: 'ok' as const, database: ctx.database.dialect, version: '0.1.0', time: ctx.clock().toISOString() };
  });
}
