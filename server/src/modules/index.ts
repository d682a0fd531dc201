import type { AppContext } from '../core/context.js';
import type { ZodApp } from '../core/http.js';
import type { JobRunner } from '../core/jobs.js';
import { registerAuditRoutes } from './audit/audit.routes.js';
import { registerAuthRoutes } from './auth/auth.routes.js';
import { registerFileRoutes } from './files/files.routes.js';
import { registerFrameworkRoutes } from './framework/framework.routes.js';
import { registerHealthRoutes } from './health/health.routes.js';
import { notificationDigestJob, registerNotificationRoutes } from './notifications/notifications.routes.js';
import { importCleanupJob, registerOrgRoutes } from './orgs/orgs.routes.js';
import { registerPeopleRoutes } from './people/people.routes.js';
import { registerTaskRoutes, taskRecurrenceJob, taskSupervisionJob } from './tasks/tasks.routes.js';
import { registerUserRoutes } from './users/users.routes.js';

/** Every module, registered explicitly (one line each). */
export async function registerModules(app: ZodApp, ctx: AppContext, jobs: JobRunner): Promise<void> {
  registerHealthRoutes(app, ctx);
  registerAuthRoutes(app, ctx);
  registerUserRoutes(app, ctx);
  registerAuditRoutes(app, ctx);
  registerOrgRoutes(app, ctx);
  registerPeopleRoutes(app, ctx);
  registerFrameworkRoutes(app, ctx);
  registerFileRoutes(app, ctx);
  registerNotificationRoutes(app, ctx);
  registerTaskRoutes(app, ctx);
  jobs.register(taskSupervisionJob);
  jobs.register(taskRecurrenceJob);
  jobs.register(notificationDigestJob);
  jobs.register(importCleanupJob);
}
