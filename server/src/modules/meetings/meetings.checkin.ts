import { randomInt } from 'node:crypto';
import type { CheckinResult, CheckinState } from '@guantong/shared';
import QRCode from 'qrcode';
import type { Actor } from '../../core/access.js';
import { audit } from '../../core/audit.js';
import type { AppContext } from '../../core/context.js';
import { AppError, invalidState, notFound } from '../../core/errors.js';
import { loadVisibleMeeting, meetingToday, personOfActor, requireRecord } from './meetings.access.js';
import { addDays } from './meetings.dates.js';
import { attendanceSummaries, attendeeRows, findMeetingById, NO_ATTENDANCE } from './meetings.repository.js';

/** Letters and digits that cannot be confused when read off a screen (no 0/O, 1/I/L). */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const CHECKIN_CODE_LENGTH = 6;

/** A random check-in code (31^6 ≈ 887 million values). */
export function newCheckinCode(): string {
  let code = '';
  for (let i = 0; i < CHECKIN_CODE_LENGTH; i++) {
    code += ALPHABET[randomInt(ALPHABET.length)];
  }
  return code;
}

/** Wrong codes one account may submit per window before check-in answers 429 (a member mistyping twice is fine). */
export const CHECKIN_MAX_FAILURES_PER_USER = 10;
/**
 * Wrong codes one address may submit per window: higher than per account, because a meeting room's phones often
 * share one address (Wi-Fi behind NAT); still far too few to guess a 6-character code.
 */
export const CHECKIN_MAX_FAILURES_PER_IP = 30;
export const CHECKIN_WINDOW_MS = 60_000;

interface FailureWindow {
  start: number;
  failures: number;
}

/** Wrong-code counters per app (tests build several apps in one process), keyed `user:<id>` / `ip:<address>`. */
const failureCounters = new WeakMap<AppContext, Map<string, FailureWindow>>();

function countersOf(ctx: AppContext): Map<string, FailureWindow> {
  let m = failureCounters.get(ctx);
  if (!m) {
    m = new Map();
    failureCounters.set(ctx, m);
  }
  return m;
}

function liveWindow(counters: Map<string, FailureWindow>, key: string, now: number): FailureWindow | null {
  const w = counters.get(key);
  if (!w) {
    return null;
  }
  if (now - w.start >= CHECKIN_WINDOW_MS) {
    counters.delete(key);
    return null;
  }
  return w;
}

function checkinKeys(actor: Actor): Array<{ key: string; limit: number; scope: 'user' | 'ip' }> {
  const keys: Array<{ key: string; limit: number; scope: 'user' | 'ip' }> = [
    { key: `user:${actor.userId ?? actor.username}`, limit: CHECKIN_MAX_FAILURES_PER_USER, scope: 'user' },
  ];
  if (actor.ip) {
    keys.push({ key: `ip:${actor.ip}`, limit: CHECKIN_MAX_FAILURES_PER_IP, scope: 'ip' });
  }
  return keys;
}

/** 429 while the account or the address has used up its wrong codes for the window (right codes wait too). */
function assertCheckinAllowed(ctx: AppContext, actor: Actor): void {
  const counters = countersOf(ctx);
  const now = ctx.clock().getTime();
  for (const k of checkinKeys(actor)) {
    const w = liveWindow(counters, k.key, now);
    if (w && w.failures >= k.limit) {
      throw new AppError('TOO_MANY_REQUESTS', 429, 'Too many wrong check-in codes. Wait a minute and try again.', {
        scope: k.scope,
        limit: k.limit,
        windowSeconds: CHECKIN_WINDOW_MS / 1000,
        retryAt: new Date(w.start + CHECKIN_WINDOW_MS).toISOString(),
      });
    }
  }
}

function recordCheckinFailure(ctx: AppContext, actor: Actor): void {
  const counters = countersOf(ctx);
  const now = ctx.clock().getTime();
  if (counters.size > 10_000) {
    for (const [key, w] of counters) {
      if (now - w.start >= CHECKIN_WINDOW_MS) {
        counters.delete(key);
      }
    }
  }
  for (const k of checkinKeys(actor)) {
    const w = liveWindow(counters, k.key, now);
    if (w) {
      w.failures += 1;
    } else {
      counters.set(k.key, { start: now, failures: 1 });
    }
  }
}

/** The web path a member opens to check in (the QR encodes the absolute form). */
export function checkinPath(code: string): string {
  return `/meetings/checkin?code=${code}`;
}

async function state(ctx: AppContext, actor: Actor, id: number, origin: string | null): Promise<CheckinState> {
  const row = await loadVisibleMeeting(ctx, actor, id);
  const now = ctx.clock().toISOString();
  const open = row.checkin_open === 1 && !!row.checkin_expires_at && row.checkin_expires_at > now && row.status !== 'cancelled';
  const summary = (await attendanceSummaries(ctx.database.db, [id])).get(id) ?? NO_ATTENDANCE;
  const url = open && row.checkin_code ? checkinPath(row.checkin_code) : null;
  const qrSvg = url ? await QRCode.toString(`${origin ?? ''}${url}`, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }) : null;
  return {
    meetingId: id,
    open,
    code: open ? row.checkin_code : null,
    expiresAt: open ? row.checkin_expires_at : null,
    url,
    qrSvg,
    attendance: summary,
  };
}

