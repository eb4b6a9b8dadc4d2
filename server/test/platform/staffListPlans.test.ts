/**
 * Two city-wide staff lists whose default view named no indexed field: 全部会话 (every conversation, newest first)
 * and the escalations inbox of an admin or manager (the open ones, newest first). Each read and sorted its whole
 * collection on mongod, which grows with every conversation held and every deadline missed.
 *
 * On any database: each answers the newest first, and the inbox only the open ones. On mongod (where one runs: a
 * machine that can download one, or MONGODB_URI), its profiler shows the real service's read walking an index
 * for its order, with no collection scan and no sort in memory. The stand-in cannot show it: it plans no sort by
 * an index for a filter that names nothing.
 */
import mongoose from 'mongoose';
import { listSessions } from '../../src/modules/chat/session.service';
import { ChatSessionModel } from '../../src/modules/chat/chatSession.model';
import { listEscalations } from '../../src/modules/workorders/sla/escalation.service';
import { EscalationModel } from '../../src/modules/workorders/sla/sla.model';
import type { StaffAuth } from '../../src/platform/auth/auth';
import { connectTestDb } from '../harness';

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
  await Promise.all([ChatSessionModel.init(), EscalationModel.init()]);
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
});
afterAll(() => db.drop());

const conversations = () => listSessions({ limit: 10 });
const inbox = () => listEscalations(admin);

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

(process.env.TEST_MONGODB_KIND !== 'secantusdb' ? it : it.skip)(
  'on mongod, each walks an index for its order: no collection scan, no sort in memory',
  async () => {
    const conn = mongoose.connection.db!;
    await conn.command({ profile: 2 });
    try {
      await conversations();
      await inbox();
    } finally {
      await conn.command({ profile: 0 });
    }
    const reads = await conn
      .collection('system.profile')
      .find({ op: 'query', 'command.find': { $in: ['chatSessions', 'escalations'] } })
      .toArray();
    expect(reads.map((r) => r.command.find).sort()).toEqual(['chatSessions', 'escalations']);
    for (const r of reads) {
      expect({ find: r.command.find, plan: r.planSummary }).toEqual({
        find: r.command.find,
        plan: expect.stringMatching(/^IXSCAN/),
      });
      expect({ find: r.command.find, sorted: Boolean(r.hasSortStage) }).toEqual({
        find: r.command.find,
        sorted: false,
      });
    }
  },
);
