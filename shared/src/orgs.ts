import { z } from 'zod';
import { orgKindSchema } from './access.js';

export const orgStatusSchema = z.enum(['active', 'merged', 'dissolved']);
export type OrgStatus = z.infer<typeof orgStatusSchema>;

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
  children: OrgNode[];
}

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
