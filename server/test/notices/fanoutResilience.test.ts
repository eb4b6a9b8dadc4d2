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

it('the access token expiring in the middle of a fan-out: one refresh, every resident still gets the notice once', async () => {
  const N = 100;
  const people = await residents(N, '令牌过期区');
  await t.deps.wechat.api.accessToken('mp'); // the portal holds a token before the run: stable_token counts refreshes
  await sb.client.callCounts(true);
  // WeChat's tokens run out as the 51st send arrives: that send and every send in flight with the old token
  // get 42001. Counted in calls, not timed, so it lands in the middle of the run on any machine.
  await sb.client.injectFault({ kind: 'expireTokens', api: 'subscribe.send', after: N / 2 });
  const id = await publish('令牌过期区');
  await settle(worker(10), 90_000);

  expect(await sb.client.listFaults()).toEqual([]); // the tokens did expire mid-run
  expect(judge(people)).toEqual({ twice: 0, missing: 0 });
  const calls = await sb.client.callCounts();
  // At least the 51st send was answered 42001 and sent again with the new token.
  expect(calls['subscribe.send']).toBeGreaterThan(N);
  // Every send in flight got 42001 at once; one of them fetched the new token for all.
  expect(calls.stable_token).toBe(1);
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
