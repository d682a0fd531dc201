import { z } from 'zod';
import { isoDateSchema, pagingSchema } from './common.js';
import { fileRefSchema, orgRefSchema, taskLevelSchema, taskPrioritySchema, taskStatusSchema, userRefSchema } from './tasks.js';

/** Stored status of a discussion campaign (大讨论): 草稿 → 已发布 → 已结束 (closed early or after its period). */
export const CAMPAIGN_STATUSES = ['draft', 'published', 'closed'] as const;
export const campaignStatusSchema = z.enum(CAMPAIGN_STATUSES);
export type CampaignStatus = z.infer<typeof campaignStatusSchema>;

/** Where a campaign stands today: draft, published but not started, open for answers, ended. */
export const CAMPAIGN_PHASES = ['draft', 'upcoming', 'open', 'ended'] as const;
export const campaignPhaseSchema = z.enum(CAMPAIGN_PHASES);
export type CampaignPhase = z.infer<typeof campaignPhaseSchema>;

const tagSchema = z.string().trim().min(1).max(20);

const campaignFields = {
  title: z.string().trim().min(1).max(200),
  /** The question put to everyone, e.g. 赶超标杆我能干成什么. */
  question: z.string().trim().min(1).max(500),
  description: z.string().trim().max(5000).default(''),
  startsOn: isoDateSchema,
  endsOn: isoDateSchema,
  /** The tags organisers sort answers by (e.g. 降本增效、安全环保). */
  tags: z.array(tagSchema).max(30).default([]),
};

/** `POST /api/campaigns`: a campaign put to an audience (the organisation's subtree); `publish` opens it at once. */
export const campaignCreateSchema = z
  .object({ orgId: z.number().int().positive(), ...campaignFields, publish: z.boolean().default(false) })
  .strict();
export type CampaignCreateInput = z.infer<typeof campaignCreateSchema>;

/** `PATCH /api/campaigns/:id`. */
export const campaignUpdateSchema = z
  .object({
    title: campaignFields.title.optional(),
    question: campaignFields.question.optional(),
    description: z.string().trim().max(5000).optional(),
    startsOn: isoDateSchema.optional(),
    endsOn: isoDateSchema.optional(),
    tags: z.array(tagSchema).max(30).optional(),
  })
  .strict();
export type CampaignUpdateInput = z.infer<typeof campaignUpdateSchema>;

export const CAMPAIGN_SORTS = ['startsOn', 'endsOn', 'title', 'createdAt'] as const;

/** `GET /api/campaigns`. */
export const campaignListQuerySchema = pagingSchema
  .extend({
    phase: campaignPhaseSchema.optional(),
    year: z.coerce.number().int().min(1990).max(2100).optional(),
    q: z.string().trim().max(100).optional(),
    sort: z.enum(CAMPAIGN_SORTS).default('startsOn'),
    order: z.enum(['asc', 'desc']).default('desc'),
  })
  .strict();
export type CampaignListQuery = z.infer<typeof campaignListQuerySchema>;

