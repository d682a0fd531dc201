import { z } from 'zod';
import { orgKindSchema } from './access.js';
import { isoDateSchema, pagingSchema } from './common.js';
import { fileRefSchema } from './tasks.js';

// ---------------------------------------------------------------------------------------------------------
// Meeting types (data) and enums
// ---------------------------------------------------------------------------------------------------------

export const MEETING_CATEGORIES = ['party', 'governance', 'leadership', 'study', 'talk'] as const;
export const meetingCategorySchema = z.enum(MEETING_CATEGORIES);
export type MeetingCategoryValue = z.infer<typeof meetingCategorySchema>;

export const MEETING_BODIES = ['party_committee', 'board', 'management', 'workers_congress'] as const;
export const meetingBodySchema = z.enum(MEETING_BODIES);

export const MEETING_STATUSES = ['planned', 'held', 'cancelled'] as const;
export const meetingStatusSchema = z.enum(MEETING_STATUSES);
export type MeetingStatusValue = z.infer<typeof meetingStatusSchema>;

export const ATTENDANCE_STATUSES = ['pending', 'present', 'leave', 'absent'] as const;
export const attendanceStatusSchema = z.enum(ATTENDANCE_STATUSES);
export type AttendanceStatusValue = z.infer<typeof attendanceStatusSchema>;

/** 五学: 党委会跟进学、中心组研讨学、读书班系统学、上级领导领学、邀请专家讲学. */
export const STUDY_MODES = ['follow_up', 'seminar', 'reading_class', 'leader_led', 'expert'] as const;
export const studyModeSchema = z.enum(STUDY_MODES);
export type StudyModeValue = z.infer<typeof studyModeSchema>;
export const STUDY_MODE_LABELS: Record<StudyModeValue, string> = {
  follow_up: '党委会跟进学',
  seminar: '中心组研讨学',
  reading_class: '读书班系统学',
  leader_led: '上级领导领学',
  expert: '邀请专家讲学',
};

/** A kind of meeting (data, extensible). */
export const meetingTypeSchema = z.object({
  code: z.string(),
  name: z.string(),
  nameEn: z.string(),
  category: meetingCategorySchema,
  body: meetingBodySchema.nullable(),
  /** The first agenda item must be 第一议题 (a warning shows when it is missing). */
  firstTopic: z.boolean(),
  /** Attending counts as organisational life (the 6-month rule). */
  orgLife: z.boolean(),
  isStudy: z.boolean(),
  isTalk: z.boolean(),
  orgKinds: z.array(orgKindSchema),
  defaultMinutes: z.number().int(),
  sortOrder: z.number().int(),
  active: z.boolean(),
});
export type MeetingType = z.infer<typeof meetingTypeSchema>;

/** `POST /api/meeting-types` (new) and `PUT /api/meeting-types/:code` (edit; code ignored). */
export const meetingTypeUpsertSchema = z
  .object({
    code: z
      .string()
      .trim()
      .regex(/^[a-z][a-z0-9_]{1,39}$/, 'lower-case letters, digits and _'),
    name: z.string().trim().min(1).max(64),
    nameEn: z.string().trim().min(1).max(100),
    category: meetingCategorySchema,
    body: meetingBodySchema.nullable().default(null),
    firstTopic: z.boolean().default(false),
    orgLife: z.boolean().default(false),
    isStudy: z.boolean().default(false),
    orgKinds: z.array(orgKindSchema).min(1),
    defaultMinutes: z
      .number()
      .int()
      .min(5)
      .max(24 * 60)
      .default(90),
    sortOrder: z.number().int().min(0).max(100_000).default(500),
    active: z.boolean().default(true),
  })
  .strict();
export type MeetingTypeUpsert = z.infer<typeof meetingTypeUpsertSchema>;

// ---------------------------------------------------------------------------------------------------------
// Meetings
// ---------------------------------------------------------------------------------------------------------

const isoDateTime = z.iso.datetime({ offset: true });

