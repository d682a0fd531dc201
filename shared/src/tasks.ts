import { z } from 'zod';
import { orgKindSchema, roleSchema } from './access.js';
import { isoDateSchema, pagingSchema } from './common.js';
import { importModeSchema, importRowErrorSchema } from './orgs.js';

/** 任务清单 levels: 重大事项 → 年度指标 → 具体实施 → 子项. */
export const TASK_LEVELS = ['major_item', 'annual_target', 'action', 'subtask'] as const;
export const taskLevelSchema = z.enum(TASK_LEVELS);
export type TaskLevel = z.infer<typeof taskLevelSchema>;

/** The closed loop: 草稿 → 已下达 → 已签收 → 执行中 → 已反馈 → 已验收 | 已退回 → 已销号; 已取消. */
export const TASK_STATUSES = [
  'draft',
  'issued',
  'accepted',
  'in_progress',
  'reported',
  'verified',
  'returned',
  'closed',
  'cancelled',
] as const;
export const taskStatusSchema = z.enum(TASK_STATUSES);
export type TaskStatus = z.infer<typeof taskStatusSchema>;

/** Statuses in which the executor still owes work (these can turn yellow / red). */
export const TASK_OPEN_STATUSES = ['issued', 'accepted', 'in_progress', 'returned'] as const satisfies readonly TaskStatus[];

/** 四责一体: 主体责任 / 第一责任 / 一岗双责 / 党政同责. */
export const RESPONSIBILITY_KINDS = ['principal', 'first', 'dual_role', 'joint'] as const;
export const responsibilityKindSchema = z.enum(RESPONSIBILITY_KINDS);
export type ResponsibilityKind = z.infer<typeof responsibilityKindSchema>;

export const TASK_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export const taskPrioritySchema = z.enum(TASK_PRIORITIES);
export type TaskPriority = z.infer<typeof taskPrioritySchema>;

/** 督办 levels computed from the dates: yellow = due soon and not reported, red = overdue. */
export const SUPERVISION_LEVELS = ['none', 'yellow', 'red'] as const;
export const supervisionLevelSchema = z.enum(SUPERVISION_LEVELS);
export type SupervisionLevel = z.infer<typeof supervisionLevelSchema>;

export const RECURRENCES = ['none', 'monthly', 'quarterly'] as const;
export const recurrenceSchema = z.enum(RECURRENCES);
export type Recurrence = z.infer<typeof recurrenceSchema>;

/** Every action of the closed loop, as the state machine names them. */
export const TASK_ACTIONS = [
  'edit',
  'issue',
  'issue_down',
  'accept',
  'start',
  'decompose',
  'note',
  'report',
  'verify',
  'return',
  'close',
  'cancel',
  'flag',
  'unflag',
  'answer_notice',
] as const;
export const taskActionSchema = z.enum(TASK_ACTIONS);
export type TaskAction = z.infer<typeof taskActionSchema>;

/** Timeline entry kinds. */
export const TASK_EVENT_KINDS = [
  'created',
  'edited',
  'issued',
  'issued_down',
  'received',
  'accepted',
  'started',
  'decomposed',
  'note',
  'reported',
  'verified',
  'returned',
  'closed',
  'cancelled',
  'flagged',
  'unflagged',
  'notice_answered',
  'escalated',
  'stale',
  'supervision_changed',
  'occurrence_created',
] as const;
export const taskEventKindSchema = z.enum(TASK_EVENT_KINDS);
export type TaskEventKind = z.infer<typeof taskEventKindSchema>;

const idSchema = z.number().int().positive();
const titleSchema = z.string().trim().min(1).max(300);
const textSchema = z.string().trim().max(5000);
const percentSchema = z.number().min(0).max(100);
const weightSchema = z.number().min(0).max(1000);
const fileIdsSchema = z.array(idSchema).max(20).default([]);

