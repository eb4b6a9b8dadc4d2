import sharp from 'sharp';
import { createTestDeps, startTestServer, testConfig, type TestServer } from '../harness';
import { OutboxModel } from '../../src/platform/outbox/outbox.model';
import { FollowUpModel } from '../../src/modules/workorders/ratings/followup.model';
import { DispatchRuleModel } from '../../src/modules/workorders/config/config.model';
import { installWorkOrderDefaults } from '../../src/modules/workorders/config/configs';
import { makeStaff } from '../factories';
import { householder, NO_SAMPLING, repairTeam } from './fixtures';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({
    deps: createTestDeps(testConfig({ FOLLOW_UP_SAMPLE_PERCENT: '0', FOLLOW_UP_SAMPLE_RATES: NO_SAMPLING })),
  });
});
afterAll(() => t.close());
const act = (orderNo: string, token: string, body: Record<string, unknown>) =>
  t.api('POST', `/api/work-orders/${orderNo}/transitions`, { token, body });

describe('appointments', () => {
  it('lets exactly one of 20 concurrent bookings take the last seat, and schedules its reminder the day before', async () => {
    const team = await repairTeam(t.deps, { area: 'AP', team: '预约组' });
    const tomorrow = new Date(Date.now() + 2 * 86400_000).toISOString().slice(0, 10);
    const made = await t.api('POST', '/api/slots', {
      token: team.admin.token,
      body: { areaCode: 'AP', type: 'inspection', from: tomorrow, days: 1, capacity: 1 },
    });
    expect(made.body.created).toBe(2);
    const people = await Promise.all(Array.from({ length: 20 }, () => householder(t.deps, 'AP-1')));
    const slots = await t.api(
      'GET',
      `/api/slots?areaCode=AP-1&type=inspection&from=${tomorrow}&to=${tomorrow}`,
      { token: people[0].resident.token },
    );
    const am = slots.body.find((s: { window: string }) => s.window === 'am');
    expect(am.remaining).toBe(1);
    const results = await Promise.all(
      people.map((p) =>
        t.api('POST', '/api/appointments', {
          token: p.resident.token,
          body: { slotId: am.id, accountNo: p.account.accountNo, description: '预约安检' },
        }),
      ),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409).every((r) => r.body.error.code === 'SLOT_FULL')).toBe(
      true,
    );
    const won = results.find((r) => r.status === 201)!;
    const reminder = await OutboxModel.findOne({ dedupeKey: `appt:${won.body.id}:reminder:0` }).lean();
    expect((reminder!.payload as { event: string }).event).toBe('appointmentReminder');
    expect(reminder!.runAt.getTime()).toBeLessThan(new Date(won.body.startAt).getTime());
    // Cancelling frees the seat and the reminder is not sent.
    const winner = people[results.indexOf(won)];
    const c = await t.api('DELETE', `/api/appointments/${won.body.id}`, { token: winner.resident.token });
    expect(c.status).toBe(200);
    expect((await OutboxModel.findById(reminder!._id).lean())!.status).toBe('cancelled');
    const after = await t.api(
      'GET',
      `/api/slots?areaCode=AP-1&type=inspection&from=${tomorrow}&to=${tomorrow}`,
      { token: winner.resident.token },
    );
    expect(after.body.find((s: { id: string }) => s.id === am.id).remaining).toBe(1);
    // Someone else's appointment is not found.
    expect(
      (
        await t.api('DELETE', `/api/appointments/${won.body.id}`, {
          token: people[0 === results.indexOf(won) ? 1 : 0].resident.token,
        })
      ).status,
    ).toBe(404);
  }, 30_000);

  it('refuses a household a fourth visit still ahead, in Chinese, until one is cancelled', async () => {
    const team = await repairTeam(t.deps, { area: 'AQ', team: '预约上限组' });
    const from = new Date(Date.now() + 2 * 86400_000).toISOString().slice(0, 10);
    const made = await t.api('POST', '/api/slots', {
      token: team.admin.token,
      body: { areaCode: 'AQ', type: 'inspection', from, days: 3, capacity: 5 },
    });
    expect(made.body.created).toBe(6);
    const p = await householder(t.deps, 'AQ-1');
    const to = new Date(Date.parse(from) + 3 * 86400_000).toISOString().slice(0, 10);
    const slots = await t.api('GET', `/api/slots?areaCode=AQ-1&type=inspection&from=${from}&to=${to}`, {
      token: p.resident.token,
    });
    expect(slots.body.length).toBeGreaterThanOrEqual(5);
    const book = (slotId: string) =>
      t.api('POST', '/api/appointments', {
        token: p.resident.token,
        body: { slotId, accountNo: p.account.accountNo, description: '预约安检' },
      });
    const booked = [];
    for (const s of slots.body.slice(0, 3)) {
      const r = await book(s.id);
      expect(r.status).toBe(201);
      booked.push(r.body.id as string);
    }
    const fourth = await book(slots.body[3].id);
    expect(fourth.status).toBe(422);
    expect(fourth.body.error).toMatchObject({
      code: 'TOO_MANY_OPEN_BOOKINGS',
      message: '该户号已有 3 个待上门的预约,请完成或取消后再约',
    });
    // The seat was not taken by the refused booking.
    const seats = await t.api('GET', `/api/slots?areaCode=AQ-1&type=inspection&from=${from}&to=${to}`, {
      token: p.resident.token,
    });
    expect(seats.body.find((s: { id: string }) => s.id === slots.body[3].id).remaining).toBe(5);
    expect(
      (await t.api('DELETE', `/api/appointments/${booked[0]}`, { token: p.resident.token })).status,
    ).toBe(200);
    expect((await book(slots.body[3].id)).status).toBe(201);
  }, 30_000);
});