export const agendaItemInputSchema = z
  .object({
    title: z.string().trim().min(1).max(300),
    isFirstTopic: z.boolean().default(false),
    presenter: z.string().trim().max(64).nullable().optional(),
    notes: z.string().max(5000).default(''),
  })
  .strict();
export type AgendaItemInput = z.infer<typeof agendaItemInputSchema>;

export const studyRecordInputSchema = z
  .object({
    mode: studyModeSchema,
    topic: z.string().trim().min(1).max(300),
    materials: z.string().max(5000).default(''),
    speaker: z.string().trim().max(100).nullable().optional(),
    hours: z.number().min(0.5).max(40),
    planItemId: z.number().int().positive().nullable().optional(),
  })
  .strict();
export type StudyRecordInput = z.infer<typeof studyRecordInputSchema>;

export const meetingCreateSchema = z
  .object({
    orgId: z.number().int().positive(),
    typeCode: z.string().min(1).max(40),
    title: z.string().trim().min(1).max(200),
    startsAt: isoDateTime,
    endsAt: isoDateTime.nullable().optional(),
    place: z.string().trim().max(200).default(''),
    online: z.boolean().default(false),
    onlineLink: z.string().trim().max(300).nullable().optional(),
    chairPersonId: z.number().int().positive().nullable().optional(),
    recorderPersonId: z.number().int().positive().nullable().optional(),
    /** 谈心谈话: the other person of the talk (the chair is the first). */
    counterpartPersonId: z.number().int().positive().nullable().optional(),
    agenda: z.array(agendaItemInputSchema).max(50).default([]),
    /** Expected attendees; omitted → the organisation's default for the type (members, committee, group). */
    attendeePersonIds: z.array(z.number().int().positive()).max(5000).optional(),
    study: studyRecordInputSchema.nullable().optional(),
  })
  .strict();
export type MeetingCreateInput = z.infer<typeof meetingCreateSchema>;

export const meetingUpdateSchema = meetingCreateSchema
  .omit({ orgId: true, typeCode: true, agenda: true, attendeePersonIds: true })
  .partial()
  .extend({ minutes: z.string().max(100_000).optional(), summary: z.string().max(1000).nullable().optional() })
  .strict();
export type MeetingUpdateInput = z.infer<typeof meetingUpdateSchema>;

export const agendaReplaceSchema = z.object({ items: z.array(agendaItemInputSchema).max(50) }).strict();
export type AgendaReplaceInput = z.infer<typeof agendaReplaceSchema>;

export const attendeesReplaceSchema = z.object({ personIds: z.array(z.number().int().positive()).max(5000) }).strict();
export type AttendeesReplaceInput = z.infer<typeof attendeesReplaceSchema>;

/** The recorder marks attendance (present / leave with reason / absent) for some attendees. */
export const attendanceMarkSchema = z
  .object({
    items: z
      .array(
        z
          .object({
            personId: z.number().int().positive(),
            status: attendanceStatusSchema,
            leaveReason: z.string().trim().max(300).nullable().optional(),
          })
          .strict()
          .refine((i) => i.status !== 'leave' || !!i.leaveReason, { message: 'a leave needs a reason', path: ['leaveReason'] }),
      )
      .min(1)
      .max(5000),
  })
  .strict();
export type AttendanceMarkInput = z.infer<typeof attendanceMarkSchema>;

export const meetingHoldSchema = z
  .object({
    minutes: z.string().max(100_000).optional(),
    summary: z.string().max(1000).nullable().optional(),
    /** Attendees still pending become absent (default) or stay pending. */
    pendingAs: z.enum(['absent', 'keep']).default('absent'),
  })
  .strict();
export type MeetingHoldInput = z.infer<typeof meetingHoldSchema>;

export const meetingCancelSchema = z.object({ reason: z.string().trim().min(1).max(500) }).strict();

