import { z } from 'zod';
import { orgKindSchema, PARTY_STATUSES, type PartyStatus, partyStatusSchema } from './access.js';
import { isoDateSchema, pagingSchema } from './common.js';

/** Chinese names of the party statuses (Excel templates and exports). */
export const PARTY_STATUS_LABELS: Record<PartyStatus, string> = {
  full: '党员',
  probationary: '预备党员',
  activist: '入党积极分子',
  candidate: '发展对象',
  applicant: '入党申请人',
  non_member: '群众',
};

/** Party statuses that make a person a member of the Party (counted as 党员 in a branch). */
export const MEMBER_STATUSES: readonly PartyStatus[] = ['full', 'probationary'];

/**
 * The party-status changes a status event may record (发展党员 stages forward, and leaving the Party):
 * applicant → activist → candidate → probationary → full; any stage may go back to non_member.
 */
export const PARTY_STATUS_TRANSITIONS: Record<PartyStatus, readonly PartyStatus[]> = {
  non_member: ['applicant'],
  applicant: ['activist', 'non_member'],
  activist: ['candidate', 'applicant', 'non_member'],
  candidate: ['probationary', 'activist', 'non_member'],
  probationary: ['full', 'non_member'],
  full: ['non_member'],
};

export const GENDERS = ['male', 'female'] as const;
export const genderSchema = z.enum(GENDERS);
export type Gender = z.infer<typeof genderSchema>;
export const GENDER_LABELS: Record<Gender, string> = { male: '男', female: '女' };

export const PERSON_STATUSES = ['active', 'left'] as const;
export const personStatusSchema = z.enum(PERSON_STATUSES);
export type PersonStatus = z.infer<typeof personStatusSchema>;

export const EDUCATION_OPTIONS = ['初中及以下', '高中/中专', '大专', '本科', '硕士研究生', '博士研究生'] as const;

/** The 56 ethnic groups, 汉族 first. */
export const ETHNICITY_OPTIONS = [
  '汉族',
  '蒙古族',
  '回族',
  '藏族',
  '维吾尔族',
  '苗族',
  '彝族',
  '壮族',
  '布依族',
  '朝鲜族',
  '满族',
  '侗族',
  '瑶族',
  '白族',
  '土家族',
  '哈尼族',
  '哈萨克族',
  '傣族',
  '黎族',
  '傈僳族',
  '佤族',
  '畲族',
  '高山族',
  '拉祜族',
  '水族',
  '东乡族',
  '纳西族',
  '景颇族',
  '柯尔克孜族',
  '土族',
  '达斡尔族',
  '仫佬族',
  '羌族',
  '布朗族',
  '撒拉族',
  '毛南族',
  '仡佬族',
  '锡伯族',
  '阿昌族',
  '普米族',
  '塔吉克族',
  '怒族',
  '乌孜别克族',
  '俄罗斯族',
  '鄂温克族',
  '德昂族',
  '保安族',
  '裕固族',
  '京族',
  '塔塔尔族',
  '独龙族',
  '鄂伦春族',
  '赫哲族',
  '门巴族',
  '珞巴族',
  '基诺族',
] as const;

/** Comma-separated (or repeated) enum values in a query string. */
function listOf<T extends z.ZodEnum>(item: T) {
  return z.preprocess((v) => (typeof v === 'string' ? v.split(',').filter((s) => s.length > 0) : v), z.array(item).max(20).optional());
}

const flagQuery = z.enum(['true', 'false']).optional();
const phoneSchema = z
  .string()
  .trim()
  .regex(/^1[3-9]\d{9}$|^0\d{2,3}-?\d{7,8}$/, 'a mobile number (11 digits) or a landline with area code');
const employeeNoSchema = z
  .string()
  .trim()
  .min(1)
  .max(32)
  .regex(/^[A-Za-z0-9-]+$/, 'letters, digits and hyphen');

export const PERSON_SORTS = ['employeeNo', 'name', 'birthDate', 'joinedPartyOn', 'partyStatus', 'org'] as const;

/**
 * `GET /api/people`: search `q` (name, pinyin initials such as 'zw' for 张伟, or employee number), filters
 * (organisation subtree, statuses, flags), sort and paging. The same query drives the .xlsx export.
 */
