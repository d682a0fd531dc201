import type { Insertable } from 'kysely';
import type { OrgsTable } from '../../server/src/db/schema.js';
import { insertChunked } from '../lib/bulk.js';
import type { GeneratorStep, OrgRef } from './context.js';

/**
 * The organisation tree of the generated enterprise or group. Ids are assigned here (1…n, parents
 * first) so materialised paths are computed in memory and the rows go in as multi-row INSERTs.
 */
export const orgsStep: GeneratorStep = {
  name: 'orgs',
  tables: ['orgs'],
  async run(ctx) {
    const rows: Array<Insertable<OrgsTable>> = [];
    for (const o of ctx.enterprise.orgs) {
      const parent = o.parentCode === null ? null : ctx.orgByCode.get(o.parentCode);
      if (parent === undefined) {
        throw new Error(`parent ${o.parentCode} of ${o.code} must come first`);
      }
      const id = ctx.orgs.length + 1;
      const ref: OrgRef = {
        id,
        code: o.code,
        kind: o.kind,
        path: `${parent?.path ?? '/'}${id}/`,
        depth: parent ? parent.depth + 1 : 0,
        parentId: parent?.id ?? null,
      };
      ctx.orgs.push(ref);
      ctx.orgByCode.set(o.code, ref);
      rows.push({
        id,
        code: o.code,
        name: o.name,
        short_name: o.shortName,
        kind: o.kind,
        parent_id: ref.parentId,
        path: ref.path,
        depth: ref.depth,
        sort_order: o.sortOrder,
        business_unit: o.businessUnit,
        founded_on: o.foundedOn,
        status: 'active',
        term_start: o.termStart,
        term_years: o.termYears,
        committee_note: o.committeeNote,
        created_at: ctx.now,
        updated_at: ctx.now,
      });
    }
    const kinds = new Map<string, number>();
    for (const o of ctx.orgs) {
      kinds.set(o.kind, (kinds.get(o.kind) ?? 0) + 1);
    }
    return {
      rows: { orgs: await insertChunked(ctx.db, 'orgs', rows, ctx.dialect) },
      note: [...kinds].map(([k, n]) => `${k} ${n}`).join(', '),
    };
  },
};