export const MEETING_SORTS = ['startsAt', 'createdAt', 'title'] as const;
export const meetingListQuerySchema = pagingSchema
  .extend({
    orgId: z.coerce.number().int().positive().optional(),
    /** Only the organisation itself, not its subtree. */
    own: z.enum(['true', 'false']).optional(),
    typeCode: z.string().max(400).optional(),
    category: meetingCategorySchema.optional(),
    status: meetingStatusSchema.optional(),
    /** Planned meetings whose date has passed without being recorded as held. */
    overdue: z.enum(['true', 'false']).optional(),
    firstTopicMissing: z.enum(['true', 'false']).optional(),
    from: isoDateSchema.optional(),
    to: isoDateSchema.optional(),
    q: z.string().trim().max(100).optional(),
    sort: z.enum(MEETING_SORTS).default('startsAt'),
    order: z.enum(['asc', 'desc']).default('desc'),
  })
  .strict();
export type MeetingListQuery = z.infer<typeof meetingListQuerySchema>;

export const meetingPersonSchema = z.object({ id: z.number().int(), name: z.string(), employeeNo: z.string() });
export type MeetingPerson = z.infer<typeof meetingPersonSchema>;

export const meetingOrgSchema = z.object({ id: z.number().int(), code: z.string(), name: z.string(), kind: orgKindSchema });

export const meetingWarningSchema = z.object({
  /** first_topic_missing | first_topic_not_first | no_attendees | not_recorded | talk_needs_two | org_kind */
  code: z.string(),
  message: z.string(),
});
export type MeetingWarning = z.infer<typeof meetingWarningSchema>;

export const attendanceSummarySchema = z.object({
  expected: z.number().int(),
  present: z.number().int(),
  leave: z.number().int(),
  absent: z.number().int(),
  pending: z.number().int(),
  /** Present among the expected (non-expected guests excluded), 0..1; null when nobody was expected. */
  rate: z.number().nullable(),
});
export type AttendanceSummary = z.infer<typeof attendanceSummarySchema>;

export const meetingListItemSchema = z.object({
  id: z.number().int(),
  org: meetingOrgSchema,
  typeCode: z.string(),
  typeName: z.string(),
  category: meetingCategorySchema,
  title: z.string(),
  meetingDate: z.string(),
  startsAt: z.string(),
  endsAt: z.string().nullable(),
  place: z.string(),
  online: z.boolean(),
  status: meetingStatusSchema,
  /** A planned meeting whose date has passed (记录未补). */
  overdue: z.boolean(),
  firstTopicRequired: z.boolean(),
  hasFirstTopic: z.boolean(),
  studyMode: studyModeSchema.nullable(),
  attendance: attendanceSummarySchema,
});
export type MeetingListItem = z.infer<typeof meetingListItemSchema>;

export const agendaItemSchema = z.object({
  id: z.number().int(),
  position: z.number().int(),
  title: z.string(),
  isFirstTopic: z.boolean(),
  presenter: z.string().nullable(),
  notes: z.string(),
});
export type AgendaItem = z.infer<typeof agendaItemSchema>;

export const attendeeSchema = z.object({
  person: meetingPersonSchema,
  expected: z.boolean(),
  status: attendanceStatusSchema,
  leaveReason: z.string().nullable(),
  checkinMethod: z.enum(['code', 'recorder', 'makeup']).nullable(),
  checkedInAt: z.string().nullable(),
  /** Posts the person holds in the meeting's organisation (书记、组织委员 …). */
  posts: z.array(z.string()),
  makeup: z.object({ id: z.number().int(), status: z.enum(['assigned', 'done']), doneOn: z.string().nullable() }).nullable(),
});
export type Attendee = z.infer<typeof attendeeSchema>;

export const resolutionSchema = z.object({
  id: z.number().int(),
  position: z.number().int(),
  agendaItemId: z.number().int().nullable(),
  text: z.string(),
  task: z.object({ id: z.number().int(), title: z.string(), status: z.string(), dueOn: z.string() }).nullable(),
  decisionId: z.number().int().nullable(),
  /** The decision item (三会一层 register) made from this resolution, when there is one. */
  decision: z.object({ id: z.number().int(), title: z.string() }).nullable(),
  createdAt: z.string(),
});
export type Resolution = z.infer<typeof resolutionSchema>;

