/**
 * Booking capacity: slots generated from templates on the business calendar (holidays closed, 调休 open),
 * holds and blackouts that close slots without losing their bookings, capacity edits that never strand a
 * booking, and a resident booking again from the order after a cancel or a failed booking.
 */
import {
  connectTestDb,
  createTestDeps,
  startTestServer,
  testClock,
  testConfig,
  type TestServer,
} from '../harness';
import { expectWithinBudget, watchRoundTrips } from '../roundTripBudget';
import { makeStaff } from '../factories';
import { householder } from './fixtures';
import { installWorkOrderDefaults } from '../../src/modules/workorders/config/configs';

// Thursday 2030-09-26, 10:00 in Beijing. 国庆 2030 as entered below: 10-01..10-07 off, Sunday 09-29 worked.
const clock = testClock(new Date('2030-09-26T02:00:00Z'));
let t: TestServer;
let admin: Awaited<ReturnType<typeof makeStaff>>;
let dispatcher: Awaited<ReturnType<typeof makeStaff>>;

beforeAll(async () => {
  t = await startTestServer({
    deps: createTestDeps(testConfig(), { clock }),
    db: await connectTestDb(undefined, { monitorCommands: true }),
  });
  await installWorkOrderDefaults();
  admin = await makeStaff(t.deps, ['admin'], { areas: [] });
  dispatcher = await makeStaff(t.deps, ['dispatcher'], { areas: ['FC'] });
  const days = [
    ...['01', '02', '03', '04', '05', '06', '07'].map((d) => ({
      date: `2030-10-${d}`,
      kind: 'holiday',
      name: '国庆节',
    })),
    { date: '2030-09-29', kind: 'workday', name: '国庆调休' },
    { date: '2030-10-12', kind: 'workday', name: '国庆调休' },
  ];
  const put = await t.api('PUT', '/api/staff/holidays/2030', { token: admin.token, body: { days } });
  expect(put.status).toBe(200);
});
afterAll(() => t.close());

const slotsOf = (token: string, from: string, to: string, areaCode = 'FC-1') =>
  t.api('GET', `/api/slots?areaCode=${areaCode}&type=inspection&from=${from}&to=${to}`, { token });

describe('slot generation from templates and the business calendar', () => {
  it('opens slots on working days and the 调休 Sunday, none over the 国庆 holiday, and a second run changes nothing', async () => {
    const tpl = await t.api('POST', '/api/slot-templates', {
      token: admin.token,
      body: {
        areaCode: 'FC',
        type: 'inspection',
        windows: [
          { window: 'am', capacity: 3 },
          { window: 'pm', capacity: 2 },
        ],
      },
    });
    expect(tpl.status).toBe(201);
    // A blackout made before the run: the day's slots are created already closed.
    const outage = await t.api('POST', '/api/slot-holds', {
      token: dispatcher.token,
      body: {
        kind: 'blackout',
        areaCode: 'FC',
        from: '2030-10-09',
        to: '2030-10-09',
        reason: '管网改造停气',
      },
    });
    expect(outage.status).toBe(201);

    const run = await t.api('POST', '/api/slots/generate', { token: admin.token, body: { days: 14 } });
    expect(run.status).toBe(200);
    expect(run.body).toMatchObject({
      from: '2030-09-27',
      to: '2030-10-10',
      makeUpDays: ['2030-09-29'],
      held: 2,
    });
    expect(run.body.closedDays).toEqual([
      '2030-09-28',
      '2030-10-01',
      '2030-10-02',
      '2030-10-03',
      '2030-10-04',
      '2030-10-05',
      '2030-10-06',
      '2030-10-07',
    ]);
    // 27, 29 (调休), 30, 10-08, 10-09 (held), 10-10: six days of two windows.
    expect(run.body.created).toBe(12);

    const { resident } = await householder(t.deps, 'FC-1');
    const open = await slotsOf(resident.token, '2030-09-27', '2030-10-10');
    expect([...new Set(open.body.map((s: { date: string }) => s.date))]).toEqual([
      '2030-09-27',
      '2030-09-29',
      '2030-09-30',
      '2030-10-08',
      '2030-10-10',
    ]);
    expect(
      open.body.find((s: { date: string; window: string }) => s.date === '2030-09-29' && s.window === 'am')
        .capacity,
    ).toBe(3);
    // Staff see the held day too, marked.
    const staffView = await slotsOf(dispatcher.token, '2030-10-09', '2030-10-09');
    expect(staffView.body).toHaveLength(2);
    expect(staffView.body.every((s: { heldBy: string }) => s.heldBy === outage.body.id)).toBe(true);

    const again = await t.api('POST', '/api/slots/generate', { token: admin.token, body: { days: 14 } });
    expect(again.body.created).toBe(0);
    // The scheduled job is the same run: the next day brings exactly one new day into range (10-11 is a Friday).
    clock.advance(24 * 3600_000);
    const nextDay = await t.api('POST', '/api/slots/generate', { token: admin.token, body: { days: 14 } });
    expect(nextDay.body).toMatchObject({ to: '2030-10-11', created: 2 });
    clock.advance(-24 * 3600_000);
  });

  it('refuses a template outside the planner’s areas, a duplicate, and a window without seats, naming the field', async () => {
    const supervisor = await makeStaff(t.deps, ['supervisor'], { areas: ['FC'] });
    const elsewhere = await t.api('POST', '/api/slot-templates', {
      token: supervisor.token,
      body: { areaCode: 'HD', type: 'inspection', windows: [{ window: 'am', capacity: 3 }] },
    });
    expect(elsewhere.status).toBe(403);
    const dup = await t.api('POST', '/api/slot-templates', {
      token: supervisor.token,
      body: { areaCode: 'FC', type: 'inspection', windows: [{ window: 'am', capacity: 1 }] },
    });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('SLOT_TEMPLATE_EXISTS');
    const bad = await t.api('POST', '/api/slot-templates', {
      token: supervisor.token,
      body: { areaCode: 'FC', type: 'installation', windows: [{ window: 'am', capacity: 0 }] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { path: string }) => f.path)).toContain('body.windows.0.capacity');
    const tech = await makeStaff(t.deps, ['technician'], { areas: ['FC'] });
    expect((await t.api('POST', '/api/slots/generate', { token: tech.token, body: {} })).status).toBe(403);
  });
});

