import type { SelectQueryBuilder } from 'kysely';

export interface PageQuery {
  page: number;
  pageSize: number;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/**
 * Runs a filtered query twice — one page of rows (the caller has already ordered it) and the total
 * count — and returns them together. `counted` is the same query before select/order.
 */
export async function paginate<DB, TB extends keyof DB, O>(
  rowsQuery: SelectQueryBuilder<DB, TB, O>,
  countQuery: SelectQueryBuilder<DB, TB, object>,
  q: PageQuery,
): Promise<{ rows: O[]; total: number }> {
  const [rows, total] = await Promise.all([
    rowsQuery
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
    countQuery.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow() as Promise<{ n: number | string }>,
  ]);
  return { rows, total: Number(total.n) };
}
