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
