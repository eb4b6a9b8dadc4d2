/**
 * 安检 in the field: plans scheduled and edited from the console, the technician's form (checklist per
 * utility, readings, photos, signature, 隐患), hazards through re-inspection, the statistics with overdue
 * alerts, and the follow-up list of households not reached after the plan's N visits.
 */
import { AuditLogModel } from '../../src/platform/audit';
import { HazardModel } from '../../src/modules/workorders/inspections/hazard.model';
import { installWorkOrderDefaults } from '../../src/modules/workorders/config/configs';
import { WorkOrderModel } from '../../src/modules/workorders/orders/workorder.model';
import { runDueInspectionPlans } from '../../src/modules/workorders/inspections/inspection.service';
import {
  connectTestDb,
  createTestDeps,
  startTestServer,
  testClock,
  testConfig,
  type TestServer,
} from '../harness';
import { expectWithinBudget, warmSession, watchRoundTrips } from '../roundTripBudget';
import { makeAccount, makeStaff, type TestStaff, uploadPng } from '../factories';

// Wednesday 2 December 2026, 10:00 in Beijing.
const clock = testClock(new Date('2026-12-02T02:00:00Z'));
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({
    deps: createTestDeps(testConfig({ FOLLOW_UP_SAMPLE_PERCENT: '0' }), { clock }),
    db: await connectTestDb(undefined, { monitorCommands: true }),
  });
  await installWorkOrderDefaults({ dispatchRules: false });
});
afterAll(() => t.close());

const act = (orderNo: string, token: string, body: Record<string, unknown>) =>
  t.api('POST', `/api/work-orders/${orderNo}/transitions`, { token, body });

const photo = async (token: string, colour = '#3a3') =>
  (await uploadPng(t, token, { color: colour, width: 40, height: 40 })).id;

const GAS_KEYS = ['meter', 'valve', 'riser', 'hose', 'stove', 'heater', 'alarm', 'ventilation', 'leakTest'];
const allPass = (keys = GAS_KEYS) => keys.map((key) => ({ key, result: 'pass' }));

