/**
 * The staff work-order list (工单列表, and the board, which is its open orders) answers what needs work first:
 * open orders, the nearest deadline first and those with no deadline running (on hold) after them; then resolved,
 * closed and cancelled orders; the newest first among equals. The orders here are made and moved the way staff and
 * residents move them, through the API; the list's keys are derived by the model's hooks on every write, checked
 * here for each kind of write the portal makes.
 */
import mongoose from 'mongoose';
import { startTestServer, type TestServer } from '../harness';
import { householder, repairTeam } from './fixtures';
import { NO_DEADLINE, STATE_RANK, WorkOrderModel } from '../../src/modules/workorders/orders/workorder.model';
import { fillListKeys } from '../../src/modules/workorders/orders/listKeys';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

const act = (orderNo: string, token: string, body: Record<string, unknown>) =>
  t.api('POST', `/api/work-orders/${orderNo}/transitions`, { token, body });

/** Every order's stored keys against its state and deadline: what the hooks must keep. */
async function keysOutOfStep() {
  const orders = await WorkOrderModel.find(
    {},
    { orderNo: 1, state: 1, slaDueAt: 1, stateRank: 1, listDueAt: 1 },
  ).lean();
  return orders
    .filter(
      (o) =>
        o.stateRank !== STATE_RANK[o.state] ||
        o.listDueAt?.getTime() !== (o.slaDueAt ?? NO_DEADLINE).getTime(),
    )
    .map((o) => ({ orderNo: o.orderNo, state: o.state, stateRank: o.stateRank, listDueAt: o.listDueAt }));
}

it('answers open orders first, the nearest deadline first and those on hold after them; cancelled ones last', async () => {
  const team = await repairTeam(t.deps, { area: 'LO', team: '列表维修组', technicians: 3 });
  const { account, resident } = await householder(t.deps, 'LO-X');
  const file = async (category: string, description: string) => {
    const r = await t.api('POST', '/api/work-orders', {
      token: resident.token,
      body: { accountNo: account.accountNo, category, description },
    });
    expect(r.status).toBe(201);
    const assignee = team.technicians.find((x) => x.staff.name === r.body.technician.name)!;
    return { orderNo: r.body.orderNo as string, assignee };
  };
  // Filed oldest first; each is moved to where the list should place it.
  const cancelledFirst = await file('indoorFault', '已自行解决(早)');
  expect((await act(cancelledFirst.orderNo, resident.token, { action: 'cancel' })).status).toBe(200);
  const closed = await file('indoorFault', '灶具打不着火');
  const resolved = await file('indoorFault', '热水器异响');
  for (const o of [closed, resolved]) {
    for (const action of ['accept', 'depart', 'arrive', 'start'])
      expect((await act(o.orderNo, o.assignee.token, { action })).status).toBe(200);
    expect((await act(o.orderNo, o.assignee.token, { action: 'complete', note: '已修复' })).status).toBe(200);
  }
  // Closed by the resident's rating (a write of its own), not by a transition.
  const rated = await t.api('POST', `/api/work-orders/${closed.orderNo}/rating`, {
    token: resident.token,
    body: { score: 5 },
  });
  expect(rated.status).toBe(200);
  const onHold = await file('indoorFault', '等住户回家');
  expect((await act(onHold.orderNo, onHold.assignee.token, { action: 'accept' })).status).toBe(200);
  expect(
    (await act(onHold.orderNo, onHold.assignee.token, { action: 'hold', note: '住户不在家' })).status,
  ).toBe(200);
  const fault = await file('indoorFault', '燃气表不走字'); // 30 minutes to accept
  const cancelledLast = await file('indoorFault', '已自行解决(晚)');
  expect((await act(cancelledLast.orderNo, resident.token, { action: 'cancel' })).status).toBe(200);
  const leak = await file('gasLeak', '闻到燃气味'); // filed last, but 5 minutes to accept: due first

  const list = async (query = '') =>
    (
      await t.api('GET', `/api/staff/work-orders?areaPrefix=LO${query}`, { token: team.admin.token })
    ).body.items.map((o: { orderNo: string; state: string }) => [o.orderNo, o.state]);
  expect(await list()).toEqual([
    [leak.orderNo, 'open'],
    [fault.orderNo, 'open'],
    [onHold.orderNo, 'open'],
    [resolved.orderNo, 'resolved'],
    [closed.orderNo, 'closed'],
    [cancelledLast.orderNo, 'cancelled'],
    [cancelledFirst.orderNo, 'cancelled'],
  ]);
  // The board: its open orders, the tightest first.
  expect(await list('&state=open')).toEqual([
    [leak.orderNo, 'open'],
    [fault.orderNo, 'open'],
    [onHold.orderNo, 'open'],
  ]);
  expect(await list('&state=cancelled')).toEqual([
    [cancelledLast.orderNo, 'cancelled'],
    [cancelledFirst.orderNo, 'cancelled'],
  ]);

  // Resumed, its clock runs again with what was left of its 4 hours to arrive: due after the fault's 30 minutes.
  expect((await act(onHold.orderNo, onHold.assignee.token, { action: 'resume' })).status).toBe(200);
  expect((await list('&state=open')).map(([no]: string[]) => no)).toEqual([
    leak.orderNo,
    fault.orderNo,
    onHold.orderNo,
  ]);
  expect((await WorkOrderModel.findOne({ orderNo: onHold.orderNo }).lean())!.listDueAt).not.toEqual(
    NO_DEADLINE,
  );
  expect(await keysOutOfStep()).toEqual([]);
});