describe('dispatch rules', () => {
  it('picks the most specific rule, the least-loaded on-shift technician with the skill, else the dispatcher queue', async () => {
    const admin = await makeStaff(t.deps, ['admin']);
    await DispatchRuleModel.deleteMany({});
    const put = (key: string, body: Record<string, unknown>) =>
      t.api('PUT', `/api/admin/dispatch-rules/${key}`, { token: admin.token, body });
    expect(
      (
        await put('hd', {
          label: '海淀',
          type: 'repair',
          areaPrefix: 'HD',
          team: '海淀组',
          skill: 'gas-repair',
        })
      ).status,
    ).toBe(200);
    await put('hd-zgc-leak', {
      label: '中关村泄漏',
      type: 'repair',
      areaPrefix: 'HD-ZGC',
      category: 'gasLeak',
      team: '抢修队',
      skill: 'gas-emergency',
    });
    await makeStaff(t.deps, ['technician'], { name: '忙师傅', team: '海淀组', skills: ['gas-repair'] });
    await makeStaff(t.deps, ['technician'], {
      name: '下班师傅',
      team: '海淀组',
      skills: ['gas-repair'],
      onShift: false,
    });
    await makeStaff(t.deps, ['technician'], { name: '抢修师傅', team: '抢修队', skills: ['gas-emergency'] });
    const dry = (body: Record<string, unknown>) =>
      t.api('POST', '/api/admin/dispatch-rules/dry-run', { token: admin.token, body });
    const leak = await dry({ type: 'repair', areaCode: 'HD-ZGC-01', category: 'gasLeak' });
    expect(leak.body.rule.key).toBe('hd-zgc-leak');
    expect(leak.body.technician.name).toBe('抢修师傅');
    const plain = await dry({ type: 'repair', areaCode: 'HD-ZGC-01', category: 'indoorFault' });
    expect(plain.body.rule.key).toBe('hd');
    expect(plain.body.candidates.map((c: { name: string }) => c.name)).toEqual(['忙师傅']);
    const none = await dry({ type: 'repair', areaCode: 'CY-1', category: 'indoorFault' });
    expect(none.body).toMatchObject({ rule: null, technician: null, queue: 'dispatch' });
    const wrongRole = await t.api('PUT', '/api/admin/dispatch-rules/x', {
      token: (await makeStaff(t.deps, ['dispatcher'])).token,
      body: { label: 'x', team: 'x', skill: 'x' },
    });
    expect(wrongRole.status).toBe(403);
  });
});

