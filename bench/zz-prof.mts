import { sql } from 'kysely';
import { openDatabase } from '../server/src/db/database.js';
const database = openDatabase(process.argv[2] ?? '');
const db = database.db;
const year = 2026;
async function time<T>(label: string, fn: () => Promise<T>) { const t0 = performance.now(); const r = await fn(); console.log(label, Math.round(performance.now() - t0), Array.isArray(r) ? r.length : ''); return r; }
for (let i = 0; i < 2; i++) {
await time('orgs', () => db.selectFrom('orgs').select(['id', 'code', 'name', 'kind', 'path', 'parent_id', 'depth', 'founded_on', 'term_start']).where('status', '=', 'active').orderBy('path').execute());
await time('posts', () => db.selectFrom('org_posts as p').innerJoin('orgs as o', 'o.id', 'p.org_id').select('p.org_id').distinct().where('o.kind', '=', 'branch').where('p.post', 'in', ['organization_member','propaganda_member','discipline_member','committee_member']).where((eb) => eb.or([eb('p.end_on', 'is', null), eb('p.end_on', '>', '2026-11-26')])).execute());
await time('held', () => db.selectFrom('meetings').select(['org_id', 'type_code', sql<string>`substr(meeting_date, 6, 2)`.as('mm'), sql<number>`count(*)`.as('n')]).where('status', '=', 'held').where('meeting_date', '>=', `${year}-01-01`).where('meeting_date', '<=', `${year}-12-31`).where('type_code', 'in', ['general_meeting','branch_committee','group_meeting','party_lecture','theme_day','org_life_meeting','member_review']).groupBy(['org_id', 'type_code', sql`substr(meeting_date, 6, 2)`]).execute());
await time('members', () => db.selectFrom('people').select(['id', 'branch_id']).where('status', '=', 'active').where('party_status', 'in', ['full', 'probationary']).where('branch_id', 'is not', null).execute());
await time('covered', () => db.selectFrom('meetings as m').innerJoin('meeting_attendees as a', 'a.meeting_id', 'm.id').select('a.person_id').distinct().where('m.status', '=', 'held').where('m.meeting_date', '>=', `${year}-01-01`).where('m.meeting_date', '<=', `${year}-12-31`).where('m.type_code', 'in', ['talk']).where('a.status', '=', 'present').execute());
}
await database.destroy();