export const personListQuerySchema = pagingSchema
  .extend({
    q: z.string().trim().max(64).optional(),
    /** Only people whose organisation lies in this (visible) organisation's subtree. */
    orgId: z.coerce.number().int().positive().optional(),
    partyStatus: listOf(partyStatusSchema),
    /** Roster status; default 'active'. */
    status: z.enum(['active', 'left', 'all']).default('active'),
    gender: genderSchema.optional(),
    isCadre: flagQuery,
    isRetired: flagQuery,
    isMobile: flagQuery,
    /** true: only people in a branch; false: only people without one. */
    inBranch: flagQuery,
    businessUnit: z.string().trim().max(100).optional(),
    sort: z.enum(PERSON_SORTS).default('employeeNo'),
    order: z.enum(['asc', 'desc']).default('asc'),
  })
  .strict();
export type PersonListQuery = z.infer<typeof personListQuerySchema>;

export const personExportQuerySchema = personListQuerySchema.omit({ page: true, pageSize: true });
export type PersonExportQuery = z.infer<typeof personExportQuerySchema>;

const orgRef = z.object({ id: z.number().int(), code: z.string(), name: z.string(), kind: orgKindSchema });

/** One person in the roster list; `phone` is masked (138****1234) unless the reader may see it (`phoneMasked`). */
export const personListItemSchema = z.object({
  id: z.number().int(),
  employeeNo: z.string(),
  name: z.string(),
  gender: genderSchema,
  ethnicity: z.string().nullable(),
  birthDate: z.string(),
  education: z.string().nullable(),
  jobTitle: z.string().nullable(),
  businessUnit: z.string().nullable(),
  phone: z.string().nullable(),
  phoneMasked: z.boolean(),
  partyStatus: partyStatusSchema,
  joinedPartyOn: z.string().nullable(),
  fullMemberOn: z.string().nullable(),
  probationStart: z.string().nullable(),
  isCadre: z.boolean(),
  isRetired: z.boolean(),
  isMobile: z.boolean(),
  status: personStatusSchema,
  /** The organisation holding the record (the branch, or the unit's organisation for people without one). */
  org: orgRef,
  branch: orgRef.nullable(),
  group: orgRef.nullable(),
});
export type PersonListItem = z.infer<typeof personListItemSchema>;

export const membershipSchema = z.object({
  id: z.number().int(),
  org: orgRef,
  fromOn: z.string(),
  toOn: z.string().nullable(),
  startKind: z.string(),
  endKind: z.string().nullable(),
  reason: z.string().nullable(),
});
export type Membership = z.infer<typeof membershipSchema>;

export const TRANSFER_KINDS = ['in', 'out', 'between'] as const;
export const transferKindSchema = z.enum(TRANSFER_KINDS);
export type TransferKind = z.infer<typeof transferKindSchema>;

export const personTransferSchema = z.object({
  id: z.number().int(),
  kind: transferKindSchema,
  fromOrg: orgRef.nullable(),
  toOrg: orgRef.nullable(),
  externalOrg: z.string().nullable(),
  transferOn: z.string(),
  reason: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
});
export type PersonTransfer = z.infer<typeof personTransferSchema>;

export const personEventSchema = z.object({
  id: z.number().int(),
  kind: z.enum(['created', 'party_status', 'roster']),
  fromValue: z.string().nullable(),
  toValue: z.string().nullable(),
  onDate: z.string(),
  reason: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
});
export type PersonEvent = z.infer<typeof personEventSchema>;

/**
 * The 6-month rule (自行脱党): months without organisational life, dues or assigned work. 'no_data' until
 * the meetings and dues modules provide the facts — never a guessed value.
 */
export const inactivitySchema = z.object({
  state: z.enum(['no_data', 'ok', 'approaching', 'lapsed']),
  months: z.number().nullable(),
  detail: z.string().nullable(),
});
export type Inactivity = z.infer<typeof inactivitySchema>;

/** A person's page: the list fields plus history. */
export const personDetailSchema = personListItemSchema.extend({
  leftOn: z.string().nullable(),
  note: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  memberships: z.array(membershipSchema),
  transfers: z.array(personTransferSchema),
  events: z.array(personEventSchema),
  posts: z.array(
    z.object({
      id: z.number().int(),
      org: orgRef,
      post: z.string(),
      startOn: z.string(),
      endOn: z.string().nullable(),
      active: z.boolean(),
    }),
  ),
  inactivity: inactivitySchema,
});
export type PersonDetail = z.infer<typeof personDetailSchema>;

