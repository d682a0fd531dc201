import type { MeetingType, MeetingTypeUpsert, OrgKind } from '@guantong/shared';
import type { Kysely, Selectable } from 'kysely';
import type { Actor } from '../../core/access.js';
import { audit } from '../../core/audit.js';
import type { AppContext } from '../../core/context.js';
import { AppError, conflict, forbidden, notFound } from '../../core/errors.js';
import type { DB } from '../../db/schema.js';
import { managesMeetingTypes } from './meetings.policy.js';
import type { MeetingTypesTable } from './meetings.tables.js';

function requireTypeManager(actor: Actor): void {
  if (!managesMeetingTypes(actor)) {
    throw forbidden('Only the system administrator or an operator of the top organisation may change meeting types.');
  }
}

/** A meeting type as the API shows it. */
export function presentMeetingType(r: Selectable<MeetingTypesTable>): MeetingType {
  let kinds: OrgKind[] = [];
  try {
    kinds = JSON.parse(r.org_kinds) as OrgKind[];
  } catch {
    kinds = [];
  }
  return {
    code: r.code,
    name: r.name,
    nameEn: r.name_en,
    category: r.category,
    body: r.body,
    firstTopic: r.first_topic === 1,
    orgLife: r.org_life === 1,
    isStudy: r.is_study === 1,
    isTalk: r.is_talk === 1,
    orgKinds: kinds,
    defaultMinutes: r.default_minutes,
    sortOrder: r.sort_order,
    active: r.active === 1,
  };
}

/** Every meeting type (active and retired), in display order. */
export async function loadMeetingTypes(db: Kysely<DB>): Promise<MeetingType[]> {
  const rows = await db.selectFrom('meeting_types').selectAll().orderBy('sort_order').orderBy('code').execute();
  return rows.map(presentMeetingType);
}

/** One type by code, or 400 naming the field (an unknown type is bad input). */
export async function requireMeetingType(db: Kysely<DB>, code: string): Promise<MeetingType> {
  const row = await db.selectFrom('meeting_types').selectAll().where('code', '=', code).executeTakeFirst();
  if (!row) {
    throw new AppError('VALIDATION_FAILED', 400, `Unknown meeting type ${code}.`, [{ path: 'typeCode', message: 'unknown meeting type' }]);
  }
  return presentMeetingType(row);
}

function toRow(input: MeetingTypeUpsert, isTalk: boolean, now: string) {
  return {
    name: input.name,
    name_en: input.nameEn,
    category: input.category,
    body: input.body,
    first_topic: input.firstTopic ? 1 : 0,
    org_life: input.orgLife ? 1 : 0,
    is_study: input.isStudy ? 1 : 0,
    is_talk: isTalk ? 1 : 0,
    org_kinds: JSON.stringify(input.orgKinds),
    default_minutes: input.defaultMinutes,
    sort_order: input.sortOrder,
    active: input.active ? 1 : 0,
    updated_at: now,
  };
}

/** Adds a meeting type (top operators extend the list, e.g. 联席会议); audited. */
export async function createMeetingType(ctx: AppContext, actor: Actor, input: MeetingTypeUpsert): Promise<MeetingType> {
  requireTypeManager(actor);
  const db = ctx.database.db;
  if (await db.selectFrom('meeting_types').select('code').where('code', '=', input.code).executeTakeFirst()) {
    throw conflict(`A meeting type ${input.code} already exists.`);
  }
  const now = ctx.clock().toISOString();
  const values = { code: input.code, ...toRow(input, input.category === 'talk', now), created_at: now };
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('meeting_types').values(values).execute();
    await audit(trx, actor, { action: 'meeting_type.created', entityType: 'meeting_type', entityId: input.code, after: values }, ctx.clock);
  });
  return requireMeetingType(db, input.code);
}

/** Edits a meeting type's name, flags or kinds (the code stays; top operators only); audited field by field. */
export async function updateMeetingType(ctx: AppContext, actor: Actor, code: string, input: MeetingTypeUpsert): Promise<MeetingType> {
  requireTypeManager(actor);
  const db = ctx.database.db;
  const before = await db.selectFrom('meeting_types').selectAll().where('code', '=', code).executeTakeFirst();
  if (!before) {
    throw notFound('meeting type');
  }
  const now = ctx.clock().toISOString();
  const values = toRow(input, before.is_talk === 1 || input.category === 'talk', now);
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('meeting_types').set(values).where('code', '=', code).execute();
    await audit(
      trx,
      actor,
      { action: 'meeting_type.updated', entityType: 'meeting_type', entityId: code, before, after: { ...before, ...values } },
      ctx.clock,
    );
  });
  return requireMeetingType(db, code);
}
