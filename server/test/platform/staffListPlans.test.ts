/**
 * Three city-wide staff lists whose default view no index gave its order: 全部会话 (every conversation, newest
 * first), the escalations inbox of an admin or manager (the open ones, newest first) and 安全隐患 (open first, the
 * most urgent first). Each read and sorted its whole collection on mongod for every page, and each grows with the
 * utility's history: every conversation held, every deadline missed, every hazard an inspection found.
 *
 * On any database: each answers in its order, and the inbox only the open ones. On mongod (where one runs: a
 * machine that can download one, or MONGODB_URI), its profiler shows the real service's read walking an index
 * for its order, with no collection scan and no sort in memory. The stand-in cannot show it: it plans no sort by
 * an index for a filter that names nothing.
 */
import mongoose from 'mongoose';
import { listSessions } from '../../src/modules/chat/session.service';
import { ChatSessionModel } from '../../src/modules/chat/chatSession.model';
import { listEscalations } from '../../src/modules/workorders/sla/escalation.service';
import { EscalationModel } from '../../src/modules/workorders/sla/sla.model';
import { listHazards } from '../../src/modules/workorders/inspections/hazard.service';
import { HazardModel } from '../../src/modules/workorders/inspections/hazard.model';
import type { StaffAuth } from '../../src/platform/auth/auth';
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
  await Promise.all([ChatSessionModel.init(), EscalationModel.init(), HazardModel.init()]);
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
});
afterAll(() => db.drop());

const conversations = () => listSessions({ limit: 10 });
const inbox = () => listEscalations(admin);
const hazards = () =>
  listHazards(createTestDeps(), admin, { page: 1, pageSize: 20 } as Parameters<typeof listHazards>[2]);

it('全部会话 answers the newest conversations first', async () => {
  expect((await conversations()).map((s) => s.queuedAt)).toEqual(
    Array.from({ length: 10 }, (_, i) => at(59 - i).toISOString()),
  );
});

it('the city-wide inbox answers the open escalations, newest first', async () => {
  expect((await inbox()).map((e) => e.orderNo)).toEqual(
    Array.from({ length: 30 }, (_, i) => `WO${58 - 2 * i}`),
  );
});

it('安全隐患 answers open before rectified, the most urgent first, ties by _id', async () => {
  const all = await HazardModel.find().lean();
  const key = (h: (typeof all)[number]) => `${h.status}|${h.rectifyDueAt.toISOString()}|${String(h._id)}`;
  const expected = all.map(key).sort().slice(0, 20);
  const page = await hazards();
  expect(page.items.map((h) => h.orderNo)).toEqual(
    expected.map((k) => all.find((h) => key(h) === k)!.orderNo),
  );
});

(process.env.TEST_MONGODB_KIND !== 'secantusdb' ? it : it.skip)(
  'on mongod, each walks an index for its order: no collection scan, no sort in memory',
  async () => {
    const conn = mongoose.connection.db!;
    await conn.command({ profile: 2 });
    try {
      await conversations();
      await inbox();
      await hazards();
    } finally {
      await conn.command({ profile: 0 });
    }
    const profiled = await conn
      .collection('system.profile')
      .find({
        $or: [
          { 'command.find': { $in: ['chatSessions', 'escalations'] } },
          { 'command.aggregate': 'hazards' },
        ],
      })
      .toArray();
    const reads = profiled.map((r) => ({
      collection: r.command.find ?? r.command.aggregate,
      plan: r.planSummary,
      sorted: Boolean(r.hasSortStage),
    }));
    expect(reads.map((r) => r.collection).sort()).toEqual(['chatSessions', 'escalations', 'hazards']);
    for (const r of reads)
      expect(r).toEqual({ collection: r.collection, plan: expect.stringMatching(/^IXSCAN/), sorted: false });
  },
);
