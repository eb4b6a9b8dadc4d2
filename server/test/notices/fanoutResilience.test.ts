/**
 * A notice fan-out rides out what WeChat does to a long send run: the access token expiring halfway,
 * and a storm of 45009 (rate limited). The sandbox's message log is the judge: every recipient gets the
 * notice exactly once.
 */
import { NOTICE_FANOUT, NOTICE_PUBLISH, createNotices } from '../../src/modules/notices/notices.service';
import { fanOutPush } from '../../src/modules/notices/fanout.job';
import { seedBoundResidents, type SeededResident } from '../../src/bench/noticeFanout';
import { createTestDeps, startTestServer, testConfig, type TestServer } from '../harness';
import { makeStaff, type TestStaff } from '../factories';
import { messageWorker, settle, startMessagingSandbox } from '../messaging/support';

jest.setTimeout(120_000);

let t: TestServer;
let sb: Awaited<ReturnType<typeof startMessagingSandbox>>;
let operator: TestStaff;

beforeAll(async () => {
  sb = await startMessagingSandbox();
  // The portal's own limiter well above the sandbox's, so WeChat's 45009 is what slows the run down.
  t = await startTestServer({
    deps: createTestDeps(testConfig({ ...sb.portal, WECHAT_SEND_RATE_PER_SECOND: '5000' })),
  });
  operator = await makeStaff(t.deps, ['operator']);
});
afterAll(async () => {
  await t.close();
  await sb.stop();
});

/** `batchSize` small enough that a run spans many batches (a fault injected halfway meets sends still to come). */
const worker = (batchSize?: number) => {
  const notices = createNotices(t.deps);
  return messageWorker(t.deps, {
    concurrency: 8,
    batchSize,
    extra: {
      [NOTICE_FANOUT]: (p, ctx) => fanOutPush(String(p.noticeId), Number(p.seq), ctx),
      [NOTICE_PUBLISH]: (p) => notices.publishScheduled(String(p.noticeId), String(p.publishAt)),
    },
  });
};

async function residents(n: number, district: string): Promise<SeededResident[]> {
  const people = await seedBoundResidents(n, { district, templateId: 'TPL-MP-OUTAGE', grants: 1 });
  // Each uses the mini-program (WeChat knows the openid) and accepted one subscription.
  for (const p of people) {
    sb.state.users.add(`${sb.keys.appid}|${p.openid}`);
    sb.state.grants.set(`${sb.keys.appid}|${p.openid}|TPL-MP-OUTAGE`, 1);
  }
  return people;
}

async function publish(district: string): Promise<string> {
  const hours = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();
  const res = await t.api('POST', '/api/staff/notices', {
    token: operator.token,
    body: {
      utility: 'water',
      kind: 'planned',
      reason: '二次供水水箱清洗',
      target: { districts: [district] },
      startAt: hours(30),
      expectedEndAt: hours(36),
    },
  });
  expect(res.status).toBe(201);
  expect(
    (await t.api('POST', `/api/staff/notices/${res.body.id}/publish`, { token: operator.token, body: {} }))
      .status,
  ).toBe(200);
  return res.body.id as string;
}

/** Outage messages per recipient in the sandbox's log: nobody twice, nobody missing. */
function judge(people: SeededResident[]) {
  const per = new Map<string, number>();
  for (const m of sb.state.messages)
    if (m.templateId === 'TPL-MP-OUTAGE') per.set(m.touser, (per.get(m.touser) ?? 0) + 1);
  return {
    twice: people.filter((p) => (per.get(p.openid) ?? 0) > 1).length,
    missing: people.filter((p) => !per.has(p.openid)).length,
  };
}

const outageSent = () => sb.state.messages.filter((m) => m.templateId === 'TPL-MP-OUTAGE').length;

it('the access token expiring in the middle of a fan-out: one refresh, every resident still gets the notice once', async () => {
  const N = 100;
  const people = await residents(N, '令牌过期区');
  const before = outageSent();
  const id = await publish('令牌过期区');
  const w = worker(10);
  const run = settle(w, 90_000);
  while (outageSent() - before < N / 2) await new Promise((r) => setTimeout(r, 10));
  await sb.client.callCounts(true);
  expect((await sb.client.expireTokens(sb.keys.appid)).expired).toBeGreaterThan(0);
  await run;

  expect(judge(people)).toEqual({ twice: 0, missing: 0 });
  // Every send in flight got 42001 at once; one of them fetched the new token for all.
  expect((await sb.client.callCounts()).stable_token).toBe(1);
  const report = await t.api('GET', `/api/staff/notices/${id}/delivery`, { token: operator.token });
  expect(report.body.pushes[0]).toMatchObject({ sent: N, pending: 0 });
});

it('a 45009 storm (WeChat allows 4 sends a second, the worker runs 8 at once) slows the fan-out down and it completes, every resident once', async () => {
  const N = 40;
  const perSecond = 4;
  const people = await residents(N, '限流区');
  await sb.client.setRateLimit('subscribe.send', perSecond);
  try {
    await sb.client.callCounts(true);
    const t0 = Date.now();
    const id = await publish('限流区');
    await settle(worker(), 90_000);
    const ms = Date.now() - t0;

    expect(judge(people)).toEqual({ twice: 0, missing: 0 });
    const calls = (await sb.client.callCounts())['subscribe.send'] ?? 0;
    expect(calls).toBeGreaterThan(N); // some were answered 45009 and sent again later
    expect(ms).toBeGreaterThanOrEqual((N / perSecond - 1) * 1000); // never faster than WeChat allows
    const report = await t.api('GET', `/api/staff/notices/${id}/delivery`, { token: operator.token });
    expect(report.body.pushes[0]).toMatchObject({ sent: N, pending: 0 });
    console.log(
      `45009 storm: ${N} sent at ${perSecond}/s allowed in ${ms} ms, ${calls - N} calls answered 45009`,
    );
  } finally {
    await sb.client.setRateLimit('subscribe.send', null);
  }
});