export const studyRecordSchema = z.object({
  mode: studyModeSchema,
  topic: z.string(),
  materials: z.string(),
  speaker: z.string().nullable(),
  hours: z.number(),
  planItemId: z.number().int().nullable(),
  planItemTopic: z.string().nullable(),
});
export type StudyRecord = z.infer<typeof studyRecordSchema>;

export const meetingDetailSchema = meetingListItemSchema.extend({
  type: meetingTypeSchema,
  onlineLink: z.string().nullable(),
  chair: meetingPersonSchema.nullable(),
  recorder: meetingPersonSchema.nullable(),
  counterpart: meetingPersonSchema.nullable(),
  minutes: z.string(),
  summary: z.string().nullable(),
  cancelReason: z.string().nullable(),
  heldAt: z.string().nullable(),
  agenda: z.array(agendaItemSchema),
  attendees: z.array(attendeeSchema),
  resolutions: z.array(resolutionSchema),
  study: studyRecordSchema.nullable(),
  files: z.array(fileRefSchema),
  warnings: z.array(meetingWarningSchema),
  checkin: z.object({ open: z.boolean(), expiresAt: z.string().nullable() }),
  /** What the actor may do here. */
  can: z.object({ edit: z.boolean(), record: z.boolean() }),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type MeetingDetail = z.infer<typeof meetingDetailSchema>;

// ---------------------------------------------------------------------------------------------------------
// Check-in
// ---------------------------------------------------------------------------------------------------------

export const checkinOpenSchema = z
  .object({
    minutes: z
      .number()
      .int()
      .min(5)
      .max(24 * 60)
      .default(120),
  })
  .strict();
export const checkinStateSchema = z.object({
  meetingId: z.number().int(),
  open: z.boolean(),
  code: z.string().nullable(),
  expiresAt: z.string().nullable(),
  /** The page a member opens to check in (encoded in the QR), relative to the site. */
  url: z.string().nullable(),
  /** The QR of the absolute check-in URL, as an SVG document (generated on the server, no internet needed). */
  qrSvg: z.string().nullable(),
  attendance: attendanceSummarySchema,
});
export type CheckinState = z.infer<typeof checkinStateSchema>;

export const checkinSubmitSchema = z
  .object({
    code: z
      .string()
      .trim()
      .transform((s) => s.toUpperCase())
      .pipe(z.string().regex(/^[A-Z0-9]{4,12}$/, 'a check-in code has 4 to 12 letters or digits')),
  })
  .strict();
export const checkinResultSchema = z.object({
  meetingId: z.number().int(),
  title: z.string(),
  orgName: z.string(),
  startsAt: z.string(),
  status: attendanceStatusSchema,
  /** Already checked in before (a repeat is not an error). */
  already: z.boolean(),
  expected: z.boolean(),
});
export type CheckinResult = z.infer<typeof checkinResultSchema>;

// ---------------------------------------------------------------------------------------------------------
// Resolutions → tasks
// ---------------------------------------------------------------------------------------------------------

export const resolutionCreateSchema = z
  .object({ text: z.string().trim().min(1).max(5000), agendaItemId: z.number().int().positive().nullable().optional() })
  .strict();
export type ResolutionCreateInput = z.infer<typeof resolutionCreateSchema>;

export const resolutionTaskSchema = z
  .object({
    title: z.string().trim().min(1).max(300).optional(),
    dueOn: isoDateSchema,
    responsibleUserId: z.number().int().positive().nullable().optional(),
    level: z.enum(['major_item', 'annual_target', 'action', 'subtask']).default('action'),
    responsibilityKind: z.enum(['principal', 'first', 'dual_role', 'joint']).default('principal'),
  })
  .strict();
export type ResolutionTaskInput = z.infer<typeof resolutionTaskSchema>;

// ---------------------------------------------------------------------------------------------------------
// Calendar, planned vs held, candidates
// ---------------------------------------------------------------------------------------------------------

export const calendarQuerySchema = z
  .object({
    orgId: z.coerce.number().int().positive().optional(),
    from: isoDateSchema,
    to: isoDateSchema,
    typeCode: z.string().max(400).optional(),
  })
  .strict();
export type CalendarQuery = z.infer<typeof calendarQuerySchema>;

export const calendarItemSchema = z.object({
  id: z.number().int(),
  orgId: z.number().int(),
  orgName: z.string(),
  typeCode: z.string(),
  typeName: z.string(),
  title: z.string(),
  meetingDate: z.string(),
  startsAt: z.string(),
  endsAt: z.string().nullable(),
  place: z.string(),
  status: meetingStatusSchema,
  overdue: z.boolean(),
});
export type CalendarItem = z.infer<typeof calendarItemSchema>;
export const calendarSchema = z.object({ items: z.array(calendarItemSchema), truncated: z.boolean() });

export const plannedHeldQuerySchema = z
  .object({ orgId: z.coerce.number().int().positive().optional(), year: z.coerce.number().int().min(2000).max(2100) })
  .strict();
export const plannedHeldSchema = z.object({
  year: z.number().int(),
  rows: z.array(
    z.object({
      typeCode: z.string(),
      typeName: z.string(),
      planned: z.number().int(),
      held: z.number().int(),
      cancelled: z.number().int(),
      overdue: z.number().int(),
      upcoming: z.number().int(),
    }),
  ),
});
export type PlannedHeld = z.infer<typeof plannedHeldSchema>;

export const candidateQuerySchema = z
  .object({
    orgId: z.coerce.number().int().positive(),
    typeCode: z.string().max(40).optional(),
    q: z.string().trim().max(64).optional(),
    limit: z.coerce.number().int().min(1).max(2000).default(500),
  })
  .strict();
export const candidateSchema = meetingPersonSchema.extend({
  partyStatus: z.string(),
  orgName: z.string().nullable(),
  posts: z.array(z.string()),
  /** In the type's default expected list. */
  suggested: z.boolean(),
});
export type Candidate = z.infer<typeof candidateSchema>;

// ---------------------------------------------------------------------------------------------------------
// Learning (五学)
// ---------------------------------------------------------------------------------------------------------

export const studyPlanItemInputSchema = z
  .object({
    /** An existing item to keep (its recorded sessions stay linked); omitted → a new item. */
    id: z.number().int().positive().optional(),
    topic: z.string().trim().min(1).max(300),
    materials: z.string().max(5000).default(''),
    mode: studyModeSchema.nullable().optional(),
    plannedMonth: z
      .string()
      .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected YYYY-MM')
      .nullable()
      .optional(),
    plannedHours: z.number().min(0).max(200).nullable().optional(),
  })
  .strict();
export type StudyPlanItemInput = z.infer<typeof studyPlanItemInputSchema>;

export const studyPlanCreateSchema = z
  .object({
    orgId: z.number().int().positive(),
    year: z.number().int().min(2000).max(2100),
    title: z.string().trim().min(1).max(200),
    description: z.string().max(5000).default(''),
    targetHours: z.number().min(0).max(1000).nullable().optional(),
    items: z.array(studyPlanItemInputSchema).max(200).default([]),
  })
  .strict();
export type StudyPlanCreateInput = z.infer<typeof studyPlanCreateSchema>;
export const studyPlanUpdateSchema = studyPlanCreateSchema.omit({ orgId: true, year: true }).partial().strict();
export type StudyPlanUpdateInput = z.infer<typeof studyPlanUpdateSchema>;

export const studyPlanListQuerySchema = z
  .object({ orgId: z.coerce.number().int().positive().optional(), year: z.coerce.number().int().min(2000).max(2100).optional() })
  .strict();

export const studyPlanItemSchema = z.object({
  id: z.number().int(),
  position: z.number().int(),
  topic: z.string(),
  materials: z.string(),
  mode: studyModeSchema.nullable(),
  plannedMonth: z.string().nullable(),
  plannedHours: z.number().nullable(),
  /** Study sessions recorded against this topic (held). */
  sessions: z.number().int(),
  done: z.boolean(),
});
export const studyPlanSchema = z.object({
  id: z.number().int(),
  org: meetingOrgSchema,
  year: z.number().int(),
  title: z.string(),
  description: z.string(),
  targetHours: z.number().nullable(),
  status: z.enum(['active', 'archived']),
  items: z.array(studyPlanItemSchema),
  progress: z.object({ items: z.number().int(), done: z.number().int() }),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type StudyPlan = z.infer<typeof studyPlanSchema>;

export const learningStatsQuerySchema = z
  .object({ orgId: z.coerce.number().int().positive().optional(), year: z.coerce.number().int().min(2000).max(2100) })
  .strict();
export const learningStatsSchema = z.object({
  org: meetingOrgSchema,
  year: z.number().int(),
  members: z.number().int(),
  sessions: z.number().int(),
  hours: z.number(),
  hoursPerMember: z.number().nullable(),
  attendanceRate: z.number().nullable(),
  reflections: z.object({ submitted: z.number().int(), approved: z.number().int(), returned: z.number().int() }),
  makeups: z.object({ assigned: z.number().int(), done: z.number().int() }),
  byMode: z.array(z.object({ mode: studyModeSchema, sessions: z.number().int(), hours: z.number() })),
  byMonth: z.array(z.object({ month: z.string(), sessions: z.number().int(), personHours: z.number() })),
  children: z.array(
    z.object({
      org: meetingOrgSchema,
      members: z.number().int(),
      sessions: z.number().int(),
      personHours: z.number(),
      hoursPerMember: z.number().nullable(),
      attendanceRate: z.number().nullable(),
      reflections: z.number().int(),
    }),
  ),
});
export type LearningStats = z.infer<typeof learningStatsSchema>;

export const learningPeopleQuerySchema = pagingSchema
  .extend({
    orgId: z.coerce.number().int().positive().optional(),
    year: z.coerce.number().int().min(2000).max(2100),
    q: z.string().trim().max(64).optional(),
    sort: z.enum(['hours', 'name', 'reflections']).default('hours'),
    order: z.enum(['asc', 'desc']).default('desc'),
  })
  .strict();
export type LearningPeopleQuery = z.infer<typeof learningPeopleQuerySchema>;
export const learningPersonSchema = z.object({
  person: meetingPersonSchema,
  orgName: z.string().nullable(),
  sessionsExpected: z.number().int(),
  sessionsPresent: z.number().int(),
  makeupsDone: z.number().int(),
  makeupsOpen: z.number().int(),
  hours: z.number(),
  reflections: z.number().int(),
});
export type LearningPerson = z.infer<typeof learningPersonSchema>;

export const REFLECTION_STATUSES = ['submitted', 'approved', 'returned'] as const;
export const reflectionStatusSchema = z.enum(REFLECTION_STATUSES);
export const reflectionCreateSchema = z
  .object({
    meetingId: z.number().int().positive().nullable().optional(),
    planItemId: z.number().int().positive().nullable().optional(),
    title: z.string().trim().min(1).max(200),
    body: z.string().trim().min(20, 'at least 20 characters').max(20_000),
  })
  .strict();
export type ReflectionCreateInput = z.infer<typeof reflectionCreateSchema>;
export const reflectionReviewSchema = z
  .object({ decision: z.enum(['approved', 'returned']), comment: z.string().trim().max(1000).nullable().optional() })
  .strict()
  .refine((r) => r.decision !== 'returned' || !!r.comment, { message: 'say why it is returned', path: ['comment'] });
export type ReflectionReviewInput = z.infer<typeof reflectionReviewSchema>;
export const reflectionListQuerySchema = pagingSchema
  .extend({
    orgId: z.coerce.number().int().positive().optional(),
    status: reflectionStatusSchema.optional(),
    mine: z.enum(['true', 'false']).optional(),
    year: z.coerce.number().int().min(2000).max(2100).optional(),
    q: z.string().trim().max(100).optional(),
  })
  .strict();
export type ReflectionListQuery = z.infer<typeof reflectionListQuerySchema>;
export const reflectionSchema = z.object({
  id: z.number().int(),
  person: meetingPersonSchema,
  org: meetingOrgSchema,
  meeting: z.object({ id: z.number().int(), title: z.string(), meetingDate: z.string() }).nullable(),
  title: z.string(),
  body: z.string(),
  status: reflectionStatusSchema,
  reviewComment: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  submittedOn: z.string(),
  canReview: z.boolean(),
});
export type Reflection = z.infer<typeof reflectionSchema>;

export const makeupAssignSchema = z
  .object({
    /** Absent / on-leave attendees to assign; omitted → all of them. */
    personIds: z.array(z.number().int().positive()).max(5000).optional(),
    dueOn: isoDateSchema.nullable().optional(),
  })
  .strict();
export const makeupDoneSchema = z
  .object({
    doneOn: isoDateSchema,
    hours: z.number().min(0).max(40).nullable().optional(),
    note: z.string().trim().max(1000).nullable().optional(),
  })
  .strict();
export type MakeupDoneInput = z.infer<typeof makeupDoneSchema>;
export const makeupListQuerySchema = pagingSchema
  .extend({ orgId: z.coerce.number().int().positive().optional(), status: z.enum(['assigned', 'done']).optional() })
  .strict();
export const makeupSchema = z.object({
  id: z.number().int(),
  person: meetingPersonSchema,
  meeting: z.object({ id: z.number().int(), title: z.string(), meetingDate: z.string(), orgName: z.string() }),
  status: z.enum(['assigned', 'done']),
  dueOn: z.string().nullable(),
  doneOn: z.string().nullable(),
  hours: z.number().nullable(),
  note: z.string().nullable(),
});
export type Makeup = z.infer<typeof makeupSchema>;

// ---------------------------------------------------------------------------------------------------------
// Compliance (基层党建标准化)
// ---------------------------------------------------------------------------------------------------------

export const COMPLIANCE_PERIODS = ['month', 'quarter', 'year'] as const;
export const compliancePeriodSchema = z.enum(COMPLIANCE_PERIODS);
export const COMPLIANCE_APPLIES_TO = ['branch', 'branch_with_committee', 'group', 'branch_talk_coverage'] as const;
export const complianceAppliesToSchema = z.enum(COMPLIANCE_APPLIES_TO);

export const complianceRuleSchema = z.object({
  code: z.string(),
  meetingTypeCode: z.string(),
  meetingTypeName: z.string(),
  period: compliancePeriodSchema,
  minCount: z.number().int(),
  appliesTo: complianceAppliesToSchema,
  coverage: z.number().nullable(),
  source: z.string(),
  active: z.boolean(),
  updatedBy: z.string(),
  updatedAt: z.string(),
});
export type ComplianceRule = z.infer<typeof complianceRuleSchema>;
export const complianceRuleUpdateSchema = z
  .object({
    period: compliancePeriodSchema.optional(),
    minCount: z.number().int().min(1).max(100).optional(),
    coverage: z.number().min(0).max(1).nullable().optional(),
    source: z.string().trim().min(1).max(300).optional(),
    active: z.boolean().optional(),
  })
  .strict();
export type ComplianceRuleUpdate = z.infer<typeof complianceRuleUpdateSchema>;

/** A cell's state: ok (all due met), miss (a period ended unmet), open (due but the period is still running), na (nothing due). */
export const CELL_STATES = ['ok', 'miss', 'open', 'na'] as const;
export const cellStateSchema = z.enum(CELL_STATES);
export type CellState = z.infer<typeof cellStateSchema>;

export const complianceMatrixQuerySchema = z
  .object({
    orgId: z.coerce.number().int().positive().optional(),
    year: z.coerce.number().int().min(2000).max(2100),
    /** children (default): one row per child organisation, aggregated over its branches; branches: every branch of the subtree (paged). */
    view: z.enum(['children', 'branches']).default('children'),
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(10_000).default(500),
    onlyMissing: z.enum(['true', 'false']).optional(),
  })
  .strict();
export type ComplianceMatrixQuery = z.infer<typeof complianceMatrixQuerySchema>;

export const complianceCellSchema = z.object({
  state: cellStateSchema,
  /** Branches (or groups) in the row with something missed in the month / with everything due met. */
  missed: z.number().int(),
  met: z.number().int(),
});
export type ComplianceCell = z.infer<typeof complianceCellSchema>;

export const complianceRowSchema = z.object({
  org: meetingOrgSchema,
  /** A branch row (its own rules) or an aggregate over the branches below. */
  branch: z.boolean(),
  drillable: z.boolean(),
  branches: z.number().int(),
  /** 12 month cells and the year's own obligations (组织生活会, 民主评议, 谈心谈话). */
  months: z.array(complianceCellSchema),
  year: complianceCellSchema,
  /** Obligations met / due so far in the year (periods ended by asOf). */
  met: z.number().int(),
  due: z.number().int(),
  rate: z.number().nullable(),
});
export type ComplianceRow = z.infer<typeof complianceRowSchema>;

export const complianceMatrixSchema = z.object({
  org: meetingOrgSchema,
  ancestors: z.array(meetingOrgSchema),
  year: z.number().int(),
  asOf: z.string(),
  view: z.enum(['children', 'branches']),
  rows: z.array(complianceRowSchema),
  total: z.number().int(),
  totals: z.object({ branches: z.number().int(), met: z.number().int(), due: z.number().int(), rate: z.number().nullable() }),
  rules: z.array(complianceRuleSchema),
  /** Server time spent computing (ms), for the bench. */
  computeMs: z.number(),
});
export type ComplianceMatrix = z.infer<typeof complianceMatrixSchema>;

export const complianceBranchQuerySchema = z
  .object({ year: z.coerce.number().int().min(2000).max(2100), month: z.coerce.number().int().min(1).max(12).optional() })
  .strict();

export const obligationSchema = z.object({
  ruleCode: z.string(),
  meetingTypeCode: z.string(),
  meetingTypeName: z.string(),
  /** The organisation that owes it (the branch, or one of its groups). */
  org: meetingOrgSchema,
  period: compliancePeriodSchema,
  /** e.g. 2026-03, 2026-Q1, 2026 */
  periodKey: z.string(),
  periodStart: z.string(),
  periodEnd: z.string(),
  required: z.number().int(),
  held: z.number().int(),
  /** Coverage rules: members covered / members. */
  covered: z.number().int().nullable(),
  members: z.number().int().nullable(),
  state: cellStateSchema,
  source: z.string(),
  meetings: z.array(z.object({ id: z.number().int(), title: z.string(), meetingDate: z.string() })),
});
export type Obligation = z.infer<typeof obligationSchema>;

export const complianceBranchSchema = z.object({
  org: meetingOrgSchema,
  year: z.number().int(),
  asOf: z.string(),
  hasCommittee: z.boolean(),
  foundedOn: z.string().nullable(),
  groups: z.array(meetingOrgSchema),
  obligations: z.array(obligationSchema),
  /** What is missing in the current period (or the month asked): missed, and still open but not yet held. */
  missingNow: z.array(obligationSchema),
  /** Members with no organisational life for 4+ months (toward the 6-month rule). */
  inactiveMembers: z.array(
    z.object({
      person: meetingPersonSchema,
      months: z.number().int(),
      lastAttendedOn: z.string().nullable(),
      state: z.enum(['approaching', 'lapsed']),
    }),
  ),
});
export type ComplianceBranch = z.infer<typeof complianceBranchSchema>;