/** `POST /api/tasks`: a draft owned by `orgId` (the issuing organisation), optionally under a parent draft/task. */
export const taskCreateSchema = z
  .object({
    level: taskLevelSchema,
    parentId: idSchema.optional(),
    title: titleSchema,
    description: textSchema.default(''),
    orgId: idSchema,
    responsibleUserId: idSchema.nullable().optional(),
    responsibilityKind: responsibilityKindSchema.default('principal'),
    priority: taskPrioritySchema.default('normal'),
    startOn: isoDateSchema.nullable().optional(),
    dueOn: isoDateSchema,
    targetValue: z.number().finite().nullable().optional(),
    targetUnit: z.string().trim().max(20).nullable().optional(),
    weight: weightSchema.default(1),
    frameworkNodeIds: z.array(idSchema).max(20).default([]),
    participantUserIds: z.array(idSchema).max(100).default([]),
    recurrence: recurrenceSchema.default('none'),
  })
  .strict();
export type TaskCreateInput = z.infer<typeof taskCreateSchema>;

/** `PATCH /api/tasks/:id`: the issuing side edits an open task (recurrence only while a draft). */
export const taskUpdateSchema = z
  .object({
    title: titleSchema.optional(),
    description: textSchema.optional(),
    level: taskLevelSchema.optional(),
    responsibleUserId: idSchema.nullable().optional(),
    responsibilityKind: responsibilityKindSchema.optional(),
    priority: taskPrioritySchema.optional(),
    startOn: isoDateSchema.nullable().optional(),
    dueOn: isoDateSchema.optional(),
    targetValue: z.number().finite().nullable().optional(),
    targetUnit: z.string().trim().max(20).nullable().optional(),
    weight: weightSchema.optional(),
    frameworkNodeIds: z.array(idSchema).max(20).optional(),
    participantUserIds: z.array(idSchema).max(100).optional(),
    recurrence: recurrenceSchema.optional(),
  })
  .strict();
export type TaskUpdateInput = z.infer<typeof taskUpdateSchema>;

/** A set of recipient organisations: explicit ids, and/or every active org of a kind under an org. */
export const taskRecipientsSchema = z
  .object({
    orgIds: z.array(idSchema).max(10000).default([]),
    under: z.object({ orgId: idSchema, kind: orgKindSchema }).strict().optional(),
  })
  .strict();
export type TaskRecipients = z.infer<typeof taskRecipientsSchema>;

/** `POST /api/tasks/:id/issue` (下达). Without recipients the draft itself is issued to its org. */
export const taskIssueSchema = z
  .object({
    recipients: taskRecipientsSchema.optional(),
    /** Level of the children; default one level below the task (子项 stays 子项). */
    childLevel: taskLevelSchema.optional(),
    /** Due date of the children; default the task's own. */
    childDueOn: isoDateSchema.optional(),
    responsibilityKind: responsibilityKindSchema.optional(),
    text: textSchema.optional(),
  })
  .strict();
export type TaskIssueInput = z.infer<typeof taskIssueSchema>;

/** One child of a decomposition: a sub-organisation (group) and/or a person of the task's organisation. */
export const taskDecomposeItemSchema = z
  .object({
    orgId: idSchema.optional(),
    responsibleUserId: idSchema.optional(),
    title: titleSchema.optional(),
    description: textSchema.optional(),
    level: taskLevelSchema.optional(),
    dueOn: isoDateSchema.optional(),
    weight: weightSchema.default(1),
    targetValue: z.number().finite().nullable().optional(),
    targetUnit: z.string().trim().max(20).nullable().optional(),
  })
  .strict()
  .refine((v) => v.orgId !== undefined || v.responsibleUserId !== undefined, {
    message: 'each item names an organisation or a person',
    path: ['orgId'],
  });
export type TaskDecomposeItem = z.infer<typeof taskDecomposeItemSchema>;

/** `POST /api/tasks/:id/decompose` (分解): explicit items, and/or every org of a kind under the task's org. */
export const taskDecomposeSchema = z
  .object({
    items: z.array(taskDecomposeItemSchema).max(1000).default([]),
    recipients: taskRecipientsSchema.optional(),
    childLevel: taskLevelSchema.optional(),
    childDueOn: isoDateSchema.optional(),
    text: textSchema.optional(),
  })
  .strict()
  .refine((v) => v.items.length > 0 || (v.recipients !== undefined && (v.recipients.orgIds.length > 0 || v.recipients.under)), {
    message: 'name at least one child',
    path: ['items'],
  });
export type TaskDecomposeInput = z.infer<typeof taskDecomposeSchema>;

