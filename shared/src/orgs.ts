import { z } from 'zod';
import { orgKindSchema } from './access.js';
import { isoDateSchema } from './common.js';

export const orgStatusSchema = z.enum(['active', 'merged', 'dissolved']);
export type OrgStatus = z.infer<typeof orgStatusSchema>;

/** Party members counted at a node: full (正式党员) + probationary (预备党员) = members. */
export const orgCountsSchema = z.object({
  members: z.number().int(),
  full: z.number().int(),
  probationary: z.number().int(),
});
export type OrgCounts = z.infer<typeof orgCountsSchema>;

/** A node of the organisation tree as pickers and trees see it. */
export const orgNodeSchema: z.ZodType<OrgNode> = z.lazy(() =>
  z.object({
    id: z.number().int(),
    code: z.string(),
    name: z.string(),
    shortName: z.string().nullable(),
    kind: orgKindSchema,
    status: orgStatusSchema,
    parentId: z.number().int().nullable(),
    /** With `?counts=true`: members of the node's whole subtree (a group: its own members). */
    counts: orgCountsSchema.optional(),
    /** With `?checks=true`: errors and warnings of the rule checks at this node (badge). */
    checkCount: z.number().int().optional(),
    children: z.array(orgNodeSchema),
  }),
);
export interface OrgNode {
  id: number;
  code: string;
  name: string;
  shortName: string | null;
  kind: z.infer<typeof orgKindSchema>;
  status: OrgStatus;
  parentId: number | null;
  counts?: OrgCounts;
  checkCount?: number;
  children: OrgNode[];
}

/** `GET /api/orgs/tree`: `counts=true` adds member counts per node (one grouped query), `checks=true` the check badges. */
export const orgTreeQuerySchema = z
  .object({
    includeInactive: z.enum(['true', 'false']).optional(),
    counts: z.enum(['true', 'false']).optional(),
    checks: z.enum(['true', 'false']).optional(),
  })
  .strict();
export type OrgTreeQuery = z.infer<typeof orgTreeQuerySchema>;

/** One organisation in a list. */
export const orgListItemSchema = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  shortName: z.string().nullable(),
  kind: orgKindSchema,
  status: orgStatusSchema,
  parentId: z.number().int().nullable(),
  parentName: z.string().nullable(),
  businessUnit: z.string().nullable(),
  depth: z.number().int(),
});
export type OrgListItem = z.infer<typeof orgListItemSchema>;

export const orgListQuerySchema = z
  .object({
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(20),
    q: z.string().trim().max(100).optional(),
    kind: orgKindSchema.optional(),
    status: orgStatusSchema.optional(),
    /** Only this organisation's subtree (must be visible). */
    under: z.coerce.number().int().positive().optional(),
    sort: z.enum(['code', 'name', 'kind', 'depth']).default('code'),
    order: z.enum(['asc', 'desc']).default('asc'),
  })
  .strict();
export type OrgListQuery = z.infer<typeof orgListQuerySchema>;

/** Chinese names of the organisation kinds (Excel templates, messages). */
export const ORG_KIND_LABELS: Record<z.infer<typeof orgKindSchema>, string> = {
  committee: '党委',
  general_branch: '党总支',
  branch: '党支部',
  group: '党小组',
};

/** The kinds a parent may have for a child of each kind (a group only under a branch, …). */
export const ORG_PARENT_KINDS: Record<z.infer<typeof orgKindSchema>, ReadonlyArray<z.infer<typeof orgKindSchema>>> = {
  committee: ['committee'],
  general_branch: ['committee'],
  branch: ['committee', 'general_branch'],
  group: ['branch'],
};

const orgCodeSchema = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, dot, underscore and hyphen');
const reasonSchema = z.string().trim().min(1).max(500);

// ---------------------------------------------------------------------------------------------------------
// Posts and terms
// ---------------------------------------------------------------------------------------------------------

export const POST_KINDS = [
  'secretary',
  'deputy_secretary',
  'organization_member',
  'propaganda_member',
  'discipline_member',
  'committee_member',
  'group_leader',
] as const;
export const postKindSchema = z.enum(POST_KINDS);
export type PostKind = z.infer<typeof postKindSchema>;
/** Posts that are seats of a committee (党委 / 党总支 / 支部委员会). */
export const COMMITTEE_POST_KINDS: readonly PostKind[] = [
  'secretary',
  'deputy_secretary',
  'organization_member',
  'propaganda_member',
  'discipline_member',
  'committee_member',
];
export const POST_KIND_LABELS: Record<PostKind, string> = {
  secretary: '书记',
  deputy_secretary: '副书记',
  organization_member: '组织委员',
  propaganda_member: '宣传委员',
  discipline_member: '纪检委员',
  committee_member: '委员',
  group_leader: '党小组组长',
};

