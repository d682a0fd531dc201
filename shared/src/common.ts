import { z } from 'zod';

/** A positive integer id in a path parameter. */
export const idParamSchema = z.object({ id: z.coerce.number().int().positive() }).strict();
export type IdParam = z.infer<typeof idParamSchema>;

/** Standard paging query: page from 1, pageSize up to 200. */
export const pagingSchema = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});

/** Paged list answer. */
export function pageOf<T extends z.ZodTypeAny>(item: T) {
  return z.object({ items: z.array(item), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });
}

export const okSchema = z.object({ ok: z.literal(true) });

/** ISO date YYYY-MM-DD. */
export const isoDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');
