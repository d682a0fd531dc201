import { z } from 'zod';

/** 党建工作体系: a tree per year of elements (要素) → pillars → requirements. */
export const FRAMEWORK_NODE_KINDS = ['element', 'pillar', 'requirement'] as const;
export const frameworkNodeKindSchema = z.enum(FRAMEWORK_NODE_KINDS);
export type FrameworkNodeKind = z.infer<typeof frameworkNodeKindSchema>;

export const FRAMEWORK_VERSION_STATUSES = ['draft', 'active', 'archived'] as const;
export const frameworkVersionStatusSchema = z.enum(FRAMEWORK_VERSION_STATUSES);
export type FrameworkVersionStatus = z.infer<typeof frameworkVersionStatusSchema>;

export const frameworkNodeStatusSchema = z.enum(['active', 'retired']);
export type FrameworkNodeStatus = z.infer<typeof frameworkNodeStatusSchema>;

/** The kind a child must have under a parent of the given kind (null = the top level). */
export function childKindOf(parentKind: FrameworkNodeKind | null): FrameworkNodeKind | null {
  if (parentKind === null) {
    return 'element';
  }
  if (parentKind === 'element') {
    return 'pillar';
  }
  if (parentKind === 'pillar') {
    return 'requirement';
  }
  return null;
}

/** A year between 2000 and 2100, as a path parameter. */
export const frameworkYearParamSchema = z.object({ year: z.coerce.number().int().min(2000).max(2100) }).strict();
export type FrameworkYearParam = z.infer<typeof frameworkYearParamSchema>;

export const frameworkTreeQuerySchema = z.object({ includeRetired: z.enum(['true', 'false']).optional() }).strict();
export type FrameworkTreeQuery = z.infer<typeof frameworkTreeQuerySchema>;

const codeSchema = z
  .string()
  .trim()
  .min(1)
  .max(32)
  .regex(/^[0-9A-Za-z]+(\.[0-9A-Za-z]+)*$/, 'segments of letters or digits separated by dots, e.g. 3.1.2');

/** The fields of one node, without its children. */
export const frameworkNodeFieldsSchema = z.object({
  id: z.number().int(),
  versionId: z.number().int(),
  lineageId: z.number().int(),
  parentId: z.number().int().nullable(),
  code: z.string(),
  name: z.string(),
  nameEn: z.string(),
  kind: frameworkNodeKindSchema,
  description: z.string(),
  evidence: z.string(),
  weight: z.number(),
  assessable: z.boolean(),
  sortOrder: z.number().int(),
  status: frameworkNodeStatusSchema,
  retiredAt: z.string().nullable(),
});
export type FrameworkNodeFields = z.infer<typeof frameworkNodeFieldsSchema>;

export interface FrameworkNode extends FrameworkNodeFields {
  children: FrameworkNode[];
}
/** A node with its children, recursively. */
export const frameworkNodeSchema: z.ZodType<FrameworkNode> = z.lazy(() =>
  frameworkNodeFieldsSchema.extend({ children: z.array(frameworkNodeSchema) }),
);

export const frameworkVersionSchema = z.object({
  id: z.number().int(),
  year: z.number().int(),
  status: frameworkVersionStatusSchema,
  copiedFromYear: z.number().int().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type FrameworkVersion = z.infer<typeof frameworkVersionSchema>;

export const frameworkVersionSummarySchema = frameworkVersionSchema.extend({
  elements: z.number().int(),
  pillars: z.number().int(),
  requirements: z.number().int(),
  retired: z.number().int(),
});
export type FrameworkVersionSummary = z.infer<typeof frameworkVersionSummarySchema>;

/** `GET /api/framework/current` and `GET /api/framework/versions/:year`: one year's tree (fixed contract). */
export const frameworkTreeSchema = z.object({
  version: frameworkVersionSchema,
  year: z.number().int(),
  /** True when the actor may edit this framework (org_admin at the top committee, or sysadmin). */
  canEdit: z.boolean(),
  nodes: z.array(frameworkNodeSchema),
});
export type FrameworkTree = z.infer<typeof frameworkTreeSchema>;

export const frameworkVersionListSchema = z.object({
  /** The year `current` answers for (may be an earlier version when this year has none in force). */
  currentYear: z.number().int().nullable(),
  canEdit: z.boolean(),
  items: z.array(frameworkVersionSummarySchema),
});
export type FrameworkVersionList = z.infer<typeof frameworkVersionListSchema>;

/** One thing linked to a node, contributed by another module's link provider. */
export const frameworkLinkItemSchema = z.object({
  id: z.union([z.number(), z.string()]),
  title: z.string(),
  subtitle: z.string().nullable().optional(),
  status: z.string().nullable().optional(),
  /** A web path to open it, e.g. /tasks/12. */
  href: z.string().nullable().optional(),
  nodeId: z.number().int().nullable().optional(),
});
export type FrameworkLinkItem = z.infer<typeof frameworkLinkItemSchema>;

export const frameworkLinkGroupSchema = z.object({
  provider: z.string(),
  type: z.string(),
  count: z.number().int(),
  items: z.array(frameworkLinkItemSchema),
  /** True when the provider failed; nothing is shown rather than a guess. */
  unavailable: z.boolean(),
});
export type FrameworkLinkGroup = z.infer<typeof frameworkLinkGroupSchema>;

export const frameworkNodeRefSchema = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  kind: frameworkNodeKindSchema,
});
export type FrameworkNodeRef = z.infer<typeof frameworkNodeRefSchema>;

export const frameworkHistoryEntrySchema = z.object({
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  year: z.number().int().nullable(),
  changes: z.array(z.object({ field: z.string(), before: z.unknown(), after: z.unknown() })),
});
export type FrameworkHistoryEntry = z.infer<typeof frameworkHistoryEntrySchema>;

