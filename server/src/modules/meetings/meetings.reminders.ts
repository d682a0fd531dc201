import type { AppContext } from '../../core/context.js';
import type { JobDefinition } from '../../core/jobs.js';
import type { NotificationDraft } from '../notifications/notifications.channels.js';
import { notify } from '../notifications/notifications.service.js';

/** How long before a meeting its people are reminded. */
export const REMINDER_LEAD_MS = 24 * 3600_000;

function hhmm(iso: string): string {
  const local = new Date(Date.parse(iso) + 8 * 3600_000).toISOString();
  return `${local.slice(5, 7)}月${local.slice(8, 10)}日 ${local.slice(11, 16)}`;
}

/**
 * Reminds the expected attendees (those with an account), the chair and the recorder of every planned meeting
 * starting within the next 24 hours, once per meeting time (a moved meeting is reminded again). Bounded batches.
 */
export async function sendMeetingReminders(ctx: AppContext): Promise<{ meetings: number; notified: number }> {
  const db = ctx.database.db;
  const now = ctx.clock();
  const until = new Date(now.getTime() + REMINDER_LEAD_MS).toISOString();
  let meetings = 0;
  let notified = 0;
  for (;;) {
    const due = await db
      .selectFrom('meetings as m')
      .innerJoin('orgs as o', 'o.id', 'm.org_id')
      .innerJoin('meeting_types as ty', 'ty.code', 'm.type_code')
      .select([
        'm.id',
        'm.title',
        'm.starts_at',
        'm.place',
        'm.chair_person_id',
        'm.recorder_person_id',
        'o.name as org_name',
        'ty.name as type_name',
      ])
      .where('m.status', '=', 'planned')
      .where('m.reminder_sent_at', 'is', null)
      .where('m.starts_at', '>', now.toISOString())
      .where('m.starts_at', '<=', until)
      .orderBy('m.starts_at')
      .limit(200)
      .execute();
    if (due.length === 0) {
      break;
    }
    const ids = due.map((d) => d.id);
    const attendees = await db
      .selectFrom('meeting_attendees as a')
      .innerJoin('users as u', 'u.person_id', 'a.person_id')
      .select(['a.meeting_id', 'u.id as user_id'])
      .where('a.meeting_id', 'in', ids)
      .where('a.expected', '=', 1)
      .where('u.status', '=', 'active')
      .execute();
    const leads = await db
      .selectFrom('users')
      .select(['id', 'person_id'])
      .where(
        'person_id',
        'in',
        due
          .flatMap((d) => [d.chair_person_id, d.recorder_person_id])
          .filter((x): x is number => x !== null)
          .concat([-1]),
      )
      .where('status', '=', 'active')
      .execute();
    const drafts: NotificationDraft[] = [];
    for (const m of due) {
      const users = new Set(attendees.filter((a) => a.meeting_id === m.id).map((a) => a.user_id));
      for (const l of leads) {
        if (l.person_id === m.chair_person_id || l.person_id === m.recorder_person_id) {
          users.add(l.id);
        }
      }
      for (const userId of users) {
        drafts.push({
          userId,
          kind: 'meeting_reminder',
          title: `会议提醒：${m.title}`,
          body: `${m.org_name} ${m.type_name}，${hhmm(m.starts_at)}${m.place ? `，地点：${m.place}` : ''}`,
          link: `/meetings/${m.id}`,
          entityType: 'meeting',
          entityId: m.id,
          dedupeKey: `meeting:${m.id}:${m.starts_at}`,
        });
      }
    }
    await db.transaction().execute(async (trx) => {
      notified += await notify(trx, ctx, drafts);
      await trx.updateTable('meetings').set({ reminder_sent_at: now.toISOString() }).where('id', 'in', ids).execute();
    });
    meetings += due.length;
  }
  return { meetings, notified };
}

/** Every 15 minutes: reminders for meetings in the next 24 hours. */
export const meetingReminderJob: JobDefinition = {
  name: 'meetings.reminders',
  intervalMs: 15 * 60_000,
  async run(ctx) {
    const r = await sendMeetingReminders(ctx);
    return `${r.meetings} meetings, ${r.notified} notifications`;
  },
};
