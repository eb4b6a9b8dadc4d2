/**
 * Business-hours SLA clocks over New Year: they follow the public holidays and make-up working days a
 * supervisor entered for the new year, and a year with nothing entered follows Monday to Friday.
 */
import { calendar } from '../../src/modules/workorders/config/configs';
import { SlaTimerModel } from '../../src/modules/workorders/sla/sla.model';
import { addWorkingTime, workingTimeBetween } from '../../src/platform/time';
import { createTestDeps, startTestServer, testClock, testConfig, type TestServer } from '../harness';
import { householder, repairTeam } from './fixtures';

const HOUR = 3600_000;
const sh = (wallClock: string) => new Date(`${wallClock}+08:00`);
// Thursday 2026-12-31, 10:00 in Shanghai: 6 working hours are left that day (10–12, 13:30–17:30).
const clock = testClock(sh('2026-12-31T10:00:00'));
let t: TestServer;
let team: Awaited<ReturnType<typeof repairTeam>>;
beforeAll(async () => {
  t = await startTestServer({ deps: createTestDeps(testConfig(), { clock }) });
  team = await repairTeam(t.deps, { area: 'NY' });
});
afterAll(() => t.close());
beforeEach(() => clock.set(sh('2026-12-31T10:00:00')));

/** 元旦 Friday to Sunday off, Saturday 2027-01-09 worked instead (as a supervisor would enter it). */
const NEW_YEAR_2027 = [
  { date: '2027-01-01', kind: 'holiday', name: '元旦' },
  { date: '2027-01-02', kind: 'holiday', name: '元旦' },
  { date: '2027-01-03', kind: 'holiday', name: '元旦' },
  { date: '2027-01-09', kind: 'workday', name: '元旦调休' },
];

async function complaintClock(): Promise<{ deadline: Date; orderNo: string }> {
  const { account, resident } = await householder(t.deps, 'NY-A');
  const r = await t.api('POST', '/api/work-orders', {
    token: resident.token,
    body: { accountNo: account.accountNo, type: 'complaint', description: '营业厅排队太久' },
  });
  expect(r.status).toBe(201);
  const timer = await SlaTimerModel.findOne({
    orderNo: r.body.orderNo,
    policyKey: 'complaint.resolve',
  }).lean();
  expect(timer).toMatchObject({ calendar: 'business', budgetMs: 15 * HOUR, status: 'running' });
  return { deadline: timer!.deadline!, orderNo: r.body.orderNo };
}

describe('SLA clocks over New Year', () => {
  it('a complaint clock started on New Year’s Eve skips the holidays a supervisor entered for the new year', async () => {
    const put = await t.api('PUT', '/api/staff/holidays/2027', {
      token: team.supervisor.token,
      body: { days: NEW_YEAR_2027 },
    });
    expect(put.status).toBe(200);
    // 2 working days = 15 h: 6 h on Dec 31, nothing Jan 1–3 (holiday, holiday, Sunday), 7.5 h on Monday Jan 4,
    // the last 1.5 h on Tuesday from 08:30.
    const { deadline } = await complaintClock();
    expect(deadline).toEqual(sh('2027-01-05T10:00:00'));

    // The make-up Saturday is worked on Monday's hours.
    const cal = await calendar('business');
    expect(workingTimeBetween(cal, sh('2027-01-09T00:00:00'), sh('2027-01-10T00:00:00'))).toBe(7.5 * HOUR);
    await t.api('DELETE', '/api/staff/holidays/2027', { token: team.supervisor.token });
  });

  it('a year with no holidays entered follows Monday to Friday: New Year’s Day counts as a working Friday', async () => {
    expect(
      (await t.api('GET', '/api/staff/holidays/2027', { token: team.supervisor.token })).body,
    ).toMatchObject({ year: 2027, source: 'none', days: [] });
    const { deadline } = await complaintClock();
    // 6 h on Dec 31, 7.5 h on Friday Jan 1, the last 1.5 h on Monday Jan 4.
    expect(deadline).toEqual(sh('2027-01-04T10:00:00'));
    const cal = await calendar('business');
    expect(workingTimeBetween(cal, sh('2027-01-09T00:00:00'), sh('2027-01-10T00:00:00'))).toBe(0);
  });

  it('on 2027-01-04, with nothing entered for 2027, a new clock runs on the working week alone', async () => {
    clock.set(sh('2027-01-04T16:30:00')); // Monday, one working hour left
    const { deadline } = await complaintClock();
    // 1 h Monday, 7.5 h Tuesday, 6.5 h Wednesday from 08:30: 12:00 + 3 h of the afternoon = 16:30.
    expect(deadline).toEqual(sh('2027-01-06T16:30:00'));
  });

  it('the published 2026 schedule still applies to 2026: National Day and its make-up Saturday', async () => {
    const cal = await calendar('business');
    expect(addWorkingTime(cal, sh('2026-09-30T17:00:00'), HOUR)).toEqual(sh('2026-10-08T09:00:00'));
    expect(workingTimeBetween(cal, sh('2026-10-10T00:00:00'), sh('2026-10-11T00:00:00'))).toBe(7.5 * HOUR);
  });
});