describe('safety inspection in the field', () => {
  let supervisor: TestStaff;
  let otherSupervisor: TestStaff;
  let dispatcher: TestStaff;
  let tech: TestStaff;
  let otherTech: TestStaff;
  let admin: TestStaff;
  let planId: string;
  const orders = new Map<string, string>();

  beforeAll(async () => {
    supervisor = await makeStaff(t.deps, ['supervisor'], { areas: ['HZ'] });
    otherSupervisor = await makeStaff(t.deps, ['supervisor'], { areas: ['OT'] });
    dispatcher = await makeStaff(t.deps, ['dispatcher'], { areas: ['HZ'] });
    tech = await makeStaff(t.deps, ['technician'], { areas: ['HZ'], name: '赵安检', skills: ['inspection'] });
    otherTech = await makeStaff(t.deps, ['technician'], { areas: ['OT'], skills: ['inspection'] });
    admin = await makeStaff(t.deps, ['admin'], { areas: [] });
    const home = await makeAccount({ areaCode: 'HZ-A', customerType: 'residential' });
    const shop = await makeAccount({ areaCode: 'HZ-B', customerType: 'commercial' });
    await makeAccount({ areaCode: 'OT-1' });
    orders.set('home', home.accountNo);
    orders.set('shop', shop.accountNo);
  });

  it('schedules a plan for a day ahead, edits its visits before unreachable, and refuses bad edits naming the field', async () => {
    const past = await t.api('POST', '/api/inspection-plans', {
      token: supervisor.token,
      body: { name: '冬季安检', areaPrefix: 'HZ', nextRunOn: '2026-12-01' },
    });
    expect(past.status).toBe(400);
    expect(past.body.error.fields[0]).toEqual({
      path: 'body.nextRunOn',
      message: '下次执行日期不能早于今天',
    });
    const outside = await t.api('POST', '/api/inspection-plans', {
      token: supervisor.token,
      body: { name: '冬季安检', areaPrefix: 'OT' },
    });
    expect(outside.status).toBe(403);

    const created = await t.api('POST', '/api/inspection-plans', {
      token: supervisor.token,
      body: { name: '冬季安检', areaPrefix: 'HZ', cycleMonths: 6, nextRunOn: '2026-12-03' },
    });
    expect(created.status).toBe(201);
    // Runs at the start of 3 December in Beijing.
    expect(created.body).toMatchObject({ cycle: 0, nextRunAt: '2026-12-02T16:00:00.000Z', maxAttempts: 3 });
    planId = created.body.id;

    const zero = await t.api('PATCH', `/api/inspection-plans/${planId}`, {
      token: supervisor.token,
      body: { maxAttempts: 0 },
    });
    expect(zero.status).toBe(400);
    expect(zero.body.error.fields[0]).toEqual({ path: 'body.maxAttempts', message: '最多上门次数至少 1 次' });
    expect(
      (await t.api('PATCH', `/api/inspection-plans/${planId}`, { token: supervisor.token, body: {} })).body
        .error.fields[0].message,
    ).toBe('请至少修改一项');
    // Another area's supervisor does not find it; a technician may not edit plans.
    expect(
      (
        await t.api('PATCH', `/api/inspection-plans/${planId}`, {
          token: otherSupervisor.token,
          body: { maxAttempts: 2 },
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await t.api('PATCH', `/api/inspection-plans/${planId}`, {
          token: tech.token,
          body: { maxAttempts: 2 },
        })
      ).status,
    ).toBe(403);

    const edited = await t.api('PATCH', `/api/inspection-plans/${planId}`, {
      token: supervisor.token,
      body: { maxAttempts: 2 },
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ maxAttempts: 2, cycleMonths: 6 });
    const audited = await AuditLogModel.findOne({
      action: 'inspectionPlan.update',
      'target.id': planId,
    }).lean();
    expect(audited?.after).toMatchObject({ maxAttempts: 2 });

    // The schedule runs it on its day, not before.
    expect(await runDueInspectionPlans(t.deps)).toEqual({ plans: 0, created: 0 });
    clock.set(new Date('2026-12-02T16:00:00Z'));
    expect(await runDueInspectionPlans(t.deps)).toEqual({ plans: 1, created: 2 });
    clock.set(new Date('2026-12-02T02:00:00Z'));
    const plans = await t.api('GET', '/api/inspection-plans', { token: supervisor.token });
    expect(plans.body[0]).toMatchObject({ id: planId, cycle: 1 });
    for (const [who, accountNo] of [...orders]) {
      const o = await WorkOrderModel.findOne({ inspectionPlanId: planId, accountNo }).lean();
      orders.set(who, o!.orderNo);
      expect(
        (await act(o!.orderNo, dispatcher.token, { action: 'dispatch', assigneeId: tech.staffId })).status,
      ).toBe(200);
      for (const action of ['accept', 'depart', 'arrive'])
        expect((await act(o!.orderNo, tech.token, { action })).status).toBe(200);
    }
  });

  it('records the inspection form with its hazards and completes the order; bad forms name the field', async () => {
    const home = orders.get('home')!;
    const submit = (token: string, body: Record<string, unknown>, orderNo = home) =>
      t.api('POST', `/api/work-orders/${orderNo}/inspection`, { token, body });
    const signature = await photo(tech.token, '#fff');
    const scene = await photo(tech.token);
    const hose = await photo(tech.token, '#a33');
    const form = {
      checklist: [
        ...allPass(GAS_KEYS.filter((k) => k !== 'hose' && k !== 'leakTest')),
        { key: 'hose', result: 'fail', note: '胶管龟裂' },
        { key: 'leakTest', result: 'fail' },
      ],
      readings: { meter: 1234.5, pressureKpa: 2.1, leakPpm: 300 },
      photos: [scene],
      signaturePhotoId: signature,
      hazards: [
        { category: 'leak', severity: 'critical', description: '表前阀门处微漏', rectifyBy: '2026-12-04' },
        {
          category: 'hoseAging',
          severity: 'minor',
          description: '灶具胶管老化',
          rectifyBy: '2026-12-20',
          photos: [hose],
        },
      ],
    };

    // Not yet at the 安检 node: 409.
    expect((await submit(tech.token, form)).status).toBe(409);
    expect((await act(home, tech.token, { action: 'start' })).status).toBe(200);

    const missing = await submit(tech.token, { ...form, checklist: allPass(['meter', 'valve']) });
    expect(missing.status).toBe(400);
    expect(missing.body.error.fields).toEqual([
      { path: 'body.checklist', message: expect.stringContaining('还有检查项未填写:立管、户内管无锈蚀') },
    ]);
    const unknown = await submit(tech.token, {
      ...form,
      checklist: [...form.checklist, { key: 'radiator', result: 'pass' }],
    });
    expect(unknown.body.error.fields).toEqual([
      { path: 'body.checklist.9.key', message: '该检查项不在本行业的安检清单中' },
    ]);
    const late = await submit(tech.token, {
      ...form,
      hazards: [{ ...form.hazards[0], rectifyBy: '2026-12-01' }],
    });
    expect(late.body.error.fields).toEqual([
      { path: 'body.hazards.0.rectifyBy', message: '整改期限不能早于今天' },
    ]);
    const badCategory = await submit(tech.token, {
      ...form,
      hazards: [{ ...form.hazards[0], category: 'ghost' }],
    });
    expect(badCategory.status).toBe(400);
    expect(badCategory.body.error.fields[0]).toEqual({
      path: 'body.hazards.0.category',
      message: '隐患类别不正确',
    });
    const unsigned = await submit(tech.token, { ...form, signaturePhotoId: undefined });
    expect(unsigned.body.error.fields[0]).toEqual({ path: 'body.signaturePhotoId', message: '请用户签字' });
    // Someone else's upload as the signature is not found; a technician of another area does not find the order.
    const theirs = await photo(otherTech.token);
    expect((await submit(tech.token, { ...form, signaturePhotoId: theirs })).status).toBe(404);
    expect((await submit(otherTech.token, form)).status).toBe(404);
    expect(await HazardModel.countDocuments({ orderNo: home })).toBe(0);

    const done = await submit(tech.token, form);
    expect(done.status).toBe(200);
    expect(done.body.order).toMatchObject({ state: 'resolved', status: 'completed' });
    expect(done.body.record).toMatchObject({
      utility: 'gas',
      readings: { meter: 1234.5, pressureKpa: 2.1, leakPpm: 300 },
      inspectorName: '赵安检',
    });
    expect(done.body.record.hazardIds).toHaveLength(2);
    expect(done.body.record.checklist.find((c: { key: string }) => c.key === 'hose')).toEqual({
      key: 'hose',
      label: '连接胶管未老化、未超期、无穿墙',
      result: 'fail',
      note: '胶管龟裂',
    });
    // The signature is an upload the record links to, signed for the reader.
    const sig = await fetch(`${t.url}${done.body.record.signatureUrl}`);
    expect(sig.status).toBe(200);
    expect(sig.headers.get('content-type')).toBe('image/png');

    // Submitted twice (the answer was lost): the order is finished, nothing is duplicated.
    expect((await submit(tech.token, form)).status).toBe(409);
    expect(await HazardModel.countDocuments({ orderNo: home })).toBe(2);
    const record = await t.api('GET', `/api/work-orders/${home}/inspection`, { token: supervisor.token });
    expect(record.body.hazardIds).toEqual(done.body.record.hazardIds);
    expect(
      (await t.api('GET', `/api/work-orders/${home}/inspection`, { token: otherSupervisor.token })).status,
    ).toBe(404);
  });

  it('counts hazards by area, customer type and category, and alerts once a rectification day has passed', async () => {
    const stats = async (token: string, q = '') => t.api('GET', `/api/hazards/stats${q}`, { token });
    const now = await stats(supervisor.token);
    expect(now.status).toBe(200);
    expect(now.body).toMatchObject({ total: 2, open: 2, overdue: 0, overdueAlerts: [] });
    expect(now.body.byArea).toEqual([{ key: 'HZ-A', total: 2, open: 2, overdue: 0 }]);
    expect(now.body.byCustomerType).toEqual([{ key: 'residential', total: 2, open: 2, overdue: 0 }]);
    expect(now.body.byCategory.map((c: { key: string }) => c.key).sort()).toEqual(['hoseAging', 'leak']);

    // Another area sees none of it, and may not ask for this one.
    expect((await stats(otherSupervisor.token)).body).toMatchObject({ total: 0, byArea: [] });
    expect((await stats(otherSupervisor.token, '?areaPrefix=HZ')).status).toBe(403);
    expect((await stats(supervisor.token, '?areaPrefix=HZ%20A')).body.error.fields[0]).toEqual({
      path: 'query.areaPrefix',
      message: '片区编码格式不正确',
    });

    // 4 December is the leak's last day; on the 5th it is overdue.
    clock.set(new Date('2026-12-04T15:00:00Z')); // 23:00 on the 4th in Beijing
    expect((await stats(supervisor.token)).body.overdue).toBe(0);
    clock.set(new Date('2026-12-05T01:00:00Z'));
    const later = await stats(supervisor.token);
    expect(later.body).toMatchObject({ total: 2, open: 2, overdue: 1 });
    expect(
      later.body.overdueAlerts.map((h: { category: string; overdue: boolean }) => [h.category, h.overdue]),
    ).toEqual([['leak', true]]);
    expect(later.body.byCategory.find((c: { key: string }) => c.key === 'leak')).toEqual({
      key: 'leak',
      total: 1,
      open: 1,
      overdue: 1,
    });
    expect((await t.api('GET', '/api/hazards?overdue=false', { token: tech.token })).body.items).toEqual([
      expect.objectContaining({ category: 'hoseAging', overdue: false }),
    ]);
    const overdueList = await t.api('GET', '/api/hazards?overdue=true', { token: tech.token });
    expect(overdueList.body.total).toBe(1);
    expect(overdueList.body.items[0]).toMatchObject({
      category: 'leak',
      severity: 'critical',
      overdue: true,
    });
  });

  it('keeps a hazard open when the re-inspection finds it not rectified and closes it when it is', async () => {
    const leak = (await t.api('GET', '/api/hazards?category=leak', { token: supervisor.token })).body
      .items[0];
    const reinspect = (token: string, body: Record<string, unknown>, id = leak.id) =>
      t.api('POST', `/api/hazards/${id}/reinspections`, { token, body });

    expect((await reinspect(otherTech.token, { rectified: true })).status).toBe(404);
    expect((await reinspect(tech.token, { rectified: 'yes' })).body.error.fields[0]).toEqual({
      path: 'body.rectified',
      message: '请选择是否已整改',
    });
    expect(
      (await reinspect(tech.token, { rectified: false, rectifyBy: '2026-12-03' })).body.error.fields[0],
    ).toEqual({
      path: 'body.rectifyBy',
      message: '整改期限不能早于今天',
    });
    expect((await reinspect(tech.token, { rectified: true }, '0123456789abcdef01234567')).status).toBe(404);

    const kept = await reinspect(tech.token, {
      rectified: false,
      note: '用户未更换阀门',
      rectifyBy: '2026-12-10',
    });
    expect(kept.status).toBe(200);
    expect(kept.body).toMatchObject({ status: 'open', overdue: false, rectifyBy: '2026-12-10' });
    expect(kept.body.reinspections).toEqual([
      expect.objectContaining({ rectified: false, note: '用户未更换阀门', byName: '赵安检' }),
    ]);
    expect((await t.api('GET', '/api/hazards/stats', { token: supervisor.token })).body.overdue).toBe(0);

    const fixedPhoto = await photo(tech.token, '#33a');
    const closed = await reinspect(tech.token, { rectified: true, photos: [fixedPhoto] });
    expect(closed.body).toMatchObject({ status: 'rectified', overdue: false });
    expect(closed.body.rectifiedAt).toBe('2026-12-05T01:00:00.000Z');
    expect(closed.body.reinspections).toHaveLength(2);
    const again = await reinspect(tech.token, { rectified: true });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('HAZARD_RECTIFIED');
    expect((await t.api('GET', '/api/hazards/stats', { token: supervisor.token })).body).toMatchObject({
      total: 2,
      open: 1,
    });
    expect(await AuditLogModel.countDocuments({ action: 'hazard.reinspect', 'target.id': leak.id })).toBe(2);
  });

  it('puts a household on the follow-up list after the plan’s N visits found nobody home', async () => {
    const shop = orders.get('shop')!;
    const list = (token: string, q = '') => t.api('GET', `/api/inspections/unreachable${q}`, { token });
    expect((await list(supervisor.token)).body.total).toBe(0);

    const first = await act(shop, tech.token, { action: 'notHome' });
    expect(first.body).toMatchObject({ state: 'open', attempts: 1 });
    expect((await list(supervisor.token)).body.total).toBe(0);
    for (const action of ['depart', 'arrive'])
      expect((await act(shop, tech.token, { action })).status).toBe(200);
    const second = await act(shop, tech.token, { action: 'notHome' });
    expect(second.body).toMatchObject({ state: 'closed', unreachable: true, attempts: 2 });

    const pending = await list(supervisor.token, '?handled=false');
    expect(pending.body.items).toEqual([
      expect.objectContaining({
        orderNo: shop,
        planId,
        planName: '冬季安检',
        cycle: 1,
        attempts: 2,
        followUp: null,
      }),
    ]);
    expect((await list(otherSupervisor.token)).body.total).toBe(0);
    expect((await list(tech.token)).status).toBe(403);

    const follow = (token: string, body: Record<string, unknown>, orderNo = shop) =>
      t.api('POST', `/api/inspections/unreachable/${orderNo}/follow-up`, { token, body });
    expect((await follow(supervisor.token, { outcome: 'maybe' })).body.error.fields[0].path).toBe(
      'body.outcome',
    );
    expect((await follow(otherSupervisor.token, { outcome: 'vacant' })).status).toBe(404);
    // An order that was inspected is not on the list.
    expect((await follow(supervisor.token, { outcome: 'vacant' }, orders.get('home')!)).status).toBe(404);
    const done = await follow(supervisor.token, { outcome: 'rebooked', note: '约定周六上午' });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ outcome: 'rebooked', note: '约定周六上午' });
    expect((await list(supervisor.token, '?handled=false')).body.total).toBe(0);
    expect((await list(supervisor.token, '?handled=true')).body.items[0].followUp).toMatchObject({
      outcome: 'rebooked',
    });
    expect(
      await AuditLogModel.countDocuments({ action: 'inspection.unreachableFollowUp', 'target.id': shop }),
    ).toBe(1);
  });

  it('lists hazards and unreachable households in a fixed number of round trips', async () => {
    const trips = watchRoundTrips();
    try {
      await warmSession(t.api, supervisor.token, 'staff');
      const hazards = await trips.of((headers) =>
        t.api('GET', '/api/hazards', { token: supervisor.token, headers }),
      );
      expect(hazards.result.body.total).toBe(2);
      expectWithinBudget('listHazards', hazards.commands, 1);
      const away = await trips.of((headers) =>
        t.api('GET', '/api/inspections/unreachable', { token: supervisor.token, headers }),
      );
      expect(away.result.body.total).toBe(1);
      expectWithinBudget('listUnreachableHouseholds', away.commands, 3);
    } finally {
      trips.stop();
    }
  });

  it('lets an admin edit the checklist a utility’s form asks, audited; others may only read it', async () => {
    const read = await t.api('GET', '/api/inspection-checklists', { token: tech.token });
    expect(read.body.map((c: { utility: string }) => c.utility)).toEqual(['gas', 'water', 'heating']);
    const items = [
      { key: 'meter', label: '水表完好' },
      { key: 'leak', label: '无渗漏' },
    ];
    expect(
      (await t.api('PUT', '/api/inspection-checklists/water', { token: supervisor.token, body: { items } }))
        .status,
    ).toBe(403);
    const dup = await t.api('PUT', '/api/inspection-checklists/water', {
      token: admin.token,
      body: { items: [...items, items[0]] },
    });
    expect(dup.body.error.fields[0]).toEqual({ path: 'body.items', message: '检查项编号不能重复' });
    const unknown = await t.api('PUT', '/api/inspection-checklists/oil', {
      token: admin.token,
      body: { items },
    });
    expect(unknown.body.error.fields[0].path).toBe('params.utility');
    const saved = await t.api('PUT', '/api/inspection-checklists/water', {
      token: admin.token,
      body: { items },
    });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ utility: 'water', items });
    const after = await t.api('GET', '/api/inspection-checklists', { token: tech.token });
    expect(after.body.find((c: { utility: string }) => c.utility === 'water').items).toEqual(items);
    expect(
      await AuditLogModel.countDocuments({ action: 'inspectionChecklist.replace', 'target.id': 'water' }),
    ).toBe(1);
  });
});
