/**
 * City-wide staff lists whose order no index gave, so that mongod read and sorted every matching document for each
 * page (the capped counts of `LIST_COUNT_UP_TO` bound what a page keeps, not what a sort reads):
 * - 工单 (the staff work-order list): open first, then the nearest deadline, then the newest;
 * - 未入户: the households an inspection could not reach, latest closed first;
 * - 安全隐患: open first, the most urgent first, ties by _id;
 * - the audit log, unfiltered and by actor: newest first, ties by _id;
 * - 全部会话: every conversation, newest first;
 * - the escalations inbox of an admin or manager: the open ones, newest first.
 * Each grows with the utility's history: every order, inspection, hazard, staff action, conversation and missed
 * deadline.
 *
 * On any database: each answers in its order, with only what it lists. On mongod (where one runs: a machine that can
 * download one, or MONGODB_URI), its profiler shows each real service's read walking an index for its order, with
 * no collection scan and no sort in memory. The stand-in cannot show it: it plans no sort by an index.
 */
import mongoose from 'mongoose';
import { listSessions } from '../../src/modules/chat/session.service';
import { ChatSessionModel } from '../../src/modules/chat/chatSession.model';
import { listEscalations } from '../../src/modules/workorders/sla/escalation.service';
import { EscalationModel } from '../../src/modules/workorders/sla/sla.model';
import { listHazards } from '../../src/modules/workorders/inspections/hazard.service';
import { HazardModel } from '../../src/modules/workorders/inspections/hazard.model';
import type { StaffAuth } from '../../src/platform/auth/auth';
import { AuditLogModel } from '../../src/platform/audit';
import { listAuditLog } from '../../src/modules/accounts/auditLog.service';
import { listForStaff } from '../../src/modules/workorders/orders/workorder.service';
import { WorkOrderModel } from '../../src/modules/workorders/orders/workorder.model';
import { listUnreachable } from '../../src/modules/workorders/inspections/unreachable.service';
import * as T from '@portal/types';
import { connectTestDb, createTestDeps } from '../harness';

let db: Awaited<ReturnType<typeof connectTestDb>>;
const at = (minute: number) => new Date(Date.UTC(2026, 10, 1, 8, minute));
const admin: StaffAuth = {
  kind: 'staff',
  staffId: 'admin-1',
  username: 'admin',
  roles: ['admin'],
  areas: [],
};

