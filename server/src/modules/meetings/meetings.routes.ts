import {
  agendaReplaceSchema,
  attendanceMarkSchema,
  attendeesReplaceSchema,
  calendarQuerySchema,
  calendarSchema,
  candidateQuerySchema,
  candidateSchema,
  checkinOpenSchema,
  checkinResultSchema,
  checkinStateSchema,
  checkinSubmitSchema,
  fileRefSchema,
  idParamSchema,
  meetingCancelSchema,
  meetingCreateSchema,
  meetingDetailSchema,
  meetingHoldSchema,
  meetingListItemSchema,
  meetingListQuerySchema,
  meetingTypeSchema,
  meetingTypeUpsertSchema,
  meetingUpdateSchema,
  pageOf,
  plannedHeldQuerySchema,
  plannedHeldSchema,
  resolutionCreateSchema,
  resolutionTaskSchema,
} from '@guantong/shared';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { requireRole } from '../../core/access.js';
import type { AppContext } from '../../core/context.js';
import { notFound } from '../../core/errors.js';
import { sendXlsx } from '../../core/excel.js';
import type { ZodApp } from '../../core/http.js';
import { actorOf } from '../../core/session.js';
import { readSingleUpload } from '../files/files.routes.js';
import { registerFileOwner } from '../files/files.service.js';
import { registerInactivitySource } from '../people/people.inactivity.js';
import { registerComplianceRoutes } from './compliance.routes.js';
import { registerLearningRoutes } from './learning.routes.js';
import { canSeeMeetingById, meetingToday } from './meetings.access.js';
import { calendar, meetingCandidates, plannedVsHeld } from './meetings.calendar.js';
import { closeCheckin, getCheckin, openCheckin, submitCheckin } from './meetings.checkin.js';
import { exportMeetings } from './meetings.excel.js';
import { orgLifeInactivity } from './meetings.inactivity.js';
import { registerMeetingMetrics } from './meetings.metrics.js';
import { MEETING_READ_ROLES, MEETING_WRITE_ROLES } from './meetings.policy.js';
import {
  createResolution,
  createTaskFromResolution,
  deleteResolution,
  registerResolutionSource,
  resolutionOfTask,
} from './meetings.resolutions.js';
import {
  cancelMeeting,
  createMeeting,
  deleteMeeting,
  getMeetingDetail,
  holdMeeting,
  listMeetings,
  MEETING_FILE_OWNER,
  markAttendance,
  replaceAgenda,
  replaceAttendees,
  updateMeeting,
  uploadMeetingFile,
} from './meetings.service.js';
import { createMeetingType, loadMeetingTypes, updateMeetingType } from './meetings.types.js';

const codeParams = z.object({ code: z.string().min(1).max(40) }).strict();
const resolutionParams = z.object({ id: z.coerce.number().int().positive(), rid: z.coerce.number().int().positive() }).strict();
const taskParams = z.object({ taskId: z.coerce.number().int().positive() }).strict();

/** The site origin of a request (the QR encodes the absolute check-in URL the member's phone opens). */
function originOf(req: FastifyRequest): string {
  return `${req.protocol}://${req.host}`;
}

/**
 * Meetings (三会一课, 第一议题, attendance, check-in, resolutions → tasks, calendar, reminders), and the learning (五学)
 * and compliance (基层党建标准化) routes; declares meeting files, the resolution task source, the org-life source of
 * the 6-month rule and the meeting / learning metrics.
 */
