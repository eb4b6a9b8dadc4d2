/**
 * Presence refresh on each heartbeat: every principal a process holds, written in small bulkWrites one after
 * another (chat.presence.ts), so that messages are written in between; none is left out.
 */
import { connectTestDb } from '../harness';
import { ChatPresenceModel } from '../../src/modules/chat/chatPresence.model';
import { isOnline, markConnected, refreshPresence } from '../../src/modules/chat/chat.presence';

let db: Awaited<ReturnType<typeof connectTestDb>>;
beforeAll(async () => {
  db = await connectTestDb();
  await ChatPresenceModel.init();
});
afterAll(() => db.drop());

it('refreshes and restores every principal a process holds, however many', async () => {
  const held = new Map(Array.from({ length: 61 }, (_, i) => [`user:r${i}`, 1 + (i % 2)] as [string, number]));
  held.set('staff:s1', 3);
  const long = new Date(0);
  await markConnected('user:r60', 'proc-a', 1, long); // a row from long ago, refreshed below
  await markConnected('user:r7', 'proc-a', 0); // a racing disconnect: restored below

  const now = new Date();
  await refreshPresence('proc-a', held, now);

  const rows = await ChatPresenceModel.find({ processId: 'proc-a' }).lean();
  expect(rows).toHaveLength(62);
  for (const r of rows) {
    expect(r.sockets).toBe(held.get(r.principal));
    expect(r.lastSeenAt).toEqual(now);
  }
  expect(await isOnline('user:r60', 25_000)).toBe(true);
  expect(await isOnline('staff:s1', 25_000)).toBe(true);
});
