/**
 * A notice fan-out rides out what WeChat does to a long send run: the access token expiring halfway,
 * and a storm of 45009 (rate limited). The sandbox's message log is the judge: every recipient gets the
 * notice exactly once.
 */
import type { SeededResident } from '../../src/bench/noticeFanout';
import type { TestServer } from '../harness';
import type { TestStaff } from '../factories';
import { settle, type MessagingSandbox } from '../messaging/support';
import {
  draftPlannedNotice,
  noticeWorker,
  outageMessagesPerOpenid,
  reachableResidents,
  startNoticeDesk,
} from './support';

jest.setTimeout(120_000);

let t: TestServer;
let sb: MessagingSandbox;
let operator: TestStaff;
let close: () => Promise<void>;

beforeAll(async () => {
  // The portal's own limiter well above the sandbox's, so WeChat's 45009 is what slows the run down.
  ({ t, sb, operator, close } = await startNoticeDesk({ WECHAT_SEND_RATE_PER_SECOND: '5000' }));
});
afterAll(() => close());

/** `batchSize` small enough that a run spans many batches (a fault injected halfway meets sends still to come). */
const worker = (batchSize?: number) => noticeWorker(t.deps, { batchSize });

/** Each uses the mini-program (WeChat knows the openid) and accepted one subscription. */
const residents = (n: number, district: string) => reachableResidents(sb, n, district, 1);

async function publish(district: string): Promise<string> {
  const id = await draftPlannedNotice(
    { t, operator },
    { utility: 'water', reason: '二次供水水箱清洗', district, startsInHours: 30 },
  );
  expect(
    (await t.api('POST', `/api/staff/notices/${id}/publish`, { token: operator.token, body: {} })).status,
  ).toBe(200);
  return id;
}

/** Outage messages per recipient in the sandbox's log: nobody twice, nobody missing. */
function judge(people: SeededResident[]) {
  const per = outageMessagesPerOpenid(sb);
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
  // Each send takes WeChat half a second, so the sends still to come outlast the two calls that expire the token.
  // Without it the run could finish first on a faster stand-in (up to 80 sends are in flight: 8 loops of 10).
  const slow = (
    await sb.client.injectFault({ kind: 'delay', api: 'subscribe.send', ms: 500, times: 'always' })
  ).id;
  const id = await publish('令牌过期区');
  const w = worker(10);
  const run = settle(w, 90_000);
  try {
    while (outageSent() - before < N / 2) await new Promise((r) => setTimeout(r, 10));
    await sb.client.callCounts(true);
    expect((await sb.client.expireTokens(sb.keys.appid)).expired).toBeGreaterThan(0);
    expect(outageSent() - before).toBeLessThan(N); // the token expired with sends still to come
    await run;
  } finally {
    await sb.client.clearFaults(slow);
  }

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