/** A post held in an organisation; `endOn` is exclusive (the first day no longer held), null = still held. */
export const orgPostSchema = z.object({
  id: z.number().int(),
  orgId: z.number().int(),
  personId: z.number().int(),
  personName: z.string(),
  employeeNo: z.string(),
  post: postKindSchema,
  startOn: z.string(),
  endOn: z.string().nullable(),
  note: z.string().nullable(),
  /** Held today. */
  active: z.boolean(),
});
export type OrgPost = z.infer<typeof orgPostSchema>;

export const orgPostListQuerySchema = z.object({ includeEnded: z.enum(['true', 'false']).optional() }).strict();
export type OrgPostListQuery = z.infer<typeof orgPostListQuerySchema>;

export const orgPostCreateSchema = z
  .object({
    personId: z.number().int().positive(),
    post: postKindSchema,
    startOn: isoDateSchema,
    endOn: isoDateSchema.nullable().optional(),
    note: z.string().trim().max(500).nullable().optional(),
  })
  .strict();
export type OrgPostCreateInput = z.infer<typeof orgPostCreateSchema>;

/** Ending a post is setting `endOn`; dates and the note can be corrected. */
export const orgPostUpdateSchema = z
  .object({
    startOn: isoDateSchema.optional(),
    endOn: isoDateSchema.nullable().optional(),
    note: z.string().trim().max(500).nullable().optional(),
  })
  .strict();
export type OrgPostUpdateInput = z.infer<typeof orgPostUpdateSchema>;

export const orgPostParamsSchema = z
  .object({ id: z.coerce.number().int().positive(), postId: z.coerce.number().int().positive() })
  .strict();

export const TERM_STATES = ['ok', 'ending_soon', 'overdue'] as const;
export const termStateSchema = z.enum(TERM_STATES);
export type TermState = z.infer<typeof termStateSchema>;

/** A committee's current term (换届): start, length, end (start + years) and where it stands today. */
export const orgTermSchema = z.object({
  termStart: z.string(),
  termYears: z.number().int(),
  termEnd: z.string(),
  /** Days from today to the end; negative when overdue. */
  daysLeft: z.number().int(),
  state: termStateSchema,
});
export type OrgTerm = z.infer<typeof orgTermSchema>;

/** `PUT /api/orgs/:id/term`: records a new term (换届) or corrects the current one. */
export const orgTermUpdateSchema = z
  .object({
    termStart: isoDateSchema.nullable(),
    termYears: z.number().int().min(1).max(10).nullable().optional(),
    reason: z.string().trim().max(500).optional(),
  })
  .strict();
export type OrgTermUpdateInput = z.infer<typeof orgTermUpdateSchema>;

/** `GET /api/orgs/terms`: terms ending within `withinDays` (default: the rule setting, 90) and overdue elections. */
export const termListQuerySchema = z
  .object({
    withinDays: z.coerce.number().int().min(0).max(3650).optional(),
    orgId: z.coerce.number().int().positive().optional(),
  })
  .strict();
export type TermListQuery = z.infer<typeof termListQuerySchema>;

export const termListItemSchema = orgTermSchema.extend({
  orgId: z.number().int(),
  orgCode: z.string(),
  orgName: z.string(),
  kind: orgKindSchema,
  parentName: z.string().nullable(),
});
export type TermListItem = z.infer<typeof termListItemSchema>;
export const termListSchema = z.object({ withinDays: z.number().int(), today: z.string(), items: z.array(termListItemSchema) });
export type TermList = z.infer<typeof termListSchema>;

// ---------------------------------------------------------------------------------------------------------
// Rule checks and their settings
// ---------------------------------------------------------------------------------------------------------

export const CHECK_SEVERITIES = ['error', 'warning', 'info'] as const;
export const checkSeveritySchema = z.enum(CHECK_SEVERITIES);
export type CheckSeverity = z.infer<typeof checkSeveritySchema>;

/** Stable rule ids of the organisation checks (RULES.md, 支部工作条例). */
export const ORG_CHECK_RULES = [
  'branch.min_full_members',
  'branch.committee_required',
  'branch.committee_size',
  'branch.max_members',
  'branch.groups_required',
  'branch.no_secretary',
  'term.overdue',
  'term.ending_soon',
  'general_branch.committee_possible',
] as const;
export type OrgCheckRule = (typeof ORG_CHECK_RULES)[number];

/** One rule violation (fixed contract of `GET /api/orgs/checks`); `source` names the regulation. */
export const orgCheckSchema = z.object({
  orgId: z.number().int(),
  orgCode: z.string(),
  rule: z.string(),
  severity: checkSeveritySchema,
  message: z.string(),
  source: z.string(),
});
export type OrgCheck = z.infer<typeof orgCheckSchema>;

