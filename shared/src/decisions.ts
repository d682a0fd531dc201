import { z } from 'zod';
import { isoDateSchema, pagingSchema } from './common.js';
import { orgRefSchema, supervisionLevelSchema, taskLevelSchema, taskPrioritySchema, taskStatusSchema, userRefSchema } from './tasks.js';

/** 决策事项 status: 已决策 → 落实中 → 已办结; 已撤销. */
export const DECISION_STATUSES = ['decided', 'in_progress', 'completed', 'cancelled'] as const;
export const decisionStatusSchema = z.enum(DECISION_STATUSES);
export type DecisionStatus = z.infer<typeof decisionStatusSchema>;

/**
 * The pre-study (前置研究讨论) check of a decision:
 * `not_required` — the body or the category does not need it;
 * `ok` — a 党委会 studied it on an earlier day, or earlier the same day (both meeting times known);
 * `missing` — no (or only a cancelled) 党委会 is linked → violation;
 * `late` — the 党委会 was on a later day, or the same day but not before the decision meeting → violation;
 * `same_day_unverified` — the same day, but the decision has no meeting whose start time proves the order → warning.
 */
export const PRE_STUDY_STATUSES = ['not_required', 'ok', 'missing', 'late', 'same_day_unverified'] as const;
export const preStudyStatusSchema = z.enum(PRE_STUDY_STATUSES);
export type PreStudyStatus = z.infer<typeof preStudyStatusSchema>;

export const PRE_STUDY_SEVERITIES = ['none', 'ok', 'warning', 'violation'] as const;
export type PreStudySeverity = (typeof PRE_STUDY_SEVERITIES)[number];

/** The list filter over the check: a status, or every violation / every problem (violation + warning). */
export const PRE_STUDY_FILTERS = [...PRE_STUDY_STATUSES, 'violation', 'problem'] as const;

/** The regulation the pre-study rule comes from (RULES.md, "State-owned enterprises"). */
export const PRE_STUDY_RULE = {
  code: 'soe.pre_study',
  source: '《中国共产党国有企业基层组织工作条例（试行）》(2019)',
  sourceEn: 'Regulations on the Work of Grassroots Party Organisations in State-Owned Enterprises (Trial), 2019',
} as const;

/** A body of 三会一层 (data): 党委会, 董事会, 经理层 (总经理办公会), 职代会 … */
export const decisionBodySchema = z.object({
  code: z.string(),
  name: z.string(),
  nameEn: z.string(),
  /** Its 重大经营管理事项 need the party committee's pre-study (董事会, 经理层). */
  requiresPreStudy: z.boolean(),
  /** It is the body that does the pre-study (党委会). */
  isPreStudyBody: z.boolean(),
  sortOrder: z.number().int(),
  active: z.boolean(),
});
export type DecisionBody = z.infer<typeof decisionBodySchema>;

/** A category of decision items (data), e.g. 重大决策 in the group 重大经营管理事项（三重一大）. */
export const decisionCategorySchema = z.object({
  code: z.string(),
  name: z.string(),
  nameEn: z.string(),
  groupName: z.string().nullable(),
  groupNameEn: z.string().nullable(),
  /** Items of this category are 重大经营管理事项 that need pre-study when a board / management decides them. */
  requiresPreStudy: z.boolean(),
  sortOrder: z.number().int(),
  active: z.boolean(),
});
export type DecisionCategory = z.infer<typeof decisionCategorySchema>;

const codeSchema = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_]{1,39}$/, 'lower-case letters, digits and _');

/** `POST /api/decision-categories` (and PATCH without `code`): the category list is data an operator extends. */
export const decisionCategoryUpsertSchema = z
  .object({
    code: codeSchema,
    name: z.string().trim().min(1).max(64),
    nameEn: z.string().trim().min(1).max(100),
    groupName: z.string().trim().max(64).nullable().optional(),
    groupNameEn: z.string().trim().max(100).nullable().optional(),
    requiresPreStudy: z.boolean(),
    sortOrder: z.number().int().min(0).max(10000).default(100),
    active: z.boolean().default(true),
  })
  .strict();