export function registerMeetingRoutes(app: ZodApp, ctx: AppContext): void {
  registerFileOwner(MEETING_FILE_OWNER, (c, actor, id) => canSeeMeetingById(c, actor, id));
  registerResolutionSource();
  registerInactivitySource('meetings', orgLifeInactivity);
  registerMeetingMetrics();

  const tags = ['meetings'];
  const reader = (req: FastifyRequest) => {
    const actor = actorOf(req);
    requireRole(actor, MEETING_READ_ROLES);
    return actor;
  };
  const writer = (req: FastifyRequest) => {
    const actor = actorOf(req);
    requireRole(actor, MEETING_WRITE_ROLES);
    return actor;
  };
  const detail = { 200: meetingDetailSchema };

  app.get('/api/meeting-types', { schema: { tags, response: { 200: z.array(meetingTypeSchema) } } }, async (req) => {
    reader(req);
    return loadMeetingTypes(ctx.database.db);
  });
  app.post(
    '/api/meeting-types',
    { schema: { tags, body: meetingTypeUpsertSchema, response: { 201: meetingTypeSchema } } },
    async (req, reply) => reply.status(201).send(await createMeetingType(ctx, actorOf(req), req.body)),
  );
  app.put(
    '/api/meeting-types/:code',
    { schema: { tags, params: codeParams, body: meetingTypeUpsertSchema, response: { 200: meetingTypeSchema } } },
    async (req) => updateMeetingType(ctx, actorOf(req), req.params.code, req.body),
  );

  app.get(
    '/api/meetings',
    { schema: { tags, querystring: meetingListQuerySchema, response: { 200: pageOf(meetingListItemSchema) } } },
    async (req) => listMeetings(ctx, reader(req), req.query),
  );
  app.get('/api/meetings/export.xlsx', { schema: { tags, querystring: meetingListQuerySchema } }, async (req, reply) =>
    sendXlsx(reply, await exportMeetings(ctx, reader(req), req.query), `会议台账-${meetingToday(ctx)}.xlsx`),
  );
  app.get(
    '/api/meetings/calendar',
    { schema: { tags, querystring: calendarQuerySchema, response: { 200: calendarSchema } } },
    async (req) => calendar(ctx, reader(req), req.query),
  );
  app.get(
    '/api/meetings/planned-vs-held',
    { schema: { tags, querystring: plannedHeldQuerySchema, response: { 200: plannedHeldSchema } } },
    async (req) => plannedVsHeld(ctx, reader(req), req.query.orgId, req.query.year),
  );
  app.get(
    '/api/meetings/candidates',
    { schema: { tags, querystring: candidateQuerySchema, response: { 200: z.array(candidateSchema) } } },
    async (req) => meetingCandidates(ctx, writer(req), req.query),
  );
  app.post('/api/meetings/checkin', { schema: { tags, body: checkinSubmitSchema, response: { 200: checkinResultSchema } } }, async (req) =>
    submitCheckin(ctx, reader(req), req.body.code),
  );
  app.get(
    '/api/meetings/by-task/:taskId',
    { schema: { tags, params: taskParams, response: { 200: z.object({ meetingId: z.number().int(), resolutionId: z.number().int() }) } } },
    async (req) => {
      const actor = reader(req);
      const link = await resolutionOfTask(ctx.database.db, req.params.taskId);
      if (!link || !(await canSeeMeetingById(ctx, actor, link.meetingId))) {
        throw notFound('meeting');
      }
      return link;
    },
  );
  app.post('/api/meetings', { schema: { tags, body: meetingCreateSchema, response: { 201: meetingDetailSchema } } }, async (req, reply) =>
    reply.status(201).send(await createMeeting(ctx, writer(req), req.body)),
  );
  app.get('/api/meetings/:id', { schema: { tags, params: idParamSchema, response: detail } }, async (req) =>
    getMeetingDetail(ctx, reader(req), req.params.id),
  );
  app.patch('/api/meetings/:id', { schema: { tags, params: idParamSchema, body: meetingUpdateSchema, response: detail } }, async (req) =>
    updateMeeting(ctx, reader(req), req.params.id, req.body),
  );
  app.delete('/api/meetings/:id', { schema: { tags, params: idParamSchema } }, async (req, reply) => {
    await deleteMeeting(ctx, reader(req), req.params.id);
    return reply.status(204).send();
  });
  app.put(
    '/api/meetings/:id/agenda',
    { schema: { tags, params: idParamSchema, body: agendaReplaceSchema, response: detail } },
    async (req) => replaceAgenda(ctx, reader(req), req.params.id, req.body),
  );
  app.put(
    '/api/meetings/:id/attendees',
    { schema: { tags, params: idParamSchema, body: attendeesReplaceSchema, response: detail } },
    async (req) => replaceAttendees(ctx, reader(req), req.params.id, req.body),
  );
  app.post(
    '/api/meetings/:id/attendance',
    { schema: { tags, params: idParamSchema, body: attendanceMarkSchema, response: detail } },
    async (req) => markAttendance(ctx, reader(req), req.params.id, req.body),
  );
  app.post('/api/meetings/:id/hold', { schema: { tags, params: idParamSchema, body: meetingHoldSchema, response: detail } }, async (req) =>
    holdMeeting(ctx, reader(req), req.params.id, req.body),
  );
  app.post(
    '/api/meetings/:id/cancel',
    { schema: { tags, params: idParamSchema, body: meetingCancelSchema, response: detail } },
    async (req) => cancelMeeting(ctx, reader(req), req.params.id, req.body.reason),
  );
  app.get('/api/meetings/:id/checkin', { schema: { tags, params: idParamSchema, response: { 200: checkinStateSchema } } }, async (req) =>
    getCheckin(ctx, reader(req), req.params.id, originOf(req)),
  );
  app.post(
    '/api/meetings/:id/checkin/open',
    { schema: { tags, params: idParamSchema, body: checkinOpenSchema, response: { 200: checkinStateSchema } } },
    async (req) => openCheckin(ctx, reader(req), req.params.id, req.body.minutes, originOf(req)),
  );
  app.post(
    '/api/meetings/:id/checkin/close',
    { schema: { tags, params: idParamSchema, response: { 200: checkinStateSchema } } },
    async (req) => closeCheckin(ctx, reader(req), req.params.id),
  );
  app.post('/api/meetings/:id/files', { schema: { tags, params: idParamSchema, response: { 201: fileRefSchema } } }, async (req, reply) => {
    const actor = reader(req);
    const file = await readSingleUpload(req);
    return reply.status(201).send(await uploadMeetingFile(ctx, actor, req.params.id, file));
  });
  app.post(
    '/api/meetings/:id/resolutions',
    { schema: { tags, params: idParamSchema, body: resolutionCreateSchema, response: detail } },
    async (req) => {
      const actor = reader(req);
      await createResolution(ctx, actor, req.params.id, req.body);
      return getMeetingDetail(ctx, actor, req.params.id);
    },
  );
  app.delete('/api/meetings/:id/resolutions/:rid', { schema: { tags, params: resolutionParams, response: detail } }, async (req) => {
    const actor = reader(req);
    await deleteResolution(ctx, actor, req.params.id, req.params.rid);
    return getMeetingDetail(ctx, actor, req.params.id);
  });
  app.post(
    '/api/meetings/:id/resolutions/:rid/task',
    { schema: { tags, params: resolutionParams, body: resolutionTaskSchema, response: detail } },
    async (req) => {
      const actor = reader(req);
      await createTaskFromResolution(ctx, actor, req.params.id, req.params.rid, req.body);
      return getMeetingDetail(ctx, actor, req.params.id);
    },
  );

  registerLearningRoutes(app, ctx);
  registerComplianceRoutes(app, ctx);
}

export { meetingReminderJob } from './meetings.reminders.js';