/** `GET /api/orgs/checks`: optional subtree, rule and severity filters; 'info' items only with includeInfo=true. */
export const orgChecksQuerySchema = z
  .object({
    orgId: z.coerce.number().int().positive().optional(),
    rule: z.string().trim().max(64).optional(),
    severity: checkSeveritySchema.optional(),
    includeInfo: z.enum(['true', 'false']).optional(),
  })
  .strict();
export type OrgChecksQuery = z.infer<typeof orgChecksQuerySchema>;

/** One configurable threshold of the rule checks, with its default from RULES.md and the regulation it comes from. */
export const ruleSettingSchema = z.object({
  key: z.string(),
  label: z.string(),
  unit: z.string(),
  value: z.number(),
  defaultValue: z.number(),
  source: z.string(),
  defaultSource: z.string(),
  isDefault: z.boolean(),
  updatedBy: z.string().nullable(),
  updatedAt: z.string().nullable(),
});
export type RuleSetting = z.infer<typeof ruleSettingSchema>;

export const ruleSettingParamsSchema = z.object({ key: z.string().min(1).max(64) }).strict();
export const ruleSettingUpdateSchema = z
  .object({ value: z.number().min(0).max(100000), source: z.string().trim().min(1).max(300).optional() })
  .strict();
export type RuleSettingUpdateInput = z.infer<typeof ruleSettingUpdateSchema>;

// ---------------------------------------------------------------------------------------------------------
// Organisation writes, detail and history
// ---------------------------------------------------------------------------------------------------------

/** `POST /api/orgs`: a new organisation under a visible parent whose kind allows it. */
export const orgCreateSchema = z
  .object({
    code: orgCodeSchema,
    name: z.string().trim().min(1).max(200),
    shortName: z.string().trim().max(100).nullable().optional(),
    kind: orgKindSchema,
    parentId: z.number().int().positive(),
    sortOrder: z.number().int().min(0).max(100000).optional(),
    businessUnit: z.string().trim().max(100).nullable().optional(),
    foundedOn: isoDateSchema.nullable().optional(),
    termStart: isoDateSchema.nullable().optional(),
    termYears: z.number().int().min(1).max(10).nullable().optional(),
    committeeNote: z.string().trim().max(500).nullable().optional(),
  })
  .strict();
export type OrgCreateInput = z.infer<typeof orgCreateSchema>;

/** `PATCH /api/orgs/:id`: rename and other fields (kind, parent and term have their own actions). */
export const orgUpdateSchema = z
  .object({
    code: orgCodeSchema.optional(),
    name: z.string().trim().min(1).max(200).optional(),
    shortName: z.string().trim().max(100).nullable().optional(),
    sortOrder: z.number().int().min(0).max(100000).optional(),
    businessUnit: z.string().trim().max(100).nullable().optional(),
    foundedOn: isoDateSchema.nullable().optional(),
    committeeNote: z.string().trim().max(500).nullable().optional(),
    reason: z.string().trim().max(500).optional(),
  })
  .strict();
export type OrgUpdateInput = z.infer<typeof orgUpdateSchema>;

/** `POST /api/orgs/:id/move`: re-parent (no cycles; a group only under a branch; a branch under a committee or general branch; …). */
export const orgMoveSchema = z
  .object({
    parentId: z.number().int().positive(),
    sortOrder: z.number().int().min(0).max(100000).optional(),
    on: isoDateSchema.optional(),
    reason: z.string().trim().max(500).optional(),
  })
  .strict();
export type OrgMoveInput = z.infer<typeof orgMoveSchema>;

/** `POST /api/orgs/:id/merge`: this branch merges into `targetId`; its members move there, its history stays. */
export const orgMergeSchema = z.object({ targetId: z.number().int().positive(), on: isoDateSchema, reason: reasonSchema }).strict();
export type OrgMergeInput = z.infer<typeof orgMergeSchema>;

/** `POST /api/orgs/:id/dissolve`: only an organisation without active children and members (never hard-deleted). */
export const orgDissolveSchema = z.object({ on: isoDateSchema, reason: reasonSchema }).strict();
export type OrgDissolveInput = z.infer<typeof orgDissolveSchema>;

export const ORG_EVENT_KINDS = [
  'created',
  'renamed',
  'updated',
  'moved',
  'merged',
  'merged_in',
  'dissolved',
  'term_renewed',
  'imported',
] as const;
export const orgEventKindSchema = z.enum(ORG_EVENT_KINDS);