beforeAll(async () => {
  db = await connectTestDb();
  await Promise.all(
    [ChatSessionModel, EscalationModel, HazardModel, WorkOrderModel, AuditLogModel].map((m) => m.init()),
  );
  // Stored out of order, so an answer in order was sorted.
  const minutes = Array.from({ length: 60 }, (_, i) => (i * 37) % 60);
  await ChatSessionModel.insertMany(
    minutes.map((m) => ({
      userId: `u${m}`,
      accountNo: `31000000${String(m).padStart(2, '0')}`,
      status: m % 3 ? 'closed' : 'queued',
      queuedAt: at(m),
    })),
  );
  await EscalationModel.insertMany(
    minutes.map((m) => ({
      _id: `WO${m}#response`,
      orderNo: `WO${m}`,
      policy: 'response',
      label: '响应超时',
      areaCode: 'CY-WJY',
      breachedAt: at(m),
      level: 1,
      ...(m % 2 ? { acknowledgedAt: at(m + 1) } : {}),
    })),
  );
  await HazardModel.insertMany(
    minutes.map((m) => ({
      sourceKey: `WO${m}#00`,
      orderNo: `WO${m}`,
      accountNo: `31000000${String(m).padStart(2, '0')}`,
      address: '望京园3号楼',
      areaCode: 'CY-WJY',
      customerType: 'residential',
      utility: 'gas',
      category: 'hose',
      severity: 'general',
      description: '胶管老化',
      rectifyBy: '2026-12-31',
      // Two hazards per due time, so the order needs its tie-breaker.
      rectifyDueAt: at(Math.floor(m / 2)),
      status: m % 3 ? 'open' : 'rectified',
      foundAt: at(0),
      foundById: 'tech-1',
      foundByName: '李师傅',
    })),
  );
  // Through the model, whose hooks derive the list's keys (it keeps the given createdAt).
  await WorkOrderModel.insertMany(
    minutes.map((m) => ({
      orderNo: `WO2026110100${String(m).padStart(2, '0')}`,
      accountNo: `31000000${String(m).padStart(2, '0')}`,
      areaCode: 'CY-WJY',
      type: m % 4 ? 'repair' : 'inspection',
      category: 'other',
      priority: 'normal',
      status: m % 5 ? 'accepted' : 'closed',
      state: m % 5 ? 'open' : (['closed', 'cancelled', 'resolved'] as const)[m % 3],
      unreachable: m % 4 === 0 && m % 8 !== 0,
      description: '报修',
      address: '望京园',
      createdBy: { kind: 'resident' },
      history: [],
      seq: 1,
      // Three orders per deadline, so the order needs its third key; every seventh has no deadline running.
      ...(m % 7 ? { slaDueAt: at(Math.floor(m / 3)) } : {}),
      createdAt: at(m),
      updatedAt: at(m),
      ...(m % 4 === 0 ? { closedAt: at(Math.floor(m / 2)) } : {}),
    })),
  );
  await AuditLogModel.collection.insertMany(
    minutes.map((m) => ({
      // Two entries per instant, so the order needs its tie-breaker.
      at: at(Math.floor(m / 2)),
      actor: { kind: 'staff', id: m % 2 ? 'agent-1' : 'admin-1' },
      action: 'customer.search',
      target: { kind: 'search', id: `王${m}` },
    })) as never[],
  );
});
afterAll(() => db.drop());

const conversations = () => listSessions({ limit: 10 });
const inbox = () => listEscalations(admin);
const deps = createTestDeps();
const hazards = () => listHazards(deps, admin, T.ListHazardsQuery.parse({}));
const workOrders = () => listForStaff(deps, admin, T.ListStaffWorkOrdersQuery.parse({}));
const unreachable = () => listUnreachable(deps, admin, T.ListUnreachableQuery.parse({}));
const auditLog = () => listAuditLog(deps, T.AuditQuery.parse({}));
const auditOfAgent = () => listAuditLog(deps, T.AuditQuery.parse({ actorId: 'agent-1' }));

/** `rows` in the order of `keys` compared one after another (a key of a later one only breaks a tie). */
const ordered = <R>(rows: R[], ...keys: ((r: R) => string | number)[]) =>
  [...rows].sort((a, b) => {
    for (const k of keys) {
      const [x, y] = [k(a), k(b)];
      if (x !== y) return x < y ? -1 : 1;
    }
    return 0;
  });
const desc = (d: Date | null | undefined) => -(d?.getTime() ?? 0);

it('全部会话 answers the newest conversations first', async () => {
  expect((await conversations()).map((s) => s.queuedAt)).toEqual(
    Array.from({ length: 10 }, (_, i) => at(59 - i).toISOString()),
  );
});

it('the city-wide inbox answers the open escalations, newest first', async () => {
  expect((await inbox()).items.map((e) => e.orderNo)).toEqual(
    Array.from({ length: 30 }, (_, i) => `WO${58 - 2 * i}`),
  );
});

it('安全隐患 answers open before rectified, the most urgent first, ties by _id', async () => {
  const expected = ordered(
    await HazardModel.find().lean(),
    (h) => h.status,
    (h) => h.rectifyDueAt.getTime(),
    (h) => String(h._id),
  );
  expect((await hazards()).items.map((h) => h.orderNo)).toEqual(expected.slice(0, 20).map((h) => h.orderNo));
});