export type DecisionCategoryUpsertInput = z.infer<typeof decisionCategoryUpsertSchema>;
export const decisionCategoryUpdateSchema = decisionCategoryUpsertSchema.omit({ code: true }).partial().strict();
export type DecisionCategoryUpdateInput = z.infer<typeof decisionCategoryUpdateSchema>;

/** `PATCH /api/decision-bodies/:code`: whether a body's major matters need pre-study, its names, order, use. */
export const decisionBodyUpdateSchema = z
  .object({
    name: z.string().trim().min(1).max(64),
    nameEn: z.string().trim().min(1).max(100),
    requiresPreStudy: z.boolean(),
    sortOrder: z.number().int().min(0).max(10000),
    active: z.boolean(),
  })
  .partial()
  .strict();
export type DecisionBodyUpdateInput = z.infer<typeof decisionBodyUpdateSchema>;

const idSchema = z.number().int().positive();
const optionalId = idSchema.nullable().optional();

const decisionFields = {
  title: z.string().trim().min(1).max(300),
  /** 文号 / 纪要号, e.g. 董事会〔2026〕5号. */
  docNo: z.string().trim().max(60).nullable().optional(),
  bodyCode: z.string().trim().min(1).max(30),
  categoryCode: z.string().trim().min(1).max(40),
  /** The day of the decision; with a meeting linked it must be the meeting's date. */
  decidedOn: isoDateSchema,
  meetingId: optionalId,
  agendaItemId: optionalId,
  summary: z.string().trim().max(5000).default(''),
  ownerUserId: optionalId,
  /** 牵头部门, e.g. 财务部 (departments are not party organisations). */
  ownerDepartment: z.string().trim().max(100).nullable().optional(),
  reviewOn: isoDateSchema.nullable().optional(),
  status: decisionStatusSchema.default('decided'),
  preStudyMeetingId: optionalId,
  preStudyAgendaItemId: optionalId,
  preStudyNote: z.string().trim().max(500).nullable().optional(),
};

/** `POST /api/decisions`: a decision item of an organisation's register. */
export const decisionCreateSchema = z.object({ orgId: idSchema, ...decisionFields }).strict();
export type DecisionCreateInput = z.infer<typeof decisionCreateSchema>;

/** `PATCH /api/decisions/:id`: any field but the organisation. */
export const decisionUpdateSchema = z
  .object({
    title: decisionFields.title.optional(),
    docNo: decisionFields.docNo,
    bodyCode: decisionFields.bodyCode.optional(),
    categoryCode: decisionFields.categoryCode.optional(),
    decidedOn: isoDateSchema.optional(),
    meetingId: optionalId,
    agendaItemId: optionalId,
    summary: z.string().trim().max(5000).optional(),
    ownerUserId: optionalId,
    ownerDepartment: decisionFields.ownerDepartment,
    reviewOn: decisionFields.reviewOn,
    status: decisionStatusSchema.optional(),
    preStudyMeetingId: optionalId,
    preStudyAgendaItemId: optionalId,
    preStudyNote: decisionFields.preStudyNote,
  })
  .strict();
export type DecisionUpdateInput = z.infer<typeof decisionUpdateSchema>;

/**
 * `POST /api/decisions/from-resolution/:id`: a meeting resolution becomes a decision item (linked both ways). The
 * meeting, agenda item, date, body and organisation come from the meeting; the text is the default summary.
 */
export const decisionFromResolutionSchema = z
  .object({
    title: decisionFields.title.optional(),
    categoryCode: decisionFields.categoryCode,
    docNo: decisionFields.docNo,
    summary: z.string().trim().max(5000).optional(),
    ownerUserId: optionalId,
    ownerDepartment: decisionFields.ownerDepartment,
    reviewOn: decisionFields.reviewOn,
    preStudyMeetingId: optionalId,
    preStudyAgendaItemId: optionalId,
    preStudyNote: decisionFields.preStudyNote,
  })
  .strict();
export type DecisionFromResolutionInput = z.infer<typeof decisionFromResolutionSchema>;