/** The check-in screen's state: code, expiry, QR (SVG, made locally) and live attendance; only for recorders. */
export async function getCheckin(ctx: AppContext, actor: Actor, id: number, origin: string | null): Promise<CheckinState> {
  const row = await loadVisibleMeeting(ctx, actor, id);
  await requireRecord(ctx, actor, row);
  return state(ctx, actor, id, origin);
}

/**
 * Opens check-in for `minutes`: a fresh short code unique among open check-ins (a reopened meeting gets a new one).
 * Only on or after the day before the meeting, and not for a cancelled one.
 */
export async function openCheckin(
  ctx: AppContext,
  actor: Actor,
  id: number,
  minutes: number,
  origin: string | null,
): Promise<CheckinState> {
  const db = ctx.database.db;
  const row = await loadVisibleMeeting(ctx, actor, id);
  await requireRecord(ctx, actor, row);
  if (row.status === 'cancelled') {
    throw invalidState('A cancelled meeting has no check-in.');
  }
  if (row.meeting_date > addDays(meetingToday(ctx), 1)) {
    throw invalidState('Check-in opens on the day of the meeting (or the day before).');
  }
  const now = ctx.clock();
  const nowIso = now.toISOString();
  let code = '';
  for (let attempt = 0; attempt < 10; attempt++) {
    const candidate = newCheckinCode();
    const clash = await db
      .selectFrom('meetings')
      .select('id')
      .where('checkin_code', '=', candidate)
      .where('checkin_open', '=', 1)
      .where('checkin_expires_at', '>', nowIso)
      .executeTakeFirst();
    if (!clash) {
      code = candidate;
      break;
    }
  }
  if (!code) {
    throw new AppError('CONFLICT', 409, 'Could not allocate a check-in code; try again.');
  }
  const expiresAt = new Date(now.getTime() + minutes * 60_000).toISOString();
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('meetings')
      .set({ checkin_code: code, checkin_open: 1, checkin_expires_at: expiresAt, updated_at: nowIso })
      .where('id', '=', id)
      .execute();
    await audit(
      trx,
      actor,
      { action: 'meeting.checkin_opened', entityType: 'meeting', entityId: id, after: { checkin_expires_at: expiresAt } },
      ctx.clock,
    );
  });
  return state(ctx, actor, id, origin);
}

/** Closes check-in (the code stops working at once). */
export async function closeCheckin(ctx: AppContext, actor: Actor, id: number): Promise<CheckinState> {
  const db = ctx.database.db;
  const row = await loadVisibleMeeting(ctx, actor, id);
  await requireRecord(ctx, actor, row);
  const now = ctx.clock().toISOString();
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('meetings').set({ checkin_open: 0, updated_at: now }).where('id', '=', id).execute();
    await audit(trx, actor, { action: 'meeting.checkin_closed', entityType: 'meeting', entityId: id }, ctx.clock);
  });
  return state(ctx, actor, id, null);
}

/**
 * A member checks in with the code shown on screen: their linked person is marked present (added as a guest when
 * not expected, e.g. a leader at a branch's 组织生活). A wrong or expired code is a 404; checking in twice is fine.
 * Wrong codes are limited per account and per address (CHECKIN_MAX_FAILURES_*, per minute): past the limit, 429.
 */
export async function submitCheckin(ctx: AppContext, actor: Actor, code: string): Promise<CheckinResult> {
  const db = ctx.database.db;
  const personId = await personOfActor(db, actor);
  if (personId === null) {
    throw new AppError('FORBIDDEN', 403, 'Your account is not linked to a person on the roster; ask the recorder to mark you present.');
  }
  assertCheckinAllowed(ctx, actor);
  const now = ctx.clock().toISOString();
  const hit = await db
    .selectFrom('meetings')
    .select('id')
    .where('checkin_code', '=', code)
    .where('checkin_open', '=', 1)
    .where('checkin_expires_at', '>', now)
    .where('status', '<>', 'cancelled')
    .executeTakeFirst();
  if (!hit) {
    recordCheckinFailure(ctx, actor);
    throw notFound('open check-in with this code');
  }
  const row = await findMeetingById(db, hit.id);
  if (!row) {
    throw notFound('open check-in with this code');
  }
  const existing = await db
    .selectFrom('meeting_attendees')
    .select(['status', 'expected'])
    .where('meeting_id', '=', row.id)
    .where('person_id', '=', personId)
    .executeTakeFirst();
  const already = existing?.status === 'present';
  if (!already) {
    await db.transaction().execute(async (trx) => {
      if (existing) {
        await trx
          .updateTable('meeting_attendees')
          .set({ status: 'present', leave_reason: null, checkin_method: 'code', checked_in_at: now, updated_at: now })
          .where('meeting_id', '=', row.id)
          .where('person_id', '=', personId)
          .execute();
      } else {
        const [base] = attendeeRows(row, [personId], false, now);
        if (base) {
          await trx
            .insertInto('meeting_attendees')
            .values({ ...base, status: 'present', checkin_method: 'code', checked_in_at: now })
            .execute();
        }
      }
      await audit(
        trx,
        actor,
        { action: 'meeting.checked_in', entityType: 'meeting', entityId: row.id, note: { person_id: personId, method: 'code' } },
        ctx.clock,
      );
    });
  }
  return {
    meetingId: row.id,
    title: row.title,
    orgName: row.org_name,
    startsAt: row.starts_at,
    status: 'present',
    already,
    expected: existing ? existing.expected === 1 : false,
  };
}