/** `POST /api/tasks/:id/report` (反馈): text, the reported percentage, the actual value and evidence files. */
export const taskReportSchema = z
  .object({
    text: z.string().trim().min(1).max(5000),
    progress: percentSchema,
    actual: z.number().finite().nullable().optional(),
    fileIds: fileIdsSchema,
  })
  .strict();
export type TaskReportInput = z.infer<typeof taskReportSchema>;

/** `POST /api/tasks/:id/note`: a progress update that keeps the status (resets "not updated"). */
export const taskNoteSchema = z
  .object({ text: z.string().trim().min(1).max(5000), progress: percentSchema.optional(), fileIds: fileIdsSchema })
  .strict();
export type TaskNoteInput = z.infer<typeof taskNoteSchema>;

/** accept / start / verify / close: an optional comment. */
export const taskCommentSchema = z.object({ text: textSchema.optional() }).strict();
export type TaskCommentInput = z.infer<typeof taskCommentSchema>;

/** return (退回) / cancel: a reason is required. */
export const taskReasonSchema = z.object({ reason: z.string().trim().min(1).max(2000) }).strict();
export type TaskReasonInput = z.infer<typeof taskReasonSchema>;

/** `POST /api/tasks/:id/flag` (挂牌督办): a notice the executor must answer by a date. */
export const taskFlagSchema = z.object({ text: z.string().trim().min(1).max(2000), answerDueOn: isoDateSchema }).strict();
export type TaskFlagInput = z.infer<typeof taskFlagSchema>;

/** `POST /api/supervision-notices/:id/answer`. */
export const noticeAnswerSchema = z.object({ text: z.string().trim().min(1).max(5000), fileIds: fileIdsSchema }).strict();
export type NoticeAnswerInput = z.infer<typeof noticeAnswerSchema>;

/** Comma-separated (or repeated) enum values in a query string. */
function listOf<T extends z.ZodEnum>(item: T) {
  return z.preprocess((v) => (typeof v === 'string' ? v.split(',').filter((s) => s.length > 0) : v), z.array(item).max(20).optional());
}

export const TASK_VIEWS = ['mine', 'org', 'issued', 'board'] as const;
export const taskViewSchema = z.enum(TASK_VIEWS);
export type TaskView = z.infer<typeof taskViewSchema>;

export const TASK_SORTS = ['dueOn', 'createdAt', 'lastUpdateAt', 'title', 'progress', 'status', 'supervision'] as const;

/**
 * `GET /api/tasks`: view `mine` (I act on it), `org` (everything in my scope), `issued` (issued by me),
 * `board` (yellow / red / 挂牌督办); filters, sorting and paging. The same query drives the .xlsx export.
 */
export const taskListQuerySchema = pagingSchema
  .extend({
    view: taskViewSchema.default('org'),
    status: listOf(taskStatusSchema),
    level: listOf(taskLevelSchema),
    supervisionLevel: listOf(supervisionLevelSchema),
    flagged: z.enum(['true', 'false']).optional(),
    stale: z.enum(['true', 'false']).optional(),
    /** Escalated (overdue beyond the escalation threshold; the parent org's secretary and the issuer were told). */
    escalated: z.enum(['true', 'false']).optional(),
    frameworkNodeId: z.coerce.number().int().positive().optional(),
    orgId: z.coerce.number().int().positive().optional(),
    parentId: z.coerce.number().int().positive().optional(),
    topLevel: z.enum(['true', 'false']).optional(),
    dueFrom: isoDateSchema.optional(),
    dueTo: isoDateSchema.optional(),
    q: z.string().trim().max(100).optional(),
    sort: z.enum(TASK_SORTS).default('dueOn'),
    order: z.enum(['asc', 'desc']).default('asc'),
  })
  .strict();
export type TaskListQuery = z.infer<typeof taskListQuerySchema>;

export const orgRefSchema = z.object({ id: z.number().int(), code: z.string(), name: z.string(), kind: orgKindSchema });
export type OrgRef = z.infer<typeof orgRefSchema>;
export const userRefSchema = z.object({ id: z.number().int(), displayName: z.string() });
export type UserRef = z.infer<typeof userRefSchema>;
export const taskFrameworkNodeSchema = z.object({
  id: z.number().int(),
  lineageId: z.number().int(),
  code: z.string(),
  name: z.string(),
});

