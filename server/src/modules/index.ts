import type { AppContext } from '../core/context.js';
import type { ZodApp } from '../core/http.js';
import type { JobRunner } from '../core/jobs.js';
import { registerAuditRoutes } from './audit/audit.routes.js';
import { registerAuthRoutes } from './auth/auth.routes.js';
import { registerCampaignRoutes } from './campaigns/campaigns.routes.js';
import { registerDecisionRoutes } from './decisions/decisions.routes.js';
import { evaluationRunsJob, registerEvaluationRoutes } from './evaluation/evaluation.routes.js';
import { registerFileRoutes } from './files/files.routes.js';
import { registerFrameworkRoutes } from './framework/framework.routes.js';
import { registerHealthRoutes } from './health/health.routes.js';
import { meetingReminderJob, registerMeetingRoutes } from './meetings/meetings.routes.js';
import { notificationDigestJob, registerNotificationRoutes } from './notifications/notifications.routes.js';
import { importCleanupJob, registerOrgRoutes } from './orgs/orgs.routes.js';
import { registerPeopleRoutes } from './people/people.routes.js';
import { registerTaskMetrics } from './tasks/tasks.metrics.registry.js';
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
  registerTaskMetrics();
  registerMeetingRoutes(app, ctx);
  jobs.register(meetingReminderJob);
  registerDecisionRoutes(app, ctx);
  registerCampaignRoutes(app, ctx);
  registerEvaluationRoutes(app, ctx);
  jobs.register(taskSupervisionJob);
  jobs.register(taskRecurrenceJob);
  jobs.register(notificationDigestJob);
  jobs.register(importCleanupJob);
  jobs.register(evaluationRunsJob);
}
