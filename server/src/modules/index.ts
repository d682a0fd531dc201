import type { AppContext } from '../core/context.js';
import type { ZodApp } from '../core/http.js';
import type { JobRunner } from '../core/jobs.js';
import { registerAuditRoutes } from './audit/audit.routes.js';
import { registerAuthRoutes } from './auth/auth.routes.js';
import { registerHealthRoutes } from './health/health.routes.js';
import { registerOrgRoutes } from './orgs/orgs.routes.js';
import { registerUserRoutes } from './users/users.routes.js';

/** Every module, registered explicitly (one line each). */
export async function registerModules(app: ZodApp, ctx: AppContext, _jobs: JobRunner): Promise<void> {
  registerHealthRoutes(app, ctx);
  registerAuthRoutes(app, ctx);
  registerUserRoutes(app, ctx);
  registerAuditRoutes(app, ctx);
  registerOrgRoutes(app, ctx);
}