it('工单 answers open orders first, then the nearest deadline (none running last), then the newest', async () => {
  const all = await WorkOrderModel.find().lean();
  const expected = ordered(
    all,
    (o) => ['open', 'resolved', 'closed', 'cancelled'].indexOf(o.state),
    (o) => o.slaDueAt?.getTime() ?? Infinity,
    (o) => desc(o.createdAt),
  );
  expect(expected[0].state).toBe('open');
  expect(new Set(all.map((o) => o.state))).toEqual(new Set(['open', 'resolved', 'closed', 'cancelled']));
  expect((await workOrders()).items.map((o) => o.orderNo)).toEqual(
    expected.slice(0, 20).map((o) => o.orderNo),
  );
  // The last page: the open orders with no deadline running, then the resolved, closed and cancelled ones.
  const last = await listForStaff(deps, admin, T.ListStaffWorkOrdersQuery.parse({ page: '3' }));
  expect(last.items.map((o) => o.orderNo)).toEqual(expected.slice(40, 60).map((o) => o.orderNo));
  expect(new Set(last.items.map((o) => o.state))).toEqual(
    new Set(['open', 'resolved', 'closed', 'cancelled']),
  );
});

it('未入户 answers only the households not reached, the latest closed first', async () => {
  const all = await WorkOrderModel.find({ type: 'inspection', unreachable: true }).lean();
  expect(all.length).toBeGreaterThan(5);
  const expected = ordered(
    all,
    (o) => desc(o.closedAt),
    (o) => o.orderNo,
  );
  expect((await unreachable()).items.map((o) => o.orderNo)).toEqual(expected.map((o) => o.orderNo));
});

it('the audit log answers the newest first, ties by _id, unfiltered and by actor', async () => {
  const all = await AuditLogModel.find().lean();
  // Newest first, ties by _id descending: the reverse of oldest first, ties by _id.
  const newest = (rows: typeof all) =>
    ordered(
      rows,
      (e) => e.at.getTime(),
      (e) => String(e._id),
    )
      .reverse()
      .map((e) => String(e._id));
  expect((await auditLog()).items.map((e) => e.id)).toEqual(newest(all).slice(0, 20));
  expect((await auditOfAgent()).items.map((e) => e.id)).toEqual(
    newest(all.filter((e) => e.actor!.id === 'agent-1')).slice(0, 20),
  );
});

(process.env.TEST_MONGODB_KIND !== 'secantusdb' ? it : it.skip)(
  'on mongod, each walks an index for its order: no collection scan, no sort in memory',
  async () => {
    const conn = mongoose.connection.db!;
    /**
     * What mongod's profiler recorded of `run`'s `command` (find or aggregate) on `collection`: each one's plan, and
     * whether it sorted in memory. A list paged with find also counts with an aggregate, which stops at the bound.
     */
    const plansOf = async (collection: string, command: string, run: () => Promise<unknown>) => {
      await conn.command({ profile: 0 });
      await conn
        .collection('system.profile')
        .drop()
        .catch(() => undefined);
      await conn.command({ profile: 2 });
      try {
        await run();
      } finally {
        await conn.command({ profile: 0 });
      }
      const reads = await conn
        .collection('system.profile')
        .find({ [`command.${command}`]: collection })
        .toArray();
      return reads.map((r) => ({ plan: String(r.planSummary), sorted: Boolean(r.hasSortStage) }));
    };
    const lists: [string, string, 'find' | 'aggregate', () => Promise<unknown>][] = [
      ['工单', 'workOrders', 'aggregate', workOrders],
      ['未入户', 'workOrders', 'aggregate', unreachable],
      ['安全隐患', 'hazards', 'aggregate', hazards],
      ['audit log', 'auditLog', 'find', auditLog],
      ['audit log by actor', 'auditLog', 'find', auditOfAgent],
      ['全部会话', 'chatSessions', 'find', conversations],
      ['escalations inbox', 'escalations', 'find', inbox],
    ];
    for (const [list, collection, command, run] of lists)
      expect({ list, reads: await plansOf(collection, command, run) }).toEqual({
        list,
        reads: [{ plan: expect.stringMatching(/^IXSCAN/), sorted: false }],
      });
  },
);