const personFields = {
  name: z.string().trim().min(1).max(64),
  gender: genderSchema,
  ethnicity: z.string().trim().max(20).nullable().optional(),
  birthDate: isoDateSchema,
  education: z.string().trim().max(20).nullable().optional(),
  jobTitle: z.string().trim().max(64).nullable().optional(),
  businessUnit: z.string().trim().max(100).nullable().optional(),
  phone: phoneSchema.nullable().optional(),
  joinedPartyOn: isoDateSchema.nullable().optional(),
  fullMemberOn: isoDateSchema.nullable().optional(),
  probationStart: isoDateSchema.nullable().optional(),
  isCadre: z.boolean().optional(),
  isRetired: z.boolean().optional(),
  isMobile: z.boolean().optional(),
  note: z.string().trim().max(500).nullable().optional(),
};

/**
 * `POST /api/people`: a new person on the roster. `orgId` is their branch (required for every status but
 * 群众) or, for 群众, the organisation of their unit; `memberSince` starts the membership (default today).
 */
export const personCreateSchema = z
  .object({
    employeeNo: employeeNoSchema,
    ...personFields,
    partyStatus: partyStatusSchema,
    orgId: z.number().int().positive(),
    groupId: z.number().int().positive().nullable().optional(),
    memberSince: isoDateSchema.optional(),
  })
  .strict();
export type PersonCreateInput = z.infer<typeof personCreateSchema>;

/** `PATCH /api/people/:id`: personal data and date corrections; status, branch and group change only through events. */
export const personUpdateSchema = z
  .object({
    employeeNo: employeeNoSchema.optional(),
    name: personFields.name.optional(),
    gender: genderSchema.optional(),
    ethnicity: personFields.ethnicity,
    birthDate: isoDateSchema.optional(),
    education: personFields.education,
    jobTitle: personFields.jobTitle,
    businessUnit: personFields.businessUnit,
    phone: personFields.phone,
    joinedPartyOn: personFields.joinedPartyOn,
    fullMemberOn: personFields.fullMemberOn,
    probationStart: personFields.probationStart,
    isCadre: personFields.isCadre,
    isRetired: personFields.isRetired,
    isMobile: personFields.isMobile,
    note: personFields.note,
  })
  .strict();
export type PersonUpdateInput = z.infer<typeof personUpdateSchema>;

/**
 * `POST /api/people/:id/status-events`: a party-status change on a date (e.g. probationary → full, 转正),
 * following PARTY_STATUS_TRANSITIONS, or a roster change (left the enterprise / back).
 */
export const personStatusEventSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('party_status'),
      toStatus: z.enum(PARTY_STATUSES),
      on: isoDateSchema,
      reason: z.string().trim().min(1).max(500),
      /** For a person without a branch entering the Party's stages (e.g. 群众 → 入党申请人): the branch taking them in. */
      branchId: z.number().int().positive().optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('roster'),
      toStatus: personStatusSchema,
      on: isoDateSchema,
      reason: z.string().trim().min(1).max(500),
    })
    .strict(),
]);
export type PersonStatusEventInput = z.infer<typeof personStatusEventSchema>;

/**
 * `POST /api/people/:id/transfers` (组织关系转接): `in` from outside into branch `toOrgId` (`externalOrg` = where
 * from); `out` to outside (`externalOrg` = where to); `between` from the current branch to `toOrgId`.
 */
export const personTransferCreateSchema = z
  .object({
    kind: transferKindSchema,
    on: isoDateSchema,
    reason: z.string().trim().min(1).max(500),
    toOrgId: z.number().int().positive().optional(),
    toGroupId: z.number().int().positive().nullable().optional(),
    externalOrg: z.string().trim().min(1).max(200).optional(),
  })
  .strict();
export type PersonTransferCreateInput = z.infer<typeof personTransferCreateSchema>;

/** `PUT /api/people/:id/group`: assigns the person to a group of their branch (or none) from a date. */
export const personGroupUpdateSchema = z
  .object({
    groupId: z.number().int().positive().nullable(),
    on: isoDateSchema,
    reason: z.string().trim().max(500).optional(),
  })
  .strict();
export type PersonGroupUpdateInput = z.infer<typeof personGroupUpdateSchema>;
