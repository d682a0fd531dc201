import type { CampaignParticipation, CampaignParticipationQuery, OrgKind, ParticipationRow } from '@guantong/shared';
import type { Actor } from '../../core/access.js';
import type { AppContext } from '../../core/context.js';
import { notFound } from '../../core/errors.js';
import { memberCountsByBranch } from '../people/people.service.js';
import { answersByOrg, orgsUnder } from './campaigns.repository.js';
import { getCampaign } from './campaigns.service.js';

interface Acc {
  members: number;
  respondents: number;
  answers: number;
}

function rate(a: Acc): number | null {
  return a.members === 0 ? null : Math.round((a.respondents / a.members) * 1000) / 1000;
}

/**
 * Participation of a campaign's audience, per child organisation of the drilled one (default: the campaign's
 * organisation): party members (full + probationary, active roster) of each subtree, how many of them answered,
 * and the answers. Members count by their current branch, answers by the branch they answered from.
 */
export async function campaignParticipation(
  ctx: AppContext,
  actor: Actor,
  id: number,
  q: CampaignParticipationQuery,
): Promise<CampaignParticipation> {
  const db = ctx.database.db;
  const campaign = await getCampaign(ctx, actor, id);
  const orgs = await orgsUnder(
    db,
    (await db.selectFrom('orgs').select('path').where('id', '=', campaign.org.id).executeTakeFirstOrThrow()).path,
  );
  const byId = new Map(orgs.map((o) => [o.id, o]));
  const drilled = byId.get(q.orgId ?? campaign.org.id);
  if (!drilled) {
    throw notFound('organisation');
  }
  const members = await memberCountsByBranch(db, { all: true, prefixes: [] }, drilled.path);
  const answered = await answersByOrg(db, id);
  const perOrg = new Map<string, Acc>();
  const add = (path: string, k: keyof Acc, n: number) => {
    const acc = perOrg.get(path) ?? { members: 0, respondents: 0, answers: 0 };
    acc[k] += n;
    perOrg.set(path, acc);
  };
  for (const m of members) {
    const o = m.branch_id === null ? undefined : byId.get(m.branch_id);
    if (o) {
      add(o.path, 'members', m.n);
    }
  }
  for (const a of answered) {
    const o = byId.get(a.org_id);
    if (o?.path.startsWith(drilled.path)) {
      add(o.path, 'respondents', a.respondents);
      add(o.path, 'answers', a.answers);
    }
  }
  const sumUnder = (path: string, exact = false): Acc => {
    const acc: Acc = { members: 0, respondents: 0, answers: 0 };
    for (const [p, v] of perOrg) {
      if (exact ? p === path : p.startsWith(path)) {
        acc.members += v.members;
        acc.respondents += v.respondents;
        acc.answers += v.answers;
      }
    }
    return acc;
  };
  const ref = (o: { id: number; code: string; name: string; kind: string }) => ({
    id: o.id,
    code: o.code,
    name: o.name,
    kind: o.kind as OrgKind,
  });
  const children = orgs
    .filter((o) => o.parent_id === drilled.id && o.status === 'active' && o.kind !== 'group')
    .sort((a, b) => a.sort_order - b.sort_order || (a.path < b.path ? -1 : 1));
  const rows: ParticipationRow[] = [];
  const own = sumUnder(drilled.path, true);
  if (children.length === 0 || own.members + own.answers > 0) {
    rows.push({ org: ref(drilled), ...own, rate: rate(own), drillable: false });
  }
  for (const c of children) {
    const acc = sumUnder(c.path);
    rows.push({ org: ref(c), ...acc, rate: rate(acc), drillable: orgs.some((o) => o.parent_id === c.id && o.kind !== 'group') });
  }
  const total = sumUnder(drilled.path);
  const ancestors = drilled.path
    .split('/')
    .filter(Boolean)
    .map(Number)
    .map((oid) => byId.get(oid))
    .filter((o): o is NonNullable<typeof o> => o !== undefined && o.id !== drilled.id)
    .map(ref);
  return { org: ref(drilled), ancestors, total: { org: ref(drilled), ...total, rate: rate(total) }, rows };
}