/** How a parent's numbers are derived from its children; `rule` is a stable code, `ruleText` the Chinese wording. */
export const taskRollupSchema = z.object({
  /** Reported progress (what executors say), 0–100, one decimal. */
  progress: z.number(),
  /** Verified completion (what issuers accepted), 0–100, one decimal. */
  verifiedCompletion: z.number(),
  rule: z.enum(['own_report', 'weighted_children', 'mean_children']),
  ruleText: z.string(),
  countedChildren: z.number().int(),
  cancelledChildren: z.number().int(),
});
export type TaskRollup = z.infer<typeof taskRollupSchema>;

/**
 * Where a task comes from when another module created it through the task engine (a decision item's follow-up,
 * an adopted discussion answer, a meeting resolution): children inherit their top task's source.
 */
export const taskSourceSchema = z.object({ type: z.string(), id: z.number().int(), title: z.string(), href: z.string() });
export type TaskSource = z.infer<typeof taskSourceSchema>;

/** A task as lists show it. */
export const taskSchema = z.object({
  id: z.number().int(),
  level: taskLevelSchema,
  parentId: z.number().int().nullable(),
  rootId: z.number().int(),
  depth: z.number().int(),
  title: z.string(),
  description: z.string(),
  org: orgRefSchema,
  issuerOrg: orgRefSchema,
  issuerUser: userRefSchema.nullable(),
  responsibleUser: userRefSchema.nullable(),
  responsibilityKind: responsibilityKindSchema,
  priority: taskPrioritySchema,
  startOn: z.string().nullable(),
  dueOn: z.string(),
  target: z.object({ value: z.number().nullable(), unit: z.string().nullable(), actual: z.number().nullable() }),
  weight: z.number(),
  status: taskStatusSchema,
  /** The executor's own last reported percentage. */
  reportedProgress: z.number(),
  rollup: taskRollupSchema,
  supervisionLevel: supervisionLevelSchema,
  overdueDays: z.number().int(),
  stale: z.boolean(),
  flagged: z.boolean(),
  escalatedAt: z.string().nullable(),
  recurrence: recurrenceSchema,
  recurrencePeriod: z.string().nullable(),
  childCount: z.number().int(),
  frameworkNodes: z.array(taskFrameworkNodeSchema),
  /** The record the task follows up (decision item, adopted answer …), or null. */
  source: taskSourceSchema.nullable(),
  issuedAt: z.string().nullable(),
  acceptedAt: z.string().nullable(),
  reportedAt: z.string().nullable(),
  verifiedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  lastUpdateAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Task = z.infer<typeof taskSchema>;

/**
 * A task as list views show it (the list endpoint's items): the columns a table and its filters need; the page
 * of one task (`GET /api/tasks/:id`) has everything else.
 */
export const taskListItemSchema = taskSchema
  .pick({
    id: true,
    level: true,
    parentId: true,
    title: true,
    org: true,
    issuerOrg: true,
    responsibleUser: true,
    responsibilityKind: true,
    priority: true,
    dueOn: true,
    status: true,
    reportedProgress: true,
    supervisionLevel: true,
    overdueDays: true,
    stale: true,
    flagged: true,
    escalatedAt: true,
    childCount: true,
    frameworkNodes: true,
    source: true,
    lastUpdateAt: true,
  })
  .extend({
    /** Roll-up numbers (the rule's wording is on the task's page). */
    rollup: z.object({ progress: z.number(), verifiedCompletion: z.number(), rule: taskRollupSchema.shape.rule }),
  });
export type TaskListItem = z.infer<typeof taskListItemSchema>;

export const fileRefSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  mime: z.string(),
  kind: z.enum(['image', 'pdf', 'office']),
  size: z.number().int(),
  /** The download path (GET, served only to those who may see the owner). */
  url: z.string(),
  createdAt: z.string(),
});
export type FileRef = z.infer<typeof fileRefSchema>;

export const taskEventSchema = z.object({
  id: z.number().int(),
  at: z.string(),
  actor: z.object({ id: z.number().int().nullable(), name: z.string() }),
  kind: taskEventKindSchema,
  fromStatus: taskStatusSchema.nullable(),
  toStatus: taskStatusSchema.nullable(),
  text: z.string().nullable(),
  progress: z.number().nullable(),
  attachments: z.array(fileRefSchema),
  data: z.record(z.string(), z.unknown()).nullable(),
});
export type TaskEvent = z.infer<typeof taskEventSchema>;

