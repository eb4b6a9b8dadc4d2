import { createTestDeps, startTestServer, testConfig, type TestServer } from '../harness';
import { makeAccount, makeResident, makeStaff } from '../factories';
import { OutboxModel } from '../../src/platform/outbox/outbox.model';
import { installWorkOrderDefaults } from '../../src/modules/workorders/config/configs';
import { WorkOrderModel } from '../../src/modules/workorders/orders/workorder.model';
import { householder, NO_SAMPLING } from './fixtures';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({
    deps: createTestDeps(testConfig({ FOLLOW_UP_SAMPLE_PERCENT: '0', FOLLOW_UP_SAMPLE_RATES: NO_SAMPLING })),
  });
  await installWorkOrderDefaults({ dispatchRules: false });
});
afterAll(() => t.close());
const act = (orderNo: string, token: string, body: Record<string, unknown>) =>
  t.api('POST', `/api/work-orders/${orderNo}/transitions`, { token, body });

describe('periodic safety inspections', () => {
  it('runs a plan for every active account of the area, reports completion per area, and flags households not reached after N visits', async () => {
    const supervisor = await makeStaff(t.deps, ['supervisor'], { areas: ['IN'] });
    const dispatcher = await makeStaff(t.deps, ['dispatcher'], { areas: ['IN'] });
    const tech = await makeStaff(t.deps, ['technician'], {
      areas: ['IN'],
      team: '安检组',
      skills: ['安检'],
    });
    const a1 = await makeAccount({ areaCode: 'IN-A' });
    const a2 = await makeAccount({ areaCode: 'IN-A' });
    const b1 = await makeAccount({ areaCode: 'IN-B' });
    await makeAccount({ areaCode: 'IN-B', status: 'closed' });
    await makeAccount({ areaCode: 'OUT-1' });
    const a2Resident = await makeResident(t.deps, { bind: [a2.accountNo] });

    // Bad input names the field; a technician may not create plans.
    const bad = await t.api('POST', '/api/inspection-plans', {
      token: supervisor.token,
      body: { name: '年度安检', areaPrefix: 'IN', maxAttempts: 0 },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].path).toBe('body.maxAttempts');
    expect(
      (
        await t.api('POST', '/api/inspection-plans', {
          token: tech.token,
          body: { name: '年度安检', areaPrefix: 'IN' },
        })
      ).status,
    ).toBe(403);

    const plan = await t.api('POST', '/api/inspection-plans', {
      token: supervisor.token,
      body: { name: '年度安检', areaPrefix: 'IN', maxAttempts: 2 },
    });
    expect(plan.status).toBe(201);
    expect(plan.body).toMatchObject({ cycle: 0, maxAttempts: 2, active: true, lastRunAt: null });
    const planId: string = plan.body.id;

    const run1 = await t.api('POST', `/api/inspection-plans/${planId}/run`, { token: supervisor.token });
    expect(run1.status).toBe(200);
    expect(run1.body).toEqual({ cycle: 1, created: 3, skipped: 0 });
    const orders = await WorkOrderModel.find({ inspectionPlanId: planId }).lean();
    expect(orders.map((o) => o.accountNo).sort()).toEqual([a1.accountNo, a2.accountNo, b1.accountNo].sort());
    expect(orders.every((o) => o.type === 'inspection' && o.inspectionCycle === 1)).toBe(true);
    const orderOf = (accountNo: string) => orders.find((o) => o.accountNo === accountNo)!.orderNo;

    const before = await t.api('GET', `/api/inspection-plans/${planId}/completion`, {
      token: supervisor.token,
    });
    expect(before.body).toMatchObject({ cycle: 1, total: 3, completed: 0, rate: 0 });

    // a1: inspected. a2: nobody home twice (maxAttempts 2) → closed and flagged. b1: still open.
    const visit = async (orderNo: string) => {
      expect((await act(orderNo, tech.token, { action: 'depart' })).status).toBe(200);
      expect((await act(orderNo, tech.token, { action: 'arrive' })).status).toBe(200);
    };
    for (const accountNo of [a1.accountNo, a2.accountNo]) {
      const orderNo = orderOf(accountNo);
      expect(
        (await act(orderNo, dispatcher.token, { action: 'dispatch', assigneeId: tech.staffId })).status,
      ).toBe(200);
      expect((await act(orderNo, tech.token, { action: 'accept' })).status).toBe(200);
    }
    await visit(orderOf(a1.accountNo));
    expect((await act(orderOf(a1.accountNo), tech.token, { action: 'start' })).status).toBe(200);
    expect((await act(orderOf(a1.accountNo), tech.token, { action: 'complete' })).status).toBe(200);

    await visit(orderOf(a2.accountNo));
    const first = await act(orderOf(a2.accountNo), tech.token, { action: 'notHome' });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ state: 'open', status: 'taken', attempts: 1, unreachable: false });
    await visit(orderOf(a2.accountNo));
    const second = await act(orderOf(a2.accountNo), tech.token, { action: 'notHome' });
    expect(second.body).toMatchObject({ state: 'closed', attempts: 2, unreachable: true });
    // The resident reads it in plain words.
    const mine = await t.api('GET', `/api/work-orders/${orderOf(a2.accountNo)}`, { token: a2Resident.token });
    expect(mine.body.timeline.map((x: { text: string }) => x.text)).toContain('多次上门未遇,工单已关闭');
    // Not a retry any more: a further notHome is refused.
    expect((await act(orderOf(a2.accountNo), tech.token, { action: 'notHome' })).status).toBe(409);

    const after = await t.api('GET', `/api/inspection-plans/${planId}/completion`, {
      token: supervisor.token,
    });
    expect(after.body).toMatchObject({ cycle: 1, total: 3, completed: 1, rate: 0.333 });
    expect(after.body.areas).toEqual([
      { areaCode: 'IN-A', total: 2, completed: 1, unreachable: 1, rate: 0.5 },
      { areaCode: 'IN-B', total: 1, completed: 0, unreachable: 0, rate: 0 },
    ]);
    const flagged = await t.api('GET', `/api/staff/work-orders?accountNo=${a2.accountNo}`, {
      token: supervisor.token,
    });
    expect(flagged.body.items[0]).toMatchObject({ unreachable: true, attempts: 2 });

    // Next cycle: b1's order from cycle 1 is still open, so it is not duplicated.
    const run2 = await t.api('POST', `/api/inspection-plans/${planId}/run`, { token: supervisor.token });
    expect(run2.body).toEqual({ cycle: 2, created: 2, skipped: 1 });
    expect(
      (await t.api('GET', `/api/inspection-plans/${planId}/completion?cycle=2`, { token: supervisor.token }))
        .body,
    ).toMatchObject({ cycle: 2, total: 2, completed: 0 });
    expect(
      (await t.api('GET', `/api/inspection-plans/${planId}/completion?cycle=1`, { token: supervisor.token }))
        .body,
    ).toMatchObject({ completed: 1, total: 3 });
    expect(
      (await t.api('GET', `/api/inspection-plans/${planId}/completion?cycle=0`, { token: supervisor.token }))
        .status,
    ).toBe(400);
    expect(
      (await t.api('POST', '/api/inspection-plans/0123456789abcdef01234567/run', { token: supervisor.token }))
        .status,
    ).toBe(404);
  }, 60_000);
});

