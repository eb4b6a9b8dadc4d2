/**
 * Field work: technicians go on and off shift and share their position; dispatch picks by shift, skill,
 * load and distance (from the household, else the area's centre); the dispatcher's board shows who is
 * where; materials from the catalogue and hours recorded on an order give the cost per type and area.
 */
import { createTestDeps, startTestServer, testClock, testConfig, type TestServer } from '../harness';
import { makeStaff } from '../factories';
import { householder } from './fixtures';
import { DispatchRuleModel } from '../../src/modules/workorders/config/config.model';
import { installWorkOrderDefaults } from '../../src/modules/workorders/config/configs';
import { orderCostFacts } from '../../src/modules/workorders';

// Wednesday 2030-11-20, 10:00 in Beijing.
const clock = testClock(new Date('2030-11-20T02:00:00Z'));
let t: TestServer;
type Staff = Awaited<ReturnType<typeof makeStaff>>;
let admin: Staff, dispatcher: Staff, supervisor: Staff;
let far: Staff, near: Staff, offShift: Staff, unskilled: Staff;

// Area centre of FW: Tiananmen; positions measured in km north of it (1° latitude ≈ 111.2 km).
const CENTRE = { lat: 39.9087, lng: 116.3975 };
const north = (km: number) => ({ lat: CENTRE.lat + km / 111.195, lng: CENTRE.lng });

const shareAt = (s: Staff, km: number) =>
  t.api('POST', '/api/staff/me/position', { token: s.token, body: { ...north(km), accuracyM: 20 } });

beforeAll(async () => {
  t = await startTestServer({
    deps: createTestDeps(testConfig({ FOLLOW_UP_SAMPLE_PERCENT: '0' }), { clock }),
  });
  await installWorkOrderDefaults({ dispatchRules: false });
  await DispatchRuleModel.create({
    key: 'repair-FW',
    label: 'FW 报修',
    type: 'repair',
    areaPrefix: 'FW',
    team: '外勤组',
    skill: 'gas-repair',
    order: 100,
  });
  admin = await makeStaff(t.deps, ['admin'], { areas: [] });
  dispatcher = await makeStaff(t.deps, ['dispatcher'], { areas: ['FW'] });
  supervisor = await makeStaff(t.deps, ['supervisor'], { areas: ['FW'] });
  const tech = (name: string, skills: string[]) =>
    makeStaff(t.deps, ['technician'], { name, team: '外勤组', skills, areas: ['FW'] });
  far = await tech('远师傅', ['gas-repair']);
  near = await tech('近师傅', ['gas-repair']);
  offShift = await tech('休师傅', ['gas-repair']);
  unskilled = await tech('水师傅', ['water-repair']);
  const centre = await t.api('PUT', '/api/admin/area-centres', {
    token: admin.token,
    body: { areaPrefix: 'FW', label: '外勤片区中心', ...CENTRE },
  });
  expect(centre.status).toBe(200);
});
afterAll(() => t.close());

describe('shifts and positions', () => {
  it('stores the latest position only while on shift, and going off shift erases it', async () => {
    expect((await shareAt(offShift, 0.1)).status).toBe(200);
    const off = await t.api('PUT', '/api/staff/me/shift', {
      token: offShift.token,
      body: { onShift: false },
    });
    expect(off.body).toEqual({ onShift: false, position: null });
    const refused = await shareAt(offShift, 0.1);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('OFF_SHIFT');
    expect((await t.api('GET', '/api/staff/me/shift', { token: offShift.token })).body.position).toBeNull();

    const bad = await t.api('POST', '/api/staff/me/position', {
      token: near.token,
      body: { lat: 123, lng: 0 },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { path: string }) => f.path)).toContain('body.lat');
    expect(
      (await t.api('PUT', '/api/staff/me/shift', { token: dispatcher.token, body: { onShift: true } }))
        .status,
    ).toBe(403);
  });
});