export const frameworkLineageEntrySchema = z.object({
  nodeId: z.number().int(),
  year: z.number().int(),
  versionStatus: frameworkVersionStatusSchema,
  code: z.string(),
  name: z.string(),
  status: frameworkNodeStatusSchema,
});
export type FrameworkLineageEntry = z.infer<typeof frameworkLineageEntrySchema>;

/** `GET /api/framework/nodes/:id`: a node, where it sits, its years, its history and everything linked to it. */
export const frameworkNodeDetailSchema = z.object({
  node: frameworkNodeFieldsSchema,
  version: frameworkVersionSchema,
  path: z.array(frameworkNodeRefSchema),
  children: z.array(frameworkNodeFieldsSchema),
  lineage: z.array(frameworkLineageEntrySchema),
  history: z.array(frameworkHistoryEntrySchema),
  links: z.array(frameworkLinkGroupSchema),
  canEdit: z.boolean(),
});
export type FrameworkNodeDetail = z.infer<typeof frameworkNodeDetailSchema>;

const textField = (max: number) => z.string().trim().max(max);

export const frameworkNodeCreateSchema = z
  .object({
    parentId: z.number().int().positive().nullable(),
    /** Optional; must match the kind the parent allows. */
    kind: frameworkNodeKindSchema.optional(),
    /** Optional; defaults to the parent's code plus the next free number. */
    code: codeSchema.optional(),
    name: textField(200).min(1),
    nameEn: textField(200).default(''),
    description: textField(4000).default(''),
    evidence: textField(2000).default(''),
    weight: z.number().min(0).max(1000).default(1),
    assessable: z.boolean().optional(),
  })
  .strict();
export type FrameworkNodeCreateInput = z.infer<typeof frameworkNodeCreateSchema>;

export const frameworkNodeUpdateSchema = z
  .object({
    code: codeSchema.optional(),
    name: textField(200).min(1).optional(),
    nameEn: textField(200).optional(),
    description: textField(4000).optional(),
    evidence: textField(2000).optional(),
    weight: z.number().min(0).max(1000).optional(),
    assessable: z.boolean().optional(),
  })
  .strict()
  .refine((v) => Object.keys(v).length > 0, { message: 'nothing to change' });
export type FrameworkNodeUpdateInput = z.infer<typeof frameworkNodeUpdateSchema>;

export const frameworkNodeMoveSchema = z
  .object({
    /** The new parent in the same version (null for an element, which stays at the top). */
    parentId: z.number().int().positive().nullable(),
    /** 0-based place among the new parent's active children; omitted = last. */
    position: z.number().int().min(0).max(10_000).optional(),
    /** Optional new code; when the parent changes and none is given, the next free code under it. */
    code: codeSchema.optional(),
  })
  .strict();
export type FrameworkNodeMoveInput = z.infer<typeof frameworkNodeMoveSchema>;

export const frameworkNodeRetireSchema = z.object({ reason: z.string().trim().max(500).optional() }).strict();
export type FrameworkNodeRetireInput = z.infer<typeof frameworkNodeRetireSchema>;

export const frameworkVersionCreateSchema = z
  .object({
    year: z.number().int().min(2000).max(2100),
    /** `seed` = the 113344 system as the seed describes it; `empty` = start with no nodes. */
    from: z.enum(['seed', 'empty']).default('seed'),
    status: frameworkVersionStatusSchema.default('active'),
  })
  .strict();
export type FrameworkVersionCreateInput = z.infer<typeof frameworkVersionCreateSchema>;

export const frameworkVersionUpdateSchema = z.object({ status: frameworkVersionStatusSchema }).strict();
export type FrameworkVersionUpdateInput = z.infer<typeof frameworkVersionUpdateSchema>;

export const FRAMEWORK_COPY_ACTIONS = ['add', 'update', 'unchanged', 'retire', 'kept_retired', 'target_only'] as const;
export const frameworkCopyActionSchema = z.enum(FRAMEWORK_COPY_ACTIONS);
export type FrameworkCopyAction = z.infer<typeof frameworkCopyActionSchema>;

export const frameworkCopyItemSchema = z.object({
  lineageId: z.number().int(),
  code: z.string(),
  name: z.string(),
  kind: frameworkNodeKindSchema,
  /**
   * add: new in the target; update: fields change; unchanged; retire: retired in the source, so retired in the target;
   * kept_retired: retired in the target and left so; target_only: exists only in the target and is left as is.
   */
  action: frameworkCopyActionSchema,
  changes: z.array(z.object({ field: z.string(), from: z.unknown(), to: z.unknown() })),
  /** Fields the source has empty and the target has filled: the target's value is kept. */
  kept: z.array(z.object({ field: z.string(), value: z.unknown() })),
});
export type FrameworkCopyItem = z.infer<typeof frameworkCopyItemSchema>;

/** What copying one year to the next does (preview) or did (copy). */
export const frameworkCopyPlanSchema = z.object({
  sourceYear: z.number().int(),
  targetYear: z.number().int(),
  targetExists: z.boolean(),
  targetStatus: frameworkVersionStatusSchema.nullable(),
  summary: z.object({
    add: z.number().int(),
    update: z.number().int(),
    unchanged: z.number().int(),
    retire: z.number().int(),
    keptRetired: z.number().int(),
    targetOnly: z.number().int(),
    keptValues: z.number().int(),
  }),
  items: z.array(frameworkCopyItemSchema),
  /** Active codes that would be used twice in the target; the copy is refused while there are any. */
  conflicts: z.array(z.object({ code: z.string(), names: z.array(z.string()) })),
  applied: z.boolean(),
});
export type FrameworkCopyPlan = z.infer<typeof frameworkCopyPlanSchema>;