export const NOTICE_STATUSES = ['open', 'answered', 'withdrawn'] as const;
export const noticeStatusSchema = z.enum(NOTICE_STATUSES);

/** 挂牌督办 notice: issued by a leader, answered by the executor by a date. */
export const supervisionNoticeSchema = z.object({
  id: z.number().int(),
  taskId: z.number().int(),
  taskTitle: z.string(),
  org: orgRefSchema,
  issuedBy: userRefSchema.nullable(),
  issuedAt: z.string(),
  text: z.string(),
  answerDueOn: z.string(),
  status: noticeStatusSchema,
  answerText: z.string().nullable(),
  answeredAt: z.string().nullable(),
  answeredBy: userRefSchema.nullable(),
  /** open and past the answer date, or answered after it. */
  late: z.boolean(),
  attachments: z.array(fileRefSchema),
});
export type SupervisionNotice = z.infer<typeof supervisionNoticeSchema>;

export const noticeListQuerySchema = pagingSchema
  .extend({
    status: noticeStatusSchema.optional(),
    late: z.enum(['true', 'false']).optional(),
    orgId: z.coerce.number().int().positive().optional(),
    taskId: z.coerce.number().int().positive().optional(),
  })
  .strict();
export type NoticeListQuery = z.infer<typeof noticeListQuerySchema>;

/** A task with everything its page shows. */
export const taskDetailSchema = taskSchema.extend({
  ancestors: z.array(z.object({ id: z.number().int(), title: z.string(), level: taskLevelSchema, status: taskStatusSchema })),
  children: z.array(taskSchema),
  /** True when there are more children than `children` holds (list them with `GET /api/tasks?parentId=`). */
  childrenTruncated: z.boolean(),
  participants: z.array(userRefSchema),
  timeline: z.array(taskEventSchema),
  files: z.array(fileRefSchema),
  notices: z.array(supervisionNoticeSchema),
  /** What the current user may do now (drives the buttons). */
  allowedActions: z.array(taskActionSchema),
});
export type TaskDetail = z.infer<typeof taskDetailSchema>;

/** `POST /api/tasks/:id/issue` and `/decompose` answer: the task and the children created. */
export const taskIssueResultSchema = z.object({
  task: taskDetailSchema,
  created: z.number().int(),
  childIds: z.array(z.number().int()),
});
export type TaskIssueResult = z.infer<typeof taskIssueResultSchema>;

/** Supervision and reminder thresholds (settings). */
export const taskSettingsSchema = z
  .object({
    /** Yellow when due within this many days and not reported. */
    yellowDays: z.number().int().min(0).max(90),
    /** Escalate (parent org secretary + issuer) when overdue by more than this many days. */
    escalationDays: z.number().int().min(1).max(365),
    /** An in-progress task not updated for this many days is stale. */
    staleDays: z.number().int().min(1).max(365),
    /** Recurring occurrences are generated this many days before their period starts. */
    recurrenceAheadDays: z.number().int().min(0).max(120),
  })
  .strict();
export type TaskSettings = z.infer<typeof taskSettingsSchema>;
export const taskSettingsUpdateSchema = taskSettingsSchema.partial().strict();
export type TaskSettingsUpdate = z.infer<typeof taskSettingsUpdateSchema>;

/**
 * `POST /api/tasks/import?orgId=&mode=&dryRun=`: an annual task list (.xlsx, the template's columns) becomes drafts
 * owned by `orgId`. Row errors follow the roster import: row number, field, column header, stable code, Chinese
 * message; `all_or_nothing` imports nothing when any row fails, `valid_only` imports the rows without errors
 * (and no row whose parent row failed).
 */
export const taskImportQuerySchema = z
  .object({
    orgId: z.coerce.number().int().positive(),
    mode: importModeSchema.default('all_or_nothing'),
    dryRun: z.enum(['true', 'false']).default('false'),
  })
  .strict();