/** One entry of an organisation's history. */
export const orgEventSchema = z.object({
  id: z.number().int(),
  kind: orgEventKindSchema,
  onDate: z.string(),
  before: z.record(z.string(), z.unknown()).nullable(),
  after: z.record(z.string(), z.unknown()).nullable(),
  reason: z.string().nullable(),
  relatedOrg: z.object({ id: z.number().int(), code: z.string(), name: z.string() }).nullable(),
  actorName: z.string(),
  createdAt: z.string(),
});
export type OrgEvent = z.infer<typeof orgEventSchema>;

export const orgRefLiteSchema = z.object({ id: z.number().int(), code: z.string(), name: z.string(), kind: orgKindSchema });

/** Everything an organisation's page shows. */
export const orgDetailSchema = orgListItemSchema.extend({
  sortOrder: z.number().int(),
  foundedOn: z.string().nullable(),
  committeeNote: z.string().nullable(),
  /** From the top of the tree down to the parent. */
  ancestors: z.array(orgRefLiteSchema),
  children: z.array(orgRefLiteSchema.extend({ status: orgStatusSchema, counts: orgCountsSchema })),
  counts: orgCountsSchema.extend({
    activists: z.number().int(),
    candidates: z.number().int(),
    applicants: z.number().int(),
    groups: z.number().int(),
  }),
  term: orgTermSchema.nullable(),
  posts: z.array(orgPostSchema),
  checks: z.array(orgCheckSchema),
  /** The latest 20 history entries (all of them: `GET /api/orgs/:id/history`). */
  history: z.array(orgEventSchema),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type OrgDetail = z.infer<typeof orgDetailSchema>;

export const orgHistoryQuerySchema = z
  .object({
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

/** The result of a merge. */
export const orgMergeResultSchema = z.object({ source: orgDetailSchema, target: orgDetailSchema, movedPeople: z.number().int() });
export type OrgMergeResult = z.infer<typeof orgMergeResultSchema>;

// ---------------------------------------------------------------------------------------------------------
// Excel imports (shared by the organisation and the roster imports)
// ---------------------------------------------------------------------------------------------------------

export const IMPORT_MODES = ['all_or_nothing', 'valid_only'] as const;
export const importModeSchema = z.enum(IMPORT_MODES);
export type ImportMode = z.infer<typeof importModeSchema>;

export const importRowErrorSchema = z.object({
  /** The row number in the sheet (the header is row 1). */
  row: z.number().int(),
  /** The field key (null for an error of the whole row). */
  field: z.string().nullable(),
  /** The column header as the file shows it. */
  column: z.string().nullable(),
  /** A stable code, e.g. 'required', 'invalid_date', 'duplicate_in_file', 'duplicate_in_db', 'unknown_org', 'under_18'. */
  code: z.string(),
  /** The message in Chinese, as the error file shows it. */
  message: z.string(),
});
export type ImportRowError = z.infer<typeof importRowErrorSchema>;

/** An uploaded file, validated, waiting for commit (preview). */
export const importJobSchema = z.object({
  id: z.number().int(),
  kind: z.enum(['people', 'orgs']),
  status: z.enum(['validated', 'committed', 'discarded']),
  fileName: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
  totalRows: z.number().int(),
  validRows: z.number().int(),
  errorRows: z.number().int(),
  mode: importModeSchema.nullable(),
  committedAt: z.string().nullable(),
  createdCount: z.number().int().nullable(),
  /** Column keys and headers, in file order. */
  columns: z.array(z.object({ key: z.string(), header: z.string() })),
  /** The first 200 row errors (all of them: the rows endpoint or the error file). */
  errors: z.array(importRowErrorSchema),
});
export type ImportJob = z.infer<typeof importJobSchema>;

export const importRowSchema = z.object({
  row: z.number().int(),
  values: z.record(z.string(), z.string().nullable()),
  errors: z.array(importRowErrorSchema),
});
export type ImportRow = z.infer<typeof importRowSchema>;

export const importRowsQuerySchema = z
  .object({
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(500).default(50),
    onlyErrors: z.enum(['true', 'false']).optional(),
  })
  .strict();
export type ImportRowsQuery = z.infer<typeof importRowsQuerySchema>;

export const importErrorFileQuerySchema = z.object({ rows: z.enum(['all', 'errors']).default('all') }).strict();

export const importCommitSchema = z.object({ mode: importModeSchema }).strict();
export type ImportCommitInput = z.infer<typeof importCommitSchema>;

export const importResultSchema = z.object({
  jobId: z.number().int(),
  mode: importModeSchema,
  created: z.number().int(),
  skipped: z.number().int(),
  errors: z.array(importRowErrorSchema),
});
export type ImportResult = z.infer<typeof importResultSchema>;

/** `GET /api/orgs/export.xlsx`: the filtered list (no paging), in the import template's columns. */
export const orgExportQuerySchema = orgListQuerySchema.omit({ page: true, pageSize: true });
export type OrgExportQuery = z.infer<typeof orgExportQuerySchema>;