describe('the list keys, on every kind of write', () => {
  const base = (orderNo: string) => ({
    orderNo,
    accountNo: '3100009999',
    areaCode: 'KEY-X',
    type: 'repair',
    category: 'other',
    priority: 'normal',
    status: 'accepted',
    description: '键',
    address: '键',
    createdBy: { kind: 'system' },
  });
  const keysOf = async (orderNo: string) => {
    const o = (await WorkOrderModel.findOne({ orderNo }, { stateRank: 1, listDueAt: 1 }).lean())!;
    return { stateRank: o.stateRank, listDueAt: o.listDueAt };
  };
  const due = new Date('2026-12-01T08:00:00Z');

  it('are derived when an order is written whole: create, insertMany, save', async () => {
    await WorkOrderModel.create(base('KEY-1'));
    expect(await keysOf('KEY-1')).toEqual({ stateRank: 0, listDueAt: NO_DEADLINE });
    await WorkOrderModel.insertMany([{ ...base('KEY-2'), state: 'cancelled', slaDueAt: due }]);
    expect(await keysOf('KEY-2')).toEqual({ stateRank: 3, listDueAt: due });
    const doc = (await WorkOrderModel.findOne({ orderNo: 'KEY-1' }))!;
    doc.state = 'resolved';
    doc.slaDueAt = due;
    await doc.save();
    expect(await keysOf('KEY-1')).toEqual({ stateRank: 1, listDueAt: due });
  });

  it('follow what an update sets or unsets: updateOne, updateMany, findOneAndUpdate, an upsert', async () => {
    await WorkOrderModel.insertMany([base('KEY-3'), base('KEY-4')]);
    await WorkOrderModel.updateOne({ orderNo: 'KEY-3' }, { $set: { state: 'closed', slaDueAt: due } });
    expect(await keysOf('KEY-3')).toEqual({ stateRank: 2, listDueAt: due });
    await WorkOrderModel.updateOne({ orderNo: 'KEY-3' }, { $unset: { slaDueAt: 1 } });
    expect(await keysOf('KEY-3')).toEqual({ stateRank: 2, listDueAt: NO_DEADLINE });
    // A field named outside $set is set all the same.
    await WorkOrderModel.findOneAndUpdate({ orderNo: 'KEY-4' }, { state: 'resolved' });
    expect(await keysOf('KEY-4')).toEqual({ stateRank: 1, listDueAt: NO_DEADLINE });
    await WorkOrderModel.updateMany({ orderNo: { $in: ['KEY-3', 'KEY-4'] } }, { $set: { state: 'open' } });
    expect(await keysOf('KEY-3')).toMatchObject({ stateRank: 0 });
    expect(await keysOf('KEY-4')).toMatchObject({ stateRank: 0 });
    // What an update leaves alone, it leaves alone.
    await WorkOrderModel.updateOne({ orderNo: 'KEY-3' }, { $set: { slaDueAt: due } });
    await WorkOrderModel.updateOne({ orderNo: 'KEY-3' }, { $set: { note: 'x', escalated: true } });
    expect(await keysOf('KEY-3')).toEqual({ stateRank: 0, listDueAt: due });
    await WorkOrderModel.updateOne(
      { orderNo: 'KEY-5' },
      { $setOnInsert: { ...base('KEY-5'), state: 'cancelled' } },
      { upsert: true },
    );
    expect(await keysOf('KEY-5')).toEqual({ stateRank: 3, listDueAt: NO_DEADLINE });
  });

  it('refuse a write that would bypass them, and an unknown state, changing nothing', async () => {
    await WorkOrderModel.insertMany([base('KEY-6')]);
    await expect(
      WorkOrderModel.updateOne({ orderNo: 'KEY-6' }, [{ $set: { state: 'closed' } }]),
    ).rejects.toThrow(/pipeline/);
    await expect(WorkOrderModel.replaceOne({ orderNo: 'KEY-6' }, base('KEY-6'))).rejects.toThrow(
      /replacement/,
    );
    await expect(
      WorkOrderModel.updateOne({ orderNo: 'KEY-6' }, { $set: { state: 'archived' } }),
    ).rejects.toThrow(/no rank/);
    expect(await WorkOrderModel.findOne({ orderNo: 'KEY-6' }, { state: 1, _id: 0 }).lean()).toEqual({
      state: 'open',
    });
  });
});

it('portal migrate fills in the keys of orders an earlier version wrote or changed, and only those', async () => {
  const orders = mongoose.connection.collection('workOrders');
  // As an earlier version wrote them (no keys), and one it changed after the keys were filled in.
  await orders.insertMany([
    { orderNo: 'OLD-1', state: 'cancelled', areaCode: 'OLD-X', createdAt: new Date() },
    { orderNo: 'OLD-2', state: 'open', slaDueAt: new Date('2026-12-02T00:00:00Z'), createdAt: new Date() },
    { orderNo: 'OLD-3', state: 'closed', stateRank: 0, listDueAt: new Date(0), createdAt: new Date() },
  ]);
  const lines = await fillListKeys();
  expect(lines.join('\n')).toMatch(/state rank of 3, its deadline key of 3/);
  expect(await keysOutOfStep()).toEqual([]);
  expect((await fillListKeys()).join('\n')).toMatch(/state rank of 0, its deadline key of 0/);
});