describe('dispatch by shift, skill, load and distance', () => {
  it('gives an order with no household position to the on-shift technician with the skill nearest the area centre', async () => {
    await shareAt(far, 6);
    await shareAt(near, 1);
    await shareAt(unskilled, 0); // nearest of all, but without the skill
    // offShift would be nearer still (0.1 km), but is off shift.
    const { account, resident } = await householder(t.deps, 'FW-1');
    const made = await t.api('POST', '/api/work-orders', {
      token: resident.token,
      body: {
        accountNo: account.accountNo,
        type: 'repair',
        category: 'indoorFault',
        description: '厨房管道接口有异响',
      },
    });
    expect(made.status).toBe(201);
    const order = await t.api('GET', `/api/work-orders/${made.body.orderNo}`, { token: dispatcher.token });
    expect(order.body.assigneeName).toBe('近师傅');

    // The board shows who is where, nearest first, with the distance dispatch counted.
    const board = await t.api('GET', `/api/staff/technicians/board?orderNo=${made.body.orderNo}`, {
      token: dispatcher.token,
    });
    expect(board.body.origin).toMatchObject({ source: 'areaCentre', label: '外勤片区中心' });
    const byName = Object.fromEntries(board.body.technicians.map((x: { name: string }) => [x.name, x]));
    expect(byName['近师傅']).toMatchObject({ onShift: true, openOrders: 1, distanceKm: 1 });
    expect(byName['远师傅'].distanceKm).toBe(6);
    expect(byName['休师傅']).toMatchObject({ onShift: false, position: null, distanceKm: null });
    expect(board.body.technicians[0].name).toBe('水师傅');
  });

  it('measures from the household when its position is known, and weighs one more open order as 5 km', async () => {
    // The household is 0.2 km from 远师傅 (no open order): he wins over 近师傅 (one open order, 5.2 km).
    const { account, resident } = await householder(t.deps, 'FW-2');
    const made = await t.api('POST', '/api/work-orders', {
      token: resident.token,
      body: {
        accountNo: account.accountNo,
        type: 'repair',
        category: 'indoorFault',
        description: '灶具点不着',
        location: north(6.2),
      },
    });
    const order = await t.api('GET', `/api/work-orders/${made.body.orderNo}`, { token: dispatcher.token });
    expect(order.body.assigneeName).toBe('远师傅');
    // Now both have one open order; at the centre, near (1 km) beats far (6 km).
    const again = await householder(t.deps, 'FW-3');
    const third = await t.api('POST', '/api/work-orders', {
      token: again.resident.token,
      body: {
        accountNo: again.account.accountNo,
        type: 'repair',
        category: 'indoorFault',
        description: '热水器打不着',
      },
    });
    expect(
      (await t.api('GET', `/api/work-orders/${third.body.orderNo}`, { token: dispatcher.token })).body
        .assigneeName,
    ).toBe('近师傅');
    // At the centre: 近师傅 2 open + 1 km = 2.2, 远师傅 1 open + 6 km = 2.2; equal scores go to fewer open orders.
    const fourth = await householder(t.deps, 'FW-4');
    const f = await t.api('POST', '/api/work-orders', {
      token: fourth.resident.token,
      body: {
        accountNo: fourth.account.accountNo,
        type: 'repair',
        category: 'indoorFault',
        description: '表后阀漏气味',
      },
    });
    expect(
      (await t.api('GET', `/api/work-orders/${f.body.orderNo}`, { token: dispatcher.token })).body
        .assigneeName,
    ).toBe('远师傅');
  });

  it('does not count a position older than two hours', async () => {
    const { account, resident } = await householder(t.deps, 'FW-7');
    const made = await t.api('POST', '/api/work-orders', {
      token: resident.token,
      body: { accountNo: account.accountNo, type: 'consultation', category: 'other', description: '咨询' },
    });
    clock.advance(3 * 3600_000);
    const board = await t.api('GET', `/api/staff/technicians/board?orderNo=${made.body.orderNo}`, {
      token: dispatcher.token,
    });
    clock.advance(-3 * 3600_000);
    const nearRow = board.body.technicians.find((x: { name: string }) => x.name === '近师傅');
    expect(nearRow.position).toMatchObject({ at: '2030-11-20T02:00:00.000Z' });
    expect(nearRow.distanceKm).toBeNull();
  });

  it('shows technicians only to dispatchers of their area, and another area’s order is not found', async () => {
    const elsewhere = await makeStaff(t.deps, ['dispatcher'], { areas: ['HD'] });
    const board = await t.api('GET', '/api/staff/technicians/board', { token: elsewhere.token });
    expect(board.body.technicians).toEqual([]);
    const { account, resident } = await householder(t.deps, 'FW-5');
    const made = await t.api('POST', '/api/work-orders', {
      token: resident.token,
      body: { accountNo: account.accountNo, type: 'repair', category: 'indoorFault', description: '漏水' },
    });
    expect(
      (
        await t.api('GET', `/api/staff/technicians/board?orderNo=${made.body.orderNo}`, {
          token: elsewhere.token,
        })
      ).status,
    ).toBe(404);
    expect(
      (await t.api('GET', '/api/staff/technicians/board?orderNo=WO1', { token: dispatcher.token })).status,
    ).toBe(400);
  });
});