/** A campaign with its counts and what the user may do. */
export const campaignSchema = z.object({
  id: z.number().int(),
  org: orgRefSchema,
  title: z.string(),
  question: z.string(),
  description: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  status: campaignStatusSchema,
  phase: campaignPhaseSchema,
  tags: z.array(z.string()),
  answers: z.number().int(),
  respondents: z.number().int(),
  shortlisted: z.number().int(),
  adopted: z.number().int(),
  createdBy: userRefSchema.nullable(),
  /** The user organises it (operates the campaign's organisation or one above). */
  canOrganise: z.boolean(),
  /** The user may submit answers now (for themselves or, as a secretary, for members of their organisation). */
  canAnswer: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Campaign = z.infer<typeof campaignSchema>;

/** `POST /api/campaigns/:id/answers`: the text; `personId` when a secretary records a member's answer. */
export const campaignAnswerCreateSchema = z
  .object({
    text: z.string().trim().min(2).max(5000),
    personId: z.number().int().positive().optional(),
  })
  .strict();
export type CampaignAnswerCreateInput = z.infer<typeof campaignAnswerCreateSchema>;

/** `PUT /api/campaign-answers/:id`: the member (or whoever recorded it) changes their answer's text while the campaign is open. */
export const campaignAnswerEditSchema = z.object({ text: z.string().trim().min(2).max(5000) }).strict();
export type CampaignAnswerEditInput = z.infer<typeof campaignAnswerEditSchema>;

/** `PATCH /api/campaign-answers/:id` (organisers): tags and the shortlist. */
export const campaignAnswerReviewSchema = z
  .object({ tags: z.array(tagSchema).max(10).optional(), shortlisted: z.boolean().optional() })
  .strict()
  .refine((v) => v.tags !== undefined || v.shortlisted !== undefined, { message: 'change tags or the shortlist', path: ['tags'] });
export type CampaignAnswerReviewInput = z.infer<typeof campaignAnswerReviewSchema>;

/** `POST /api/campaign-answers/:id/adopt`: the answer becomes a task through the task engine (linked both ways). */
export const campaignAdoptSchema = z
  .object({
    title: z.string().trim().min(1).max(300),
    description: z.string().trim().max(5000).default(''),
    orgId: z.number().int().positive(),
    responsibleUserId: z.number().int().positive().nullable().optional(),
    dueOn: isoDateSchema,
    level: taskLevelSchema.default('action'),
    priority: taskPrioritySchema.default('normal'),
    issue: z.boolean().default(true),
  })
  .strict();
export type CampaignAdoptInput = z.infer<typeof campaignAdoptSchema>;

export const CAMPAIGN_ANSWER_FILTERS = ['all', 'shortlisted', 'adopted', 'mine'] as const;

/** `GET /api/campaigns/:id/answers`. */
export const campaignAnswerListQuerySchema = pagingSchema
  .extend({
    filter: z.enum(CAMPAIGN_ANSWER_FILTERS).default('all'),
    tag: tagSchema.optional(),
    orgId: z.coerce.number().int().positive().optional(),
    q: z.string().trim().max(100).optional(),
    order: z.enum(['asc', 'desc']).default('desc'),
  })
  .strict();
export type CampaignAnswerListQuery = z.infer<typeof campaignAnswerListQuerySchema>;

export const campaignAnswerSchema = z.object({
  id: z.number().int(),
  campaignId: z.number().int(),
  person: z.object({ id: z.number().int(), name: z.string() }).nullable(),
  org: orgRefSchema,
  text: z.string(),
  tags: z.array(z.string()),
  shortlisted: z.boolean(),
  task: z.object({ id: z.number().int(), title: z.string(), status: taskStatusSchema, dueOn: z.string() }).nullable(),
  adoptedAt: z.string().nullable(),
  submittedBy: userRefSchema.nullable(),
  files: z.array(fileRefSchema),
  /** The user may attach a file (the submitter, while the campaign is open). */
  canAttach: z.boolean(),
  /** The user may change the text: their own answer, the campaign open, not adopted. */
  canEdit: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type CampaignAnswer = z.infer<typeof campaignAnswerSchema>;

/** `GET /api/campaigns/:id/participation?orgId=`: per child organisation of the drilled one. */
export const campaignParticipationQuerySchema = z.object({ orgId: z.coerce.number().int().positive().optional() }).strict();
export type CampaignParticipationQuery = z.infer<typeof campaignParticipationQuerySchema>;

export const participationRowSchema = z.object({
  org: orgRefSchema,
  /** Party members (full + probationary) on the active roster of the organisation's subtree. */
  members: z.number().int(),
  /** Of them, how many answered at least once. */
  respondents: z.number().int(),
  answers: z.number().int(),
  /** respondents / members (0–1), null when there are no members. */
  rate: z.number().nullable(),
  drillable: z.boolean(),
});
export type ParticipationRow = z.infer<typeof participationRowSchema>;

export const campaignParticipationSchema = z.object({
  org: orgRefSchema,
  /** Ancestors between the campaign's organisation and the drilled one (for drilling back up), top first. */
  ancestors: z.array(orgRefSchema),
  total: participationRowSchema.omit({ drillable: true }),
  rows: z.array(participationRowSchema),
});
export type CampaignParticipation = z.infer<typeof campaignParticipationSchema>;

/** `GET /api/campaigns/:id/audience?q=`: members the user may record an answer for. */
export const campaignAudienceQuerySchema = z
  .object({ q: z.string().trim().max(64).optional(), limit: z.coerce.number().int().min(1).max(50).default(20) })
  .strict();
export type CampaignAudienceQuery = z.infer<typeof campaignAudienceQuerySchema>;
export const campaignAudiencePersonSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  employeeNo: z.string(),
  org: orgRefSchema,
  answered: z.boolean(),
});
export type CampaignAudiencePerson = z.infer<typeof campaignAudiencePersonSchema>;