/** Comma-separated (or repeated) values in a query string. */
function listOf<T extends z.ZodTypeAny>(item: T) {
  return z.preprocess((v) => (typeof v === 'string' ? v.split(',').filter((s) => s.length > 0) : v), z.array(item).max(20).optional());
}

export const DECISION_SORTS = ['decidedOn', 'title', 'reviewOn', 'status', 'body', 'preStudy', 'createdAt'] as const;

/** `GET /api/decisions` (and the .xlsx export): a year, bodies, categories, statuses, the pre-study check, search. */
export const decisionListQuerySchema = pagingSchema
  .extend({
    year: z.coerce.number().int().min(1990).max(2100).optional(),
    body: listOf(z.string().trim().min(1).max(30)),
    category: listOf(z.string().trim().min(1).max(40)),
    status: listOf(decisionStatusSchema),
    preStudy: z.enum(PRE_STUDY_FILTERS).optional(),
    /** Only items whose review date has come (on or before today) and that are not finished. */
    reviewDue: z.enum(['true', 'false']).optional(),
    orgId: z.coerce.number().int().positive().optional(),
    q: z.string().trim().max(100).optional(),
    sort: z.enum(DECISION_SORTS).default('decidedOn'),
    order: z.enum(['asc', 'desc']).default('desc'),
  })
  .strict();
export type DecisionListQuery = z.infer<typeof decisionListQuerySchema>;

/** A meeting as the register shows it (from the meetings module). */
export const decisionMeetingRefSchema = z.object({
  id: z.number().int(),
  title: z.string(),
  typeCode: z.string(),
  typeName: z.string(),
  orgId: z.number().int(),
  date: z.string(),
  startsAt: z.string(),
  status: z.string(),
});
export type DecisionMeetingRef = z.infer<typeof decisionMeetingRefSchema>;

export const decisionAgendaRefSchema = z.object({ id: z.number().int(), position: z.number().int(), title: z.string() });

/** The pre-study check as shown next to every item: the rule and its source, the 党委会 that studied it. */
export const preStudyCheckSchema = z.object({
  required: z.boolean(),
  status: preStudyStatusSchema,
  severity: z.enum(PRE_STUDY_SEVERITIES),
  meeting: decisionMeetingRefSchema.nullable(),
  agendaItem: decisionAgendaRefSchema.nullable(),
  note: z.string().nullable(),
  /** Stable rule code (soe.pre_study). */
  rule: z.string(),
  /** What is wrong (or right), in Chinese, naming the rule. */
  message: z.string(),
  /** The regulation. */
  source: z.string(),
});
export type PreStudyCheck = z.infer<typeof preStudyCheckSchema>;

/** 决策事项跟踪督办: the follow-up tasks of a decision, rolled up. */
export const decisionFollowUpRollupSchema = z.object({
  /** Follow-up tasks (cancelled ones not counted). */
  total: z.number().int(),
  /** Still owed by the executors (issued / accepted / in progress / returned). */
  open: z.number().int(),
  /** Reported and awaiting 验收. */
  reported: z.number().int(),
  /** Verified or closed. */
  verified: z.number().int(),
  /** Open and past the due date. */
  overdue: z.number().int(),
  /** Mean reported progress of the tasks (each with its own roll-up), 0–100, one decimal. */
  progress: z.number(),
  /** Mean verified completion, 0–100, one decimal. */
  verifiedCompletion: z.number(),
  /** The earliest due date of an open task. */
  nextDueOn: z.string().nullable(),
});
export type DecisionFollowUpRollup = z.infer<typeof decisionFollowUpRollupSchema>;

