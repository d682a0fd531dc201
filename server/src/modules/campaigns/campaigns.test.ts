import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPerson, readXlsx } from '../orgs/orgs.testkit.js';
import { expectStatus, multipart, PNG, type TaskWorld, taskWorld } from '../tasks/tasks.fixtures.js';

const QUESTION = '赶超标杆我能干成什么';

/**
 * Audience of the campaign under test: committee C's subtree. Party members: B11 4 full + 1 probationary (one of
 * them is the account b11mem), B12 3 full, B21 2 full and one activist (not a party member).
 */
describe('discussion campaigns (大讨论)', () => {
  let w: TaskWorld;
  const people: Record<string, number[]> = {};
  let self: number;
  let activist: number;
  let campaignId: number;

  beforeAll(async () => {
    w = await taskWorld();
    const { b11, b12, b21 } = w.tree;
    self = await addPerson(w.t, { branchId: b11.id, name: '李明' });
    people.b11 = [self];
    for (let i = 0; i < 3; i++) {
      people.b11.push(await addPerson(w.t, { branchId: b11.id }));
    }
    people.b11.push(await addPerson(w.t, { branchId: b11.id, status: 'probationary' }));
    people.b12 = [];
    for (let i = 0; i < 3; i++) {
      people.b12.push(await addPerson(w.t, { branchId: b12.id }));
    }
    people.b21 = [await addPerson(w.t, { branchId: b21.id }), await addPerson(w.t, { branchId: b21.id })];
    activist = await addPerson(w.t, { branchId: b21.id, status: 'activist' });
    await w.t.database.db.updateTable('users').set({ person_id: self }).where('id', '=', w.users.b11mem).execute();
  });
  afterAll(async () => w.close());

  function call(method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, as: string, payload?: unknown) {
    return w.t.call({ method, url, as, ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) });
  }

  it('lets an organiser create and publish a campaign for the subtree; drafts stay with the organisers', async () => {
    const base = {
      orgId: w.tree.c.id,
      title: '“赶超标杆”大讨论',
      question: QUESTION,
      startsOn: '2026-11-20',
      endsOn: '2026-12-10',
      tags: ['降本增效', '安全环保', '降本增效'],
    };
    const draft = expectStatus(await call('POST', '/api/campaigns', 'zzb', base), 201).json();
    expect(draft).toMatchObject({ status: 'draft', phase: 'draft', tags: ['降本增效', '安全环保'], canOrganise: true, canAnswer: false });
    expect((await call('GET', `/api/campaigns/${draft.id}`, 'b11sec')).statusCode).toBe(404);
    expect((await call('GET', '/api/campaigns', 'b11sec')).json().total).toBe(0);
    const published = expectStatus(await call('POST', `/api/campaigns/${draft.id}/publish`, 'zzb'), 200).json();
    expect(published).toMatchObject({ status: 'published', phase: 'open' });
    campaignId = draft.id;
    expect((await call('POST', `/api/campaigns/${draft.id}/publish`, 'zzb')).statusCode).toBe(409);
    // Addressed to every organisation of the subtree: a branch secretary and a member see it.
    expectStatus(await call('GET', `/api/campaigns/${campaignId}`, 'b21sec'), 200);
    const mine = expectStatus(await call('GET', '/api/campaigns?phase=open', 'b11mem'), 200).json();
    expect(mine.items.map((c: { id: number }) => c.id)).toEqual([campaignId]);
    expect(mine.items[0].canAnswer).toBe(true);
    expect(mine.items[0].canOrganise).toBe(false);
    // A campaign of another branch does not reach B11.
    const b21Only = expectStatus(
      await call('POST', '/api/campaigns', 'b21sec', { ...base, orgId: w.tree.b21.id, title: '二厂一支部讨论', publish: true }),
      201,
    ).json();
    expect((await call('GET', `/api/campaigns/${b21Only.id}`, 'b11sec')).statusCode).toBe(404);
    expectStatus(await call('GET', `/api/campaigns/${b21Only.id}`, 'zzb'), 200);
  });

  it('refuses bad input and the wrong people', async () => {
    const base = { orgId: w.tree.c.id, title: 't', question: QUESTION, startsOn: '2026-11-20', endsOn: '2026-12-10' };
    expect((await call('POST', '/api/campaigns', 'zzb', { ...base, endsOn: '2026-11-01' })).statusCode).toBe(400);
    expect((await call('POST', '/api/campaigns', 'zzb', { ...base, startsOn: '2026-02-31' })).statusCode).toBe(400);
    expect((await call('POST', '/api/campaigns', 'zzb', { ...base, question: '' })).statusCode).toBe(400);
    expect((await call('POST', '/api/campaigns', 'zzb', { ...base, extra: 1 })).statusCode).toBe(400);
    expect((await call('POST', '/api/campaigns', 'b11mem', base)).statusCode).toBe(403);
    expect((await call('POST', '/api/campaigns', 'b11sec', base)).statusCode).toBe(404);
    expect((await call('PATCH', `/api/campaigns/${campaignId}`, 'b11sec', { title: 'x' })).statusCode).toBe(403);
    expect((await call('GET', '/api/campaigns/99999', 'zzb')).statusCode).toBe(404);
  });

  it('takes answers from members themselves and from secretaries recording for their members only', async () => {
    const own = expectStatus(
      await call('POST', `/api/campaigns/${campaignId}/answers`, 'b11mem', { text: '优化熔铸工序，降低能耗5%' }),
      201,
    ).json();
    expect(own).toMatchObject({
      person: { id: self, name: '李明' },
      org: { id: w.tree.b11.id },
      shortlisted: false,
      task: null,
      canAttach: true,
    });
    expectStatus(
      await call('POST', `/api/campaigns/${campaignId}/answers`, 'b11sec', { text: '推行班组精益看板', personId: people.b11[1] }),
      201,
    );
    expectStatus(
      await call('POST', `/api/campaigns/${campaignId}/answers`, 'b11sec', { text: '再补充一条：设备点检标准化', personId: people.b11[1] }),
      201,
    );
    expectStatus(
      await call('POST', `/api/campaigns/${campaignId}/answers`, 'b12sec', { text: '缩短换辊时间', personId: people.b12[0] }),
      201,
    );
    expectStatus(
      await call('POST', `/api/campaigns/${campaignId}/answers`, 'b21sec', { text: '积极分子的建议：改进安全培训', personId: activist }),
      201,
    );
    // Not their member, unknown person, no person behind the account, too short.
    const foreign = await call('POST', `/api/campaigns/${campaignId}/answers`, 'b11sec', {
      text: '替别的支部填写',
      personId: people.b12[1],
    });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().error.details[0].path).toBe('personId');
    expect(
      (await call('POST', `/api/campaigns/${campaignId}/answers`, 'b11sec', { text: '不存在的人', personId: 999999 })).statusCode,
    ).toBe(400);
    expect((await call('POST', `/api/campaigns/${campaignId}/answers`, 'zzb', { text: '我自己的想法' })).statusCode).toBe(400);
    expect((await call('POST', `/api/campaigns/${campaignId}/answers`, 'b11mem', { text: 'a' })).statusCode).toBe(400);
  });

  it('shows each reader the answers they may see: organisers all, secretaries their branch, members their own', async () => {
    const all = expectStatus(await call('GET', `/api/campaigns/${campaignId}/answers`, 'zzb'), 200).json();
    expect(all.total).toBe(5);
    const b12 = expectStatus(await call('GET', `/api/campaigns/${campaignId}/answers`, 'b12sec'), 200).json();
    expect(b12.items.map((a: { org: { id: number } }) => a.org.id)).toEqual([w.tree.b12.id]);
    const member = expectStatus(await call('GET', `/api/campaigns/${campaignId}/answers`, 'b11mem'), 200).json();
    expect(member.total).toBe(1);
    expect(member.items[0].person.id).toBe(self);
    const g1 = expectStatus(await call('GET', `/api/campaigns/${campaignId}/answers?orgId=${w.tree.g1.id}&q=看板`, 'zzb'), 200).json();
    expect(g1.total).toBe(1);
  });

  it('counts participation per organisation: party members who answered, against the members of each subtree', async () => {
    const top = expectStatus(await call('GET', `/api/campaigns/${campaignId}/participation`, 'zzb'), 200).json();
    expect(top.total).toMatchObject({ members: 10, respondents: 3, answers: 5, rate: 0.3 });
    const byCode = Object.fromEntries(top.rows.map((r: { org: { code: string } }) => [r.org.code, r]));
    expect(byCode.G1).toMatchObject({ members: 8, respondents: 3, answers: 4, rate: 0.375, drillable: true });
    // The activist's answer counts as an answer but not as a member's participation.
    expect(byCode.G2).toMatchObject({ members: 2, respondents: 0, answers: 1, rate: 0 });
    const g1 = expectStatus(await call('GET', `/api/campaigns/${campaignId}/participation?orgId=${w.tree.g1.id}`, 'b11sec'), 200).json();
    expect(g1.ancestors.map((o: { code: string }) => o.code)).toEqual(['C']);
    const rows = Object.fromEntries(g1.rows.map((r: { org: { code: string } }) => [r.org.code, r]));
    expect(rows.B11).toMatchObject({ members: 5, respondents: 2, answers: 3, rate: 0.4, drillable: false });
    expect(rows.B12).toMatchObject({ members: 3, respondents: 1, rate: 0.333 });
    expect((await call('GET', `/api/campaigns/${campaignId}/participation?orgId=999999`, 'zzb')).statusCode).toBe(404);
  });

  it('lets organisers tag and shortlist, and nobody else', async () => {
    const list = expectStatus(await call('GET', `/api/campaigns/${campaignId}/answers?order=asc`, 'zzb'), 200).json();
    const first = list.items[0];
    const reviewed = expectStatus(
      await call('PATCH', `/api/campaign-answers/${first.id}`, 'zzb', { tags: ['降本增效', ' 节能 '], shortlisted: true }),
      200,
    ).json();
    expect(reviewed).toMatchObject({ tags: ['降本增效', '节能'], shortlisted: true });
    expect((await call('PATCH', `/api/campaign-answers/${first.id}`, 'b11sec', { shortlisted: false })).statusCode).toBe(403);
    expect((await call('PATCH', `/api/campaign-answers/${first.id}`, 'b12sec', { shortlisted: false })).statusCode).toBe(404);
    expect((await call('PATCH', `/api/campaign-answers/${first.id}`, 'zzb', {})).statusCode).toBe(400);
    const tagged = expectStatus(await call('GET', `/api/campaigns/${campaignId}/answers?tag=节能`, 'zzb'), 200).json();
    expect(tagged.items.map((a: { id: number }) => a.id)).toEqual([first.id]);
    const shortlisted = expectStatus(await call('GET', `/api/campaigns/${campaignId}/answers?filter=shortlisted`, 'zzb'), 200).json();
    expect(shortlisted.total).toBe(1);
  });

  it('adopts an answer into a task through the task engine, linked both ways, once', async () => {
    const list = expectStatus(await call('GET', `/api/campaigns/${campaignId}/answers?order=asc`, 'zzb'), 200).json();
    const answer = list.items[1];
    const before = await w.t.database.db
      .selectFrom('tasks')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const bad = await call('POST', `/api/campaign-answers/${answer.id}/adopt`, 'zzb', {
      title: '推行班组精益看板',
      orgId: 999999,
      dueOn: '2027-03-31',
    });
    expect(bad.statusCode).toBe(404);
    const after = await w.t.database.db
      .selectFrom('tasks')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    const adopted = expectStatus(
      await call('POST', `/api/campaign-answers/${answer.id}/adopt`, 'zzb', {
        title: '推行班组精益看板',
        orgId: w.tree.b11.id,
        dueOn: '2027-03-31',
      }),
      200,
    ).json();
    expect(adopted.shortlisted).toBe(true);
    expect(adopted.task).toMatchObject({ title: '推行班组精益看板', status: 'issued', dueOn: '2027-03-31' });
    const task = expectStatus(await call('GET', `/api/tasks/${adopted.task.id}`, 'b11sec'), 200).json();
    expect(task.source).toMatchObject({
      type: 'campaign_answer',
      id: answer.id,
      href: `/mission/campaigns/${campaignId}?answer=${answer.id}`,
    });
    expect(task.source.title).toContain('“赶超标杆”大讨论');
    expect(task.frameworkNodes.map((n: { code: string }) => n.code)).toEqual(['1.1.7']);
    expect(task.description).toContain(QUESTION);
    expect(
      (await call('POST', `/api/campaign-answers/${answer.id}/adopt`, 'zzb', { title: 'x', orgId: w.tree.b11.id, dueOn: '2027-03-31' }))
        .statusCode,
    ).toBe(409);
    expect((await call('PATCH', `/api/campaign-answers/${answer.id}`, 'zzb', { shortlisted: false })).statusCode).toBe(409);
    const campaign = expectStatus(await call('GET', `/api/campaigns/${campaignId}`, 'zzb'), 200).json();
    expect(campaign).toMatchObject({ answers: 5, respondents: 4, shortlisted: 2, adopted: 1 });
    const log = await w.t.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_type', '=', 'campaign_answer')
      .where('entity_id', '=', String(answer.id))
      .execute();
    expect(log.map((l) => l.action)).toEqual(['campaign_answer.created', 'campaign_answer.adopted']);
  });

  it('keeps attachments with the answer: its submitter attaches, only those who see the answer download', async () => {
    const mine = expectStatus(await call('GET', `/api/campaigns/${campaignId}/answers?filter=mine`, 'b11mem'), 200).json();
    const answerId = mine.items[0].id;
    const up = multipart('现场照片.png', PNG, 'image/png');
    const file = expectStatus(
      await w.t.call({ method: 'POST', url: `/api/campaign-answers/${answerId}/files`, as: 'b11mem', ...up }),
      201,
    ).json();
    const again = expectStatus(await call('GET', `/api/campaigns/${campaignId}/answers?filter=mine`, 'b11mem'), 200).json();
    expect(again.items[0].files.map((f: { id: number }) => f.id)).toEqual([file.id]);
    expect((await call('GET', `/api/files/${file.id}`, 'b11mem')).statusCode).toBe(200);
    expect((await call('GET', `/api/files/${file.id}`, 'zzb')).statusCode).toBe(200);
    expect((await call('GET', `/api/files/${file.id}`, 'b12sec')).statusCode).toBe(404);
    const other = await w.t.call({
      method: 'POST',
      url: `/api/campaign-answers/${answerId}/files`,
      as: 'b12sec',
      ...multipart('x.png', PNG, 'image/png'),
    });
    expect(other.statusCode).toBe(404);
  });

  it('lets a member change their own answer while open, audited; not someone else’s, not an adopted one', async () => {
    const mine = expectStatus(await call('GET', `/api/campaigns/${campaignId}/answers?filter=mine`, 'b11mem'), 200).json();
    const own = mine.items[0];
    expect(own.canEdit).toBe(true);
    const edited = expectStatus(
      await call('PUT', `/api/campaign-answers/${own.id}`, 'b11mem', { text: '优化熔铸工序，吨铝能耗降低6%' }),
      200,
    ).json();
    expect(edited).toMatchObject({ id: own.id, text: '优化熔铸工序，吨铝能耗降低6%', canEdit: true, person: { id: self } });
    const log = await w.t.database.db
      .selectFrom('audit_log')
      .select(['action', 'changes'])
      .where('entity_type', '=', 'campaign_answer')
      .where('entity_id', '=', String(own.id))
      .where('action', '=', 'campaign_answer.edited')
      .executeTakeFirstOrThrow();
    expect(log.changes).toContain('优化熔铸工序，降低能耗5%');
    expect(log.changes).toContain('吨铝能耗降低6%');
    expect((await call('PUT', `/api/campaign-answers/${own.id}`, 'b11mem', { text: 'a' })).statusCode).toBe(400);
    // An organiser reads it but does not rewrite a member's words; another branch does not even see it.
    expect((await call('PUT', `/api/campaign-answers/${own.id}`, 'zzb', { text: '组织者改写' })).statusCode).toBe(403);
    expect((await call('PUT', `/api/campaign-answers/${own.id}`, 'b12sec', { text: '别的支部改写' })).statusCode).toBe(404);
    const all = expectStatus(await call('GET', `/api/campaigns/${campaignId}/answers?order=asc`, 'zzb'), 200).json();
    expect(all.items.every((a: { canEdit: boolean }) => !a.canEdit)).toBe(true);
    // The secretary who recorded an answer may correct it, unless it was adopted (the task keeps its wording).
    const recorded = expectStatus(await call('GET', `/api/campaigns/${campaignId}/answers?order=asc`, 'b11sec'), 200).json();
    const adopted = recorded.items.find((a: { task: unknown }) => a.task !== null);
    const plain = recorded.items.find(
      (a: { task: unknown; submittedBy: { id: number } }) => a.task === null && a.submittedBy.id === w.users.b11sec,
    );
    expect(adopted.canEdit).toBe(false);
    expect(plain.canEdit).toBe(true);
    const conflict = await call('PUT', `/api/campaign-answers/${adopted.id}`, 'b11sec', { text: '改写已采纳的回答' });
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json().error.code).toBe('INVALID_STATE');
    expectStatus(await call('PUT', `/api/campaign-answers/${plain.id}`, 'b11sec', { text: '再补充一条：设备点检标准化、可视化' }), 200);
  });

  it('exports exactly the answers the reader sees, with the filters, as .xlsx with Chinese headers', async () => {
    const res = await call('GET', `/api/campaigns/${campaignId}/answers/export.xlsx?order=asc`, 'zzb');
    expectStatus(res, 200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(String(res.headers['content-disposition'])).toContain(encodeURIComponent('大讨论回答'));
    const rows = await readXlsx(res.rawPayload);
    expect(rows[0]).toEqual([
      '序号',
      '回答人',
      '所在组织',
      '组织编码',
      '回答内容',
      '标签',
      '入围',
      '采纳任务',
      '任务状态',
      '提交人',
      '提交时间',
      '附件数',
    ]);
    expect(rows).toHaveLength(6);
    const byText = new Map(rows.slice(1).map((r) => [r[4], r]));
    expect(byText.get('优化熔铸工序，吨铝能耗降低6%')).toEqual([
      expect.any(Number),
      '李明',
      '一厂一支部',
      'B11',
      '优化熔铸工序，吨铝能耗降低6%',
      '降本增效、节能',
      '是',
      undefined,
      undefined,
      'b11mem',
      expect.stringMatching(/^2026-11-25 \d{2}:\d{2}$/),
      1,
    ]);
    const adopted = rows.slice(1).find((r) => r[7] === '推行班组精益看板');
    expect(adopted?.[8]).toBe('已下达');
    const filtered = await readXlsx((await call('GET', `/api/campaigns/${campaignId}/answers/export.xlsx?q=换辊`, 'zzb')).rawPayload);
    expect(filtered.slice(1).map((r) => r[4])).toEqual(['缩短换辊时间']);
    // A member's export holds their own answer only; a stranger's is a 404.
    const member = await readXlsx(
      expectStatus(await call('GET', `/api/campaigns/${campaignId}/answers/export.xlsx`, 'b11mem'), 200).rawPayload,
    );
    expect(member.slice(1).map((r) => r[1])).toEqual(['李明']);
    expect((await call('GET', '/api/campaigns/999999/answers/export.xlsx', 'zzb')).statusCode).toBe(404);
  });

  it('finds the members a secretary may record for, and closes for answers when ended', async () => {
    const audience = expectStatus(await call('GET', `/api/campaigns/${campaignId}/audience`, 'b11sec'), 200).json();
    expect(audience).toHaveLength(5);
    expect(audience.every((p: { org: { id: number } }) => p.org.id === w.tree.b11.id)).toBe(true);
    expect(audience.filter((p: { answered: boolean }) => p.answered)).toHaveLength(2);
    expect(
      expectStatus(await call('GET', `/api/campaigns/${campaignId}/audience?q=李`, 'b11sec'), 200)
        .json()
        .map((p: { name: string }) => p.name),
    ).toEqual(['李明']);
    expect(expectStatus(await call('GET', `/api/campaigns/${campaignId}/audience`, 'b11mem'), 200).json()).toEqual([]);
    expectStatus(await call('POST', `/api/campaigns/${campaignId}/close`, 'zzb'), 200);
    const late = await call('POST', `/api/campaigns/${campaignId}/answers`, 'b11mem', { text: '结束后再提交' });
    expect(late.statusCode).toBe(409);
    const mine = expectStatus(await call('GET', `/api/campaigns/${campaignId}/answers?filter=mine`, 'b11mem'), 200).json();
    expect(mine.items[0].canEdit).toBe(false);
    expect((await call('PUT', `/api/campaign-answers/${mine.items[0].id}`, 'b11mem', { text: '结束后再修改' })).statusCode).toBe(409);
    const ended = expectStatus(await call('GET', '/api/campaigns?phase=ended', 'b11mem'), 200).json();
    expect(ended.items.map((c: { id: number }) => c.id)).toContain(campaignId);
  });
});