describe('materials and hours', () => {
  it('costs an order from the catalogue, refuses unknown materials and other technicians, and reports cost per type and area', async () => {
    const pipe = await t.api('POST', '/api/materials', {
      token: admin.token,
      body: { code: 'PIPE-DN15', name: '镀锌管', spec: 'DN15', unit: '米', unitCostFen: 1250 },
    });
    expect(pipe.status).toBe(201);
    await t.api('POST', '/api/materials', {
      token: admin.token,
      body: { code: 'VALVE', name: '球阀', unit: '个', unitCostFen: 3500 },
    });
    expect(
      (
        await t.api('POST', '/api/materials', {
          token: admin.token,
          body: { code: 'BAD', name: '负价', unit: '个', unitCostFen: -1 },
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await t.api('POST', '/api/materials', {
          token: dispatcher.token,
          body: { code: 'X', name: '私加', unit: '个', unitCostFen: 1 },
        })
      ).status,
    ).toBe(403);

    const { account, resident } = await householder(t.deps, 'FW-6');
    const made = await t.api('POST', '/api/work-orders', {
      token: resident.token,
      body: {
        accountNo: account.accountNo,
        type: 'repair',
        category: 'indoorFault',
        description: '立管锈蚀渗漏',
        location: north(1),
      },
    });
    const orderNo = made.body.orderNo;
    const assignee =
      (await t.api('GET', `/api/work-orders/${orderNo}`, { token: dispatcher.token })).body.assigneeName ===
      '近师傅'
        ? near
        : far;
    const other = assignee === near ? far : near;

    const work = {
      materials: [
        { code: 'PIPE-DN15', quantity: 1.5 },
        { code: 'VALVE', quantity: 2 },
      ],
      labourMinutes: 90,
    };
    expect(
      (await t.api('PUT', `/api/work-orders/${orderNo}/work`, { token: other.token, body: work })).status,
    ).toBe(403);
    const unknown = await t.api('PUT', `/api/work-orders/${orderNo}/work`, {
      token: assignee.token,
      body: { materials: [{ code: 'GOLD', quantity: 1 }], labourMinutes: 10 },
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.message).toContain('GOLD');
    const recorded = await t.api('PUT', `/api/work-orders/${orderNo}/work`, {
      token: assignee.token,
      body: work,
    });
    expect(recorded.status).toBe(200);
    expect(recorded.body.materialCostFen).toBe(1875 + 7000);
    expect(recorded.body.materials[0]).toMatchObject({
      name: '镀锌管',
      unit: '米',
      unitCostFen: 1250,
      costFen: 1875,
    });

    // A later price change does not touch what was recorded.
    await t.api('PUT', '/api/materials/VALVE', {
      token: admin.token,
      body: { code: 'VALVE', name: '球阀', unit: '个', unitCostFen: 9999 },
    });

    for (const action of ['accept', 'depart', 'arrive', 'start', 'complete']) {
      // A free list sent with the completion does not replace what was recorded from the catalogue.
      const extra =
        action === 'complete' ? { materials: [{ name: '自报材料', quantity: 1, unitPriceFen: 1 }] } : {};
      const r = await t.api('POST', `/api/work-orders/${orderNo}/transitions`, {
        token: assignee.token,
        body: { action, ...extra },
      });
      expect([action, r.status]).toEqual([action, 200]);
    }
    const done = await t.api('GET', `/api/work-orders/${orderNo}`, { token: dispatcher.token });
    expect(done.body.materials.map((m: { code: string }) => m.code)).toEqual(['PIPE-DN15', 'VALVE']);
    const report = await t.api('GET', '/api/kpi/order-costs?from=2030-11-20&to=2030-11-20', {
      token: supervisor.token,
    });
    expect(report.status).toBe(200);
    expect(report.body.rows).toEqual([
      expect.objectContaining({
        type: 'repair',
        area: 'FW',
        orders: 1,
        materialCostFen: 8875,
        labourMinutes: 90,
        avgMaterialCostFen: 8875,
      }),
    ]);
    const drill = await t.api(
      'GET',
      '/api/kpi/order-costs/orders?from=2030-11-20&to=2030-11-20&type=repair&area=FW',
      { token: supervisor.token },
    );
    expect(drill.body).toEqual([
      expect.objectContaining({ orderNo, materialCostFen: 8875, labourMinutes: 90 }),
    ]);
    const facts = await orderCostFacts({
      from: new Date('2030-11-19T16:00:00Z'),
      to: new Date('2030-11-20T16:00:00Z'),
    });
    expect(facts).toEqual([
      { type: 'repair', areaCode: 'FW-6', orders: 1, materialCostFen: 8875, labourMinutes: 90 },
    ]);

    const foreign = await makeStaff(t.deps, ['supervisor'], { areas: ['HD'] });
    expect(
      (
        await t.api('GET', '/api/kpi/order-costs?from=2030-11-20&to=2030-11-20&areaCode=FW', {
          token: foreign.token,
        })
      ).status,
    ).toBe(403);
    expect(
      (await t.api('GET', '/api/kpi/order-costs?from=2030-11-21&to=2030-11-20', { token: supervisor.token }))
        .status,
    ).toBe(400);
  });
});