/** A decision item as the register lists it. */
export const decisionSchema = z.object({
  id: z.number().int(),
  org: orgRefSchema,
  title: z.string(),
  docNo: z.string().nullable(),
  body: z.object({ code: z.string(), name: z.string(), nameEn: z.string() }),
  category: z.object({
    code: z.string(),
    name: z.string(),
    nameEn: z.string(),
    groupName: z.string().nullable(),
    groupNameEn: z.string().nullable(),
  }),
  decidedOn: z.string(),
  meeting: decisionMeetingRefSchema.nullable(),
  agendaItem: decisionAgendaRefSchema.nullable(),
  resolution: z.object({ id: z.number().int(), meetingId: z.number().int(), text: z.string() }).nullable(),
  summary: z.string(),
  ownerUser: userRefSchema.nullable(),
  ownerDepartment: z.string().nullable(),
  reviewOn: z.string().nullable(),
  /** The review date has come and the item is not finished. */
  reviewDue: z.boolean(),
  status: decisionStatusSchema,
  preStudy: preStudyCheckSchema,
  followUp: decisionFollowUpRollupSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Decision = z.infer<typeof decisionSchema>;

/** A follow-up task as the decision's page lists it. */
export const decisionFollowUpTaskSchema = z.object({
  id: z.number().int(),
  title: z.string(),
  org: orgRefSchema,
  responsibleUser: userRefSchema.nullable(),
  status: taskStatusSchema,
  dueOn: z.string(),
  progress: z.number(),
  verifiedCompletion: z.number(),
  supervisionLevel: supervisionLevelSchema,
  overdueDays: z.number().int(),
  flagged: z.boolean(),
});
export type DecisionFollowUpTask = z.infer<typeof decisionFollowUpTaskSchema>;

/** `GET /api/decisions/:id`: the item, its follow-up tasks and what the user may do. */
export const decisionDetailSchema = decisionSchema.extend({
  followUpTasks: z.array(decisionFollowUpTaskSchema),
  canEdit: z.boolean(),
  /** The user may create follow-up tasks (operates an organisation through the task engine). */
  canAddFollowUp: z.boolean(),
});
export type DecisionDetail = z.infer<typeof decisionDetailSchema>;

/**
 * `POST /api/decisions/:id/follow-ups`: a follow-up task created through the task engine (a top task of the
 * executing organisation, linked to the decision) and, by default, issued (下达) at once.
 */
export const decisionFollowUpCreateSchema = z
  .object({
    title: z.string().trim().min(1).max(300),
    description: z.string().trim().max(5000).default(''),
    orgId: idSchema,
    responsibleUserId: optionalId,
    dueOn: isoDateSchema,
    level: taskLevelSchema.default('action'),
    priority: taskPrioritySchema.default('normal'),
    issue: z.boolean().default(true),
  })
  .strict();
export type DecisionFollowUpCreateInput = z.infer<typeof decisionFollowUpCreateSchema>;

/** `GET /api/decisions/meeting-options`: meetings a decision (or its pre-study) can link to. */
export const decisionMeetingOptionsQuerySchema = z
  .object({
    orgId: z.coerce.number().int().positive(),
    /** `pre_study` = 党委会 meetings; a body code = that body's meetings. */
    purpose: z.string().trim().min(1).max(30),
    before: isoDateSchema.optional(),
    q: z.string().trim().max(100).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(30),
  })
  .strict();
export type DecisionMeetingOptionsQuery = z.infer<typeof decisionMeetingOptionsQuerySchema>;

export const decisionMeetingOptionSchema = decisionMeetingRefSchema.extend({
  orgName: z.string(),
  agendaItems: z.array(decisionAgendaRefSchema),
});
export type DecisionMeetingOption = z.infer<typeof decisionMeetingOptionSchema>;

/** `GET /api/decisions/stats`: counts per body and pre-study check in a year (register header). */
export const decisionStatsSchema = z.object({
  year: z.number().int().nullable(),
  total: z.number().int(),
  byBody: z.array(z.object({ code: z.string(), name: z.string(), nameEn: z.string(), n: z.number().int() })),
  preStudyRequired: z.number().int(),
  violations: z.number().int(),
  warnings: z.number().int(),
  reviewDue: z.number().int(),
  overdueFollowUps: z.number().int(),
});
export type DecisionStats = z.infer<typeof decisionStatsSchema>;

/** `GET /api/decisions/stats`: a year and an organisation (default: the whole scope). */
export const decisionStatsQuerySchema = z
  .object({
    year: z.coerce.number().int().min(1990).max(2100).optional(),
    orgId: z.coerce.number().int().positive().optional(),
  })
  .strict();
export type DecisionStatsQuery = z.infer<typeof decisionStatsQuerySchema>;