describe('the default dispatch rules', () => {
  it('send a gas leak in any district to 抢修队 (顺序 1), other repairs to the district team', async () => {
    const admin = await makeStaff(t.deps, ['admin']);
    await DispatchRuleModel.deleteMany({});
    await installWorkOrderDefaults();
    const dry = async (body: Record<string, unknown>) =>
      (await t.api('POST', '/api/admin/dispatch-rules/dry-run', { token: admin.token, body })).body as {
        rule: { key: string } | null;
        team: string | null;
      };
    for (const areaCode of ['CY-WJY-01', 'HD-ZGC-01', 'DC-01', 'FT-01']) {
      const leak = await dry({ type: 'repair', areaCode, category: 'gasLeak' });
      expect({ areaCode, rule: leak.rule?.key, team: leak.team }).toEqual({
        areaCode,
        rule: 'gas-leak-any',
        team: '抢修队',
      });
    }
    expect((await dry({ type: 'repair', areaCode: 'CY-WJY-01', category: 'indoorFault' })).team).toBe(
      '朝阳维修组',
    );

    // 顺序 ranks before specificity: the district rule moved ahead of the leak rule takes 朝阳's leaks again.
    const cy = (await DispatchRuleModel.findOne({ key: 'repair-cy' }, { _id: 0 }).lean())!;
    const put = await t.api('PUT', '/api/admin/dispatch-rules/repair-cy', {
      token: admin.token,
      body: { ...cy, key: undefined, order: 0 },
    });
    expect(put.status).toBe(200);
    expect((await dry({ type: 'repair', areaCode: 'CY-WJY-01', category: 'gasLeak' })).team).toBe(
      '朝阳维修组',
    );
    expect((await dry({ type: 'repair', areaCode: 'HD-ZGC-01', category: 'gasLeak' })).team).toBe('抢修队');
  });
});