describe('appointment reschedule', () => {
  it('moves the booking to another slot: seats, reminder and order follow; a full slot or a stranger is refused', async () => {
    const admin = await makeStaff(t.deps, ['admin']);
    const day = new Date(Date.now() + 3 * 86400_000).toISOString().slice(0, 10);
    const made = await t.api('POST', '/api/slots', {
      token: admin.token,
      body: { areaCode: 'RS', type: 'inspection', from: day, days: 1, capacity: 1 },
    });
    expect(made.body.created).toBe(2);
    const me = await householder(t.deps, 'RS-1');
    const other = await householder(t.deps, 'RS-1');
    const slotsNow = async () =>
      (
        await t.api('GET', `/api/slots?areaCode=RS-1&type=inspection&from=${day}&to=${day}`, {
          token: me.resident.token,
        })
      ).body as { id: string; window: string; remaining: number }[];
    const slots = await slotsNow();
    const am = slots.find((s) => s.window === 'am')!;
    const pm = slots.find((s) => s.window === 'pm')!;

    const mine = await t.api('POST', '/api/appointments', {
      token: me.resident.token,
      body: { slotId: am.id, accountNo: me.account.accountNo, description: '预约安检' },
    });
    expect(mine.status).toBe(201);
    const theirs = await t.api('POST', '/api/appointments', {
      token: other.resident.token,
      body: { slotId: pm.id, accountNo: other.account.accountNo },
    });
    expect(theirs.status).toBe(201);
    const id: string = mine.body.id;

    // pm is full: refused, and my booking stays where it was.
    const full = await t.api('POST', `/api/appointments/${id}/reschedule`, {
      token: me.resident.token,
      body: { slotId: pm.id },
    });
    expect(full.status).toBe(409);
    expect(full.body.error.code).toBe('SLOT_FULL');
    expect((await slotsNow()).map((s) => s.remaining)).toEqual([0, 0]);
    // Someone else's appointment is not found; a malformed slot id names the field.
    expect(
      (
        await t.api('POST', `/api/appointments/${theirs.body.id}/reschedule`, {
          token: me.resident.token,
          body: { slotId: am.id },
        })
      ).status,
    ).toBe(404);
    const bad = await t.api('POST', `/api/appointments/${id}/reschedule`, {
      token: me.resident.token,
      body: { slotId: 'tomorrow' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].path).toBe('body.slotId');

    expect(
      (await t.api('DELETE', `/api/appointments/${theirs.body.id}`, { token: other.resident.token })).status,
    ).toBe(200);
    const moved = await t.api('POST', `/api/appointments/${id}/reschedule`, {
      token: me.resident.token,
      body: { slotId: pm.id },
    });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ id, slotId: pm.id, orderNo: mine.body.orderNo, status: 'booked' });
    expect(new Date(moved.body.startAt).getTime()).toBeGreaterThan(new Date(mine.body.startAt).getTime());
    const after = await slotsNow();
    expect(after.find((s) => s.id === am.id)!.remaining).toBe(1);
    expect(after.find((s) => s.id === pm.id)!.remaining).toBe(0);

    // The old reminder is withdrawn, a new one is due the day before the new time.
    expect((await OutboxModel.findOne({ dedupeKey: `appt:${id}:reminder:0` }).lean())!.status).toBe(
      'cancelled',
    );
    const reminder = await OutboxModel.findOne({ dedupeKey: `appt:${id}:reminder:1` }).lean();
    expect(reminder!.status).toBe('pending');
    expect(reminder!.runAt.getTime()).toBeLessThan(new Date(moved.body.startAt).getTime());
    // The order shows the new time.
    const order = await t.api('GET', `/api/work-orders/${mine.body.orderNo}`, { token: me.resident.token });
    expect(order.body.appointment).toMatchObject({
      id,
      startAt: moved.body.startAt,
      endAt: moved.body.endAt,
    });

    // Same slot again is a no-op; a cancelled appointment cannot be moved.
    expect(
      (
        await t.api('POST', `/api/appointments/${id}/reschedule`, {
          token: me.resident.token,
          body: { slotId: pm.id },
        })
      ).body.startAt,
    ).toBe(moved.body.startAt);
    expect((await t.api('DELETE', `/api/appointments/${id}`, { token: me.resident.token })).status).toBe(200);
    const gone = await t.api('POST', `/api/appointments/${id}/reschedule`, {
      token: me.resident.token,
      body: { slotId: am.id },
    });
    expect(gone.status).toBe(409);
    expect(gone.body.error.code).toBe('APPOINTMENT_NOT_ACTIVE');
  }, 30_000);
});