export type TaskImportQuery = z.infer<typeof taskImportQuerySchema>;
export const taskImportResultSchema = z.object({
  dryRun: z.boolean(),
  mode: importModeSchema,
  rows: z.number().int(),
  imported: z.number().int(),
  skipped: z.number().int(),
  errors: z.array(importRowErrorSchema),
  taskIds: z.array(z.number().int()),
});
export type TaskImportResult = z.infer<typeof taskImportResultSchema>;

/** Coverage cell counts: tasks open, late (open and overdue) and verified (verified or closed). */
export const coverageCountsSchema = z.object({
  open: z.number().int(),
  late: z.number().int(),
  verified: z.number().int(),
  total: z.number().int(),
});
export type CoverageCounts = z.infer<typeof coverageCountsSchema>;

export const coverageOrgRowSchema = z.object({
  org: orgRefSchema,
  /** True for the row of the drilled organisation's own tasks (本级). */
  self: z.boolean(),
  /** True when the row can be drilled into (it has child organisations). */
  drillable: z.boolean(),
  counts: coverageCountsSchema,
  /** 'none' when nothing hangs under the node in this row's subtree. */
  status: z.enum(['none', 'late', 'open', 'verified']),
  /** Organisations of the grassroots kind in this row's subtree, and how many have no task. */
  grassroots: z.number().int(),
  uncovered: z.number().int(),
});
export type CoverageOrgRow = z.infer<typeof coverageOrgRowSchema>;

export const coverageNodeQuerySchema = z
  .object({
    orgId: z.coerce.number().int().positive().optional(),
    /** Which organisations count as grassroots for the "nothing hangs here" list (default branch). */
    kind: orgKindSchema.default('branch'),
    limit: z.coerce.number().int().min(1).max(5000).default(500),
  })
  .strict();
export type CoverageNodeQuery = z.infer<typeof coverageNodeQuerySchema>;

export const coverageNodeSchema = z.object({
  node: z.object({ id: z.number().int(), lineageId: z.number().int(), code: z.string(), name: z.string(), kind: z.string() }),
  org: orgRefSchema,
  asOf: z.string(),
  rows: z.array(coverageOrgRowSchema),
  totals: coverageCountsSchema.extend({ grassroots: z.number().int(), uncovered: z.number().int() }),
  uncoveredKind: orgKindSchema,
  uncoveredOrgs: z.array(orgRefSchema.extend({ parentName: z.string().nullable() })),
  uncoveredTruncated: z.boolean(),
});
export type CoverageNode = z.infer<typeof coverageNodeSchema>;

export interface CoverageRequirement {
  id: number;
  lineageId: number;
  code: string;
  name: string;
  kind: 'element' | 'pillar' | 'requirement';
  counts: CoverageCounts;
  covered: boolean;
  /** For elements and pillars: requirements below with and without work. */
  requirements: { total: number; covered: number };
  children: CoverageRequirement[];
}
export const coverageRequirementSchema: z.ZodType<CoverageRequirement> = z.lazy(() =>
  z.object({
    id: z.number().int(),
    lineageId: z.number().int(),
    code: z.string(),
    name: z.string(),
    kind: z.enum(['element', 'pillar', 'requirement']),
    counts: coverageCountsSchema,
    covered: z.boolean(),
    requirements: z.object({ total: z.number().int(), covered: z.number().int() }),
    children: z.array(coverageRequirementSchema),
  }),
);

export const coverageOrgSchema = z.object({
  org: orgRefSchema,
  year: z.number().int().nullable(),
  asOf: z.string(),
  nodes: z.array(coverageRequirementSchema),
  covered: z.array(z.object({ id: z.number().int(), code: z.string(), name: z.string() })),
  uncovered: z.array(z.object({ id: z.number().int(), code: z.string(), name: z.string() })),
});
export type CoverageOrg = z.infer<typeof coverageOrgSchema>;

/** `GET /api/tasks/metrics`: the evaluation indicators over one org's subtree and a due-date period. */
export const taskMetricsQuerySchema = z
  .object({ orgId: z.coerce.number().int().positive(), from: isoDateSchema, to: isoDateSchema })
  .strict();