describe('ratings and 回访', () => {
  it('opens a 回访 task and reopens the order on a low rating; rates once', async () => {
    const team = await repairTeam(t.deps, { area: 'RT', team: '评价组', technicians: 1 });
    const { account, resident } = await householder(t.deps, 'RT-1');
    const o = await t.api('POST', '/api/work-orders', {
      token: resident.token,
      body: { accountNo: account.accountNo, description: '漏气', category: 'indoorFault' },
    });
    const tech = team.technicians[0].token;
    expect(
      (
        await t.api('POST', `/api/work-orders/${o.body.orderNo}/rating`, {
          token: resident.token,
          body: { score: 1 },
        })
      ).status,
    ).toBe(409);
    for (const action of ['accept', 'depart', 'arrive', 'start', 'complete'])
      await act(o.body.orderNo, tech, { action });
    const bad = await t.api('POST', `/api/work-orders/${o.body.orderNo}/rating`, {
      token: resident.token,
      body: { score: 6 },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].path).toBe('body.score');
    const r = await t.api('POST', `/api/work-orders/${o.body.orderNo}/rating`, {
      token: resident.token,
      body: { score: 2, tags: ['态度差'], comment: '还是有味道' },
    });
    expect(r.status).toBe(200);
    expect(r.body.state).toBe('open');
    expect(r.body.status).toBe('dispatched');
    const tasks = await t.api('GET', '/api/follow-ups', { token: team.agent.token });
    const task = tasks.body.items.find((x: { orderNo: string }) => x.orderNo === o.body.orderNo);
    expect(task).toMatchObject({ reason: 'lowRating', score: 2, status: 'open' });
    expect(
      (
        await t.api('POST', `/api/follow-ups/${task.id}/complete`, {
          token: team.agent.token,
          body: { outcome: 'reached', score: 4, result: '已致电道歉并重新上门' },
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await t.api('POST', `/api/work-orders/${o.body.orderNo}/rating`, {
          token: resident.token,
          body: { score: 5 },
        })
      ).status,
    ).toBe(409);
  });

  it('closes a well-rated order without a task when it is not in the sample', async () => {
    const team = await repairTeam(t.deps, { area: 'RG', team: '好评组', technicians: 1 });
    const { account, resident } = await householder(t.deps, 'RG-1');
    const o = await t.api('POST', '/api/work-orders', {
      token: resident.token,
      body: { accountNo: account.accountNo, description: '换阀门', category: 'indoorFault' },
    });
    for (const action of ['accept', 'depart', 'arrive', 'start', 'complete'])
      await act(o.body.orderNo, team.technicians[0].token, { action });
    const r = await t.api('POST', `/api/work-orders/${o.body.orderNo}/rating`, {
      token: resident.token,
      body: { score: 5, tags: ['准时'] },
    });
    expect(r.body).toMatchObject({ state: 'closed', statusLabel: '回访/评价', rating: { score: 5 } });
    expect(await FollowUpModel.countDocuments({ orderNo: o.body.orderNo })).toBe(0);
  });
});

describe('photo uploads', () => {
  it('stores a real image with a thumbnail, serves it only with access, and rejects a non-image by content', async () => {
    const { account, resident } = await householder(t.deps, 'UP-1');
    const stranger = await householder(t.deps, 'UP-2');
    const png = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#c33' } })
      .png()
      .toBuffer();
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'leak.png');
    const up = await fetch(`${t.url}/api/uploads`, {
      method: 'POST',
      headers: { authorization: `Bearer ${resident.token}` },
      body: form,
    });
    expect(up.status).toBe(201);
    const photo = (await up.json()) as { id: string; width: number; mime: string; thumbUrl: string };
    expect(photo).toMatchObject({ mime: 'image/png', width: 800 });
    const thumb = await fetch(`${t.url}${photo.thumbUrl}`, {
      headers: { authorization: `Bearer ${resident.token}` },
    });
    const meta = await sharp(Buffer.from(await thumb.arrayBuffer())).metadata();
    expect(meta.format).toBe('jpeg');
    expect(meta.width).toBe(320);
    expect(
      (
        await fetch(`${t.url}/api/uploads/${photo.id}/thumb`, {
          headers: { authorization: `Bearer ${stranger.resident.token}` },
        })
      ).status,
    ).toBe(404);
    // Without a token only the signed URL opens it (server/test/uploads); the bare path needs the token.
    expect((await fetch(`${t.url}/api/uploads/${photo.id}/thumb`)).status).toBe(401);

    // An HTML file named .jpg with an image content type is refused by its bytes.
    const fake = await t.api('POST', '/api/uploads', {
      token: resident.token,
      rawBody: '<html><script>alert(1)</script></html>',
      headers: { 'content-type': 'image/jpeg' },
    });
    expect(fake.status).toBe(415);
    expect(fake.body.error.code).toBe('UNSUPPORTED_FILE_TYPE');
    // Truncated JPEG: right magic bytes, does not decode.
    const broken = await t.api('POST', '/api/uploads', {
      token: resident.token,
      rawBody: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]),
      headers: { 'content-type': 'image/jpeg' },
    });
    expect(broken.status).toBe(415);

    // Someone else cannot attach my photo to their order.
    const theirs = await t.api('POST', '/api/work-orders', {
      token: stranger.resident.token,
      body: { accountNo: stranger.account.accountNo, description: '漏水', photos: [photo.id] },
    });
    expect(theirs.status).toBe(404);
    expect(theirs.body.error.code).toBe('PHOTO_NOT_FOUND');
    const mine = await t.api('POST', '/api/work-orders', {
      token: resident.token,
      body: { accountNo: account.accountNo, description: '漏水', photos: [photo.id] },
    });
    expect(mine.status).toBe(201);
    expect(mine.body.photos[0].id).toBe(photo.id);
  });
});
