/**
 * 投诉 and 建议/留言 from residents: each is an order of its own type with its own clock (投诉 is answered
 * within 2 working days, the regulator's yardstick), staff answer in words the resident reads on the
 * timeline, and the resident rates the answer.
 */
import { installWorkOrderDefaults } from '../../src/modules/workorders/config/configs';
import { SlaTimerModel } from '../../src/modules/workorders/sla/sla.model';
import { makeAccount, makeResident, makeStaff, type TestResident, type TestStaff } from '../factories';
import { startTestServer, type TestServer } from '../harness';

let t: TestServer;
let agent: TestStaff;
let resident: TestResident;
let accountNo: string;
beforeAll(async () => {
  t = await startTestServer();
  await installWorkOrderDefaults({ dispatchRules: false });
  agent = await makeStaff(t.deps, ['agent'], { areas: ['CY'] });
  const account = await makeAccount();
  accountNo = account.accountNo;
  resident = await makeResident(t.deps, { bind: [accountNo] });
});
afterAll(() => t.close());

const file = (type: 'complaint' | 'consultation', description: string) =>
  t.api('POST', '/api/work-orders', { token: resident.token, body: { accountNo, type, description } });
const act = (orderNo: string, body: Record<string, unknown>) =>
  t.api('POST', `/api/work-orders/${orderNo}/transitions`, { token: agent.token, body });

describe('投诉', () => {
  it('is answered in words the resident reads, and the resident rates the answer', async () => {
    const filed = await file('complaint', '上门安检人员未出示工作证,态度生硬');
    expect(filed.status).toBe(201);
    const { orderNo } = filed.body;
    const clocks = await SlaTimerModel.find({ orderNo }).lean();
    expect(clocks.map((c) => c.policyKey)).toContain('complaint.resolve');

    expect((await act(orderNo, { action: 'start' })).status).toBe(200);
    const unanswered = await act(orderNo, { action: 'complete' });
    expect(unanswered.status).toBe(400);
    expect(unanswered.body.error.fields).toEqual([{ path: 'body.note', message: '请填写给居民的答复内容' }]);
    const answer = '已核实,安检员已接受批评教育,今后上门必须佩戴工作证。感谢您的监督。';
    expect((await act(orderNo, { action: 'complete', note: answer })).status).toBe(200);

    const seen = await t.api('GET', `/api/work-orders/${orderNo}`, { token: resident.token });
    expect(seen.body.timeline.map((e: { text: string }) => e.text)).toContain(`投诉已处理。答复:${answer}`);
    expect(seen.body.canRate).toBe(true);

    const rated = await t.api('POST', `/api/work-orders/${orderNo}/rating`, {
      token: resident.token,
      body: { score: 5, comment: '答复及时' },
    });
    expect(rated.status).toBe(200);
    expect(rated.body.rating).toMatchObject({ score: 5, comment: '答复及时' });
    expect(rated.body.canRate).toBe(false);
  });
});

describe('建议/留言', () => {
  it('gets a written reply on the timeline', async () => {
    const { orderNo } = (await file('consultation', '建议在小区增设自助缴费机')).body;
    expect((await act(orderNo, { action: 'complete', note: '已转营业部研究,感谢建议' })).status).toBe(200);
    const seen = await t.api('GET', `/api/work-orders/${orderNo}`, { token: resident.token });
    expect(seen.body.timeline.map((e: { text: string }) => e.text)).toContain(
      '已答复。答复:已转营业部研究,感谢建议',
    );
  });

  it("is not another household's to file", async () => {
    const other = await makeAccount();
    const res = await t.api('POST', '/api/work-orders', {
      token: resident.token,
      body: { accountNo: other.accountNo, type: 'consultation', description: '留言' },
    });
    expect(res.status).toBe(404);
  });
});