describe('capacity edits and holds', () => {
  it('refuses lowering a slot below its bookings with a message naming the slot, and moves the seats left with the capacity', async () => {
    const people = await Promise.all([1, 2, 3].map(() => householder(t.deps, 'FC-1')));
    const slot = (await slotsOf(people[0].resident.token, '2030-09-30', '2030-09-30')).body.find(
      (s: { window: string }) => s.window === 'am',
    );
    for (const p of people.slice(0, 2)) {
      const b = await t.api('POST', '/api/appointments', {
        token: p.resident.token,
        body: { slotId: slot.id, accountNo: p.account.accountNo, description: '预约安检' },
      });
      expect(b.status).toBe(201);
    }
    const lower = await t.api('PUT', `/api/slots/${slot.id}/capacity`, {
      token: dispatcher.token,
      body: { capacity: 1 },
    });
    expect(lower.status).toBe(422);
    expect(lower.body.error.code).toBe('SLOT_CAPACITY_BELOW_BOOKED');
    expect(lower.body.error.message).toContain('2030-09-30 上午 9:00-12:00');
    expect(lower.body.error.message).toContain('已约 2 户');

    const exact = await t.api('PUT', `/api/slots/${slot.id}/capacity`, {
      token: dispatcher.token,
      body: { capacity: 2 },
    });
    expect(exact.body).toMatchObject({ capacity: 2, remaining: 0 });
    const third = await t.api('POST', '/api/appointments', {
      token: people[2].resident.token,
      body: { slotId: slot.id, accountNo: people[2].account.accountNo, description: '预约安检' },
    });
    expect(third.body.error.code).toBe('SLOT_FULL');
    const raised = await t.api('PUT', `/api/slots/${slot.id}/capacity`, {
      token: dispatcher.token,
      body: { capacity: 5 },
    });
    expect(raised.body).toMatchObject({ capacity: 5, remaining: 3 });

    const negative = await t.api('PUT', `/api/slots/${slot.id}/capacity`, {
      token: dispatcher.token,
      body: { capacity: -1 },
    });
    expect(negative.status).toBe(400);
    const otherArea = await makeStaff(t.deps, ['dispatcher'], { areas: ['HD'] });
    const foreign = await t.api('PUT', `/api/slots/${slot.id}/capacity`, {
      token: otherArea.token,
      body: { capacity: 9 },
    });
    expect(foreign.status).toBe(404);
  });

  it('a blackout closes the slots to everyone but keeps and lists their bookings; lifting it reopens them', async () => {
    const p = await householder(t.deps, 'FC-1');
    const slot = (await slotsOf(p.resident.token, '2030-10-10', '2030-10-10')).body.find(
      (s: { window: string }) => s.window === 'pm',
    );
    const booked = await t.api('POST', '/api/appointments', {
      token: p.resident.token,
      body: { slotId: slot.id, accountNo: p.account.accountNo, description: '预约安检' },
    });
    expect(booked.status).toBe(201);
    const hold = await t.api('POST', '/api/slot-holds', {
      token: dispatcher.token,
      body: {
        kind: 'blackout',
        areaCode: 'FC',
        type: 'inspection',
        from: '2030-10-10',
        to: '2030-10-10',
        window: 'pm',
        reason: '停气抢修',
      },
    });
    expect(hold.body.slots).toBe(1);
    expect(hold.body.bookings).toEqual([
      expect.objectContaining({ orderNo: booked.body.orderNo, slotId: slot.id }),
    ]);
    // The booking stands; the slot is gone from what residents can pick and cannot be taken.
    expect(
      (await t.api('GET', `/api/work-orders/${booked.body.orderNo}`, { token: p.resident.token })).body
        .appointment.id,
    ).toBe(booked.body.id);
    expect(
      (await slotsOf(p.resident.token, '2030-10-10', '2030-10-10')).body.map((s: { id: string }) => s.id),
    ).not.toContain(slot.id);
    const q = await householder(t.deps, 'FC-1');
    const refused = await t.api('POST', '/api/appointments', {
      token: q.resident.token,
      body: { slotId: slot.id, accountNo: q.account.accountNo, description: '预约安检' },
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('SLOT_HELD');

    const foreign = await makeStaff(t.deps, ['dispatcher'], { areas: ['HD'] });
    expect((await t.api('DELETE', `/api/slot-holds/${hold.body.id}`, { token: foreign.token })).status).toBe(
      404,
    );
    expect(
      (
        await t.api('POST', '/api/slot-holds', {
          token: dispatcher.token,
          body: { kind: 'hold', areaCode: 'FC', from: '2030-10-10', to: '2030-10-09', reason: 'x' },
        })
      ).status,
    ).toBe(400);
    const lifted = await t.api('DELETE', `/api/slot-holds/${hold.body.id}`, { token: dispatcher.token });
    expect(lifted.status).toBe(200);
    const reopened = (await slotsOf(q.resident.token, '2030-10-10', '2030-10-10')).body.find(
      (s: { id: string }) => s.id === slot.id,
    );
    expect(reopened.remaining).toBe(1);
  });

  it('lifting one of overlapping holds hands each slot to one still covering it, a blackout first, in the same round trips however many overlap', async () => {
    const place = (body: Record<string, unknown>) =>
      t.api('POST', '/api/slot-holds', {
        token: dispatcher.token,
        body: { areaCode: 'FC', type: 'inspection', reason: '检修', ...body },
      });
    const heldOn = async (date: string) =>
      Object.fromEntries(
        (await slotsOf(dispatcher.token, date, date)).body.map(
          (s: { window: string; heldBy: string | null }) => [s.window, s.heldBy],
        ),
      );
    const trips = watchRoundTrips();
    const liftCommands = async (overlapping: number) => {
      const lifted = (await place({ kind: 'hold', from: '2030-10-14', to: '2030-10-18' })).body.id;
      for (let i = 0; i < overlapping; i++)
        await place({
          kind: 'hold',
          from: '2030-10-16',
          to: '2030-10-17',
          window: 'pm',
          reason: `留用 ${i}`,
        });
      const { result, commands } = await trips.of((headers) =>
        t.api('DELETE', `/api/slot-holds/${lifted}`, { token: dispatcher.token, headers }),
      );
      expect(result.status).toBe(200);
      return commands;
    };
    // Days past the other tests' slots (they end on 10-10).
    expect(
      (await t.api('POST', '/api/slots/generate', { token: admin.token, body: { days: 30 } })).status,
    ).toBe(200);
    try {
      // The lifted hold covers 10-14..10-18; a hold (all day) and a blackout (am) overlap it on 10-15, placed in
      // that order, so the blackout, placed last, holds nothing of its own while the first hold stands.
      const lifted = (await place({ kind: 'hold', from: '2030-10-14', to: '2030-10-15' })).body.id;
      const hold = (await place({ kind: 'hold', from: '2030-10-15', to: '2030-10-15' })).body;
      const blackout = (await place({ kind: 'blackout', from: '2030-10-15', to: '2030-10-15', window: 'am' }))
        .body;
      expect(await heldOn('2030-10-15')).toEqual({ am: blackout.id, pm: lifted });
      const res = await t.api('DELETE', `/api/slot-holds/${lifted}`, { token: dispatcher.token });
      expect(res.status).toBe(200);
      expect(await heldOn('2030-10-15')).toEqual({ am: blackout.id, pm: hold.id });
      expect(await heldOn('2030-10-14')).toEqual({ am: null, pm: null });
      // A second lift of the same hold finds nothing.
      expect((await t.api('DELETE', `/api/slot-holds/${lifted}`, { token: dispatcher.token })).status).toBe(
        404,
      );

      // One overlapping hold or twelve: the same commands (one loop of reads and writes per hold, before).
      const one = await liftCommands(1);
      const twelve = await liftCommands(12);
      expect(twelve).toEqual(one);
      expectWithinBudget('deleteSlotHold', one, 7);

      // A slot made later inside both a hold and a blackout is made closed to everyone, whichever came first.
      const later = (await place({ kind: 'hold', from: '2030-10-28', to: '2030-10-28' })).body;
      const closed = (await place({ kind: 'blackout', from: '2030-10-28', to: '2030-10-28' })).body;
      expect(later.slots).toBe(0);
      expect(
        (await t.api('POST', '/api/slots/generate', { token: admin.token, body: { days: 35 } })).status,
      ).toBe(200);
      expect(await heldOn('2030-10-28')).toEqual({ am: closed.id, pm: closed.id });
    } finally {
      trips.stop();
    }
  });

  it('a hold keeps a slot for staff: residents cannot book it, an agent can', async () => {
    const hold = await t.api('POST', '/api/slot-holds', {
      token: dispatcher.token,
      body: {
        kind: 'hold',
        areaCode: 'FC',
        type: 'inspection',
        from: '2030-10-08',
        to: '2030-10-08',
        window: 'am',
        reason: '留给紧急安检',
      },
    });
    const slot = (await slotsOf(dispatcher.token, '2030-10-08', '2030-10-08')).body.find(
      (s: { window: string }) => s.window === 'am',
    );
    expect(slot.heldBy).toBe(hold.body.id);
    const p = await householder(t.deps, 'FC-1');
    const resident = await t.api('POST', '/api/appointments', {
      token: p.resident.token,
      body: { slotId: slot.id, accountNo: p.account.accountNo, description: '预约安检' },
    });
    expect(resident.body.error.code).toBe('SLOT_HELD');
    const agent = await makeStaff(t.deps, ['agent'], { areas: [] });
    const byAgent = await t.api('POST', '/api/appointments', {
      token: agent.token,
      body: { slotId: slot.id, accountNo: p.account.accountNo, description: '燃气异味,优先安检' },
    });
    expect(byAgent.status).toBe(201);
  });
});

describe('booking again from the order', () => {
  it('after a cancelled booking, and after a booking that failed on a full slot, the resident books the same order again', async () => {
    const p = await householder(t.deps, 'FC-1');
    const slots = (await slotsOf(p.resident.token, '2030-09-27', '2030-09-27')).body;
    const first = await t.api('POST', '/api/appointments', {
      token: p.resident.token,
      body: { slotId: slots[0].id, accountNo: p.account.accountNo, description: '预约安检' },
    });
    const orderNo = first.body.orderNo;
    expect(
      (await t.api('DELETE', `/api/appointments/${first.body.id}`, { token: p.resident.token })).status,
    ).toBe(200);
    expect(
      (await t.api('GET', `/api/work-orders/${orderNo}`, { token: p.resident.token })).body.appointment,
    ).toBeFalsy();

    // The afternoon is full: the booking fails and the order stays open without a visit.
    const full = slots.find((s: { window: string }) => s.window === 'pm');
    await t.api('PUT', `/api/slots/${full.id}/capacity`, { token: dispatcher.token, body: { capacity: 0 } });
    const failed = await t.api('POST', '/api/appointments', {
      token: p.resident.token,
      body: { slotId: full.id, orderNo },
    });
    expect(failed.body.error.code).toBe('SLOT_FULL');

    const again = await t.api('POST', '/api/appointments', {
      token: p.resident.token,
      body: { slotId: slots[0].id, orderNo },
    });
    expect(again.status).toBe(201);
    expect(again.body.orderNo).toBe(orderNo);
    const order = await t.api('GET', `/api/work-orders/${orderNo}`, { token: p.resident.token });
    expect(order.body.appointment.id).toBe(again.body.id);

    // Someone else's order cannot be booked.
    const other = await householder(t.deps, 'FC-1');
    const foreign = await t.api('POST', '/api/appointments', {
      token: other.resident.token,
      body: { slotId: slots[0].id, orderNo },
    });
    expect(foreign.status).toBe(404);
  });
});