export type TaskMetricsQuery = z.infer<typeof taskMetricsQuerySchema>;
export const metricValueSchema = z.object({
  /** null when the denominator is 0 (nothing to measure). */
  value: z.number().nullable(),
  numerator: z.number().int(),
  denominator: z.number().int(),
  definition: z.string(),
});
export type MetricValue = z.infer<typeof metricValueSchema>;
export const taskMetricsSchema = z.object({
  orgId: z.number().int(),
  from: z.string(),
  to: z.string(),
  asOf: z.string(),
  decompositionRate: metricValueSchema,
  decompositionCompletionRate: metricValueSchema,
  onTimeRate: metricValueSchema,
  verifiedRate: metricValueSchema,
  overdueCount: metricValueSchema,
  noticeOnTimeRate: metricValueSchema,
});
export type TaskMetrics = z.infer<typeof taskMetricsSchema>;

// ------------------------------------------------------------------------------------------- web support

/** `GET /api/tasks/assignees`: active users holding a role inside an organisation's subtree (responsible / participants). */
export const taskAssigneeQuerySchema = z
  .object({
    orgId: z.coerce.number().int().positive(),
    q: z.string().trim().max(64).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();
export type TaskAssigneeQuery = z.infer<typeof taskAssigneeQuerySchema>;
export const taskAssigneeSchema = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  /** The user's roles inside the subtree, e.g. 书记 at 熔铸厂第一生产车间党支部. */
  grants: z.array(z.object({ role: roleSchema, orgId: z.number().int(), orgName: z.string() })),
});
export type TaskAssignee = z.infer<typeof taskAssigneeSchema>;

/** `GET /api/tasks/summary`: the list's filters without paging or sorting. */
export const taskSummaryQuerySchema = taskListQuerySchema.omit({ page: true, pageSize: true, sort: true, order: true });
export type TaskSummaryQuery = z.infer<typeof taskSummaryQuerySchema>;

/**
 * Counts over a view (the traffic lights of the board, the workbench): `open` = issued / accepted / in progress /
 * returned; of those `green` (on track), `yellow` (due soon), `red` (overdue), `escalated`, `stale`; `flagged` =
 * 挂牌督办 on unfinished work; `reported` = awaiting 验收; `done` = verified or closed.
 */
export const taskSummarySchema = z.object({
  total: z.number().int(),
  draft: z.number().int(),
  open: z.number().int(),
  green: z.number().int(),
  yellow: z.number().int(),
  red: z.number().int(),
  escalated: z.number().int(),
  stale: z.number().int(),
  flagged: z.number().int(),
  reported: z.number().int(),
  done: z.number().int(),
});
export type TaskSummary = z.infer<typeof taskSummarySchema>;

/** `GET /api/coverage/matrix`: the framework in force × the drilled organisation and its child organisations. */
export const coverageMatrixQuerySchema = z
  .object({
    orgId: z.coerce.number().int().positive().optional(),
    /** Which organisations count as grassroots for "covered n of m" (default branch). */
    kind: orgKindSchema.default('branch'),
  })
  .strict();
export type CoverageMatrixQuery = z.infer<typeof coverageMatrixQuerySchema>;

/** One cell: distinct tasks by class, and how many grassroots organisations of the column have work under the row. */
export const coverageMatrixCellSchema = coverageCountsSchema.extend({ covered: z.number().int() });
export type CoverageMatrixCell = z.infer<typeof coverageMatrixCellSchema>;

export const coverageMatrixSchema = z.object({
  org: orgRefSchema,
  /** The drilled organisation's ancestors the actor may see (for drilling back up), top first. */
  ancestors: z.array(orgRefSchema),
  year: z.number().int().nullable(),
  asOf: z.string(),
  grassrootsKind: orgKindSchema,
  /** The drilled organisation itself (本级, first) and each active child organisation. */
  columns: z.array(z.object({ org: orgRefSchema, self: z.boolean(), drillable: z.boolean(), grassroots: z.number().int() })),
  /** Framework nodes in force, pre-order (element → pillar → requirement); `cells` align with `columns`. */
  rows: z.array(
    z.object({
      id: z.number().int(),
      lineageId: z.number().int(),
      parentId: z.number().int().nullable(),
      code: z.string(),
      name: z.string(),
      nameEn: z.string(),
      kind: z.enum(['element', 'pillar', 'requirement']),
      cells: z.array(coverageMatrixCellSchema),
      total: coverageMatrixCellSchema,
    }),
  ),
});
export type CoverageMatrix = z.infer<typeof coverageMatrixSchema>;
