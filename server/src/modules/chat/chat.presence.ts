/** Who is connected, as every process sees it (see chatPresence.model.ts). */
import { ChatPresenceModel } from './chatPresence.model';

/** A presence row older than this is stale (its process stopped refreshing it). */
export const presenceTtlMs = (heartbeatMs: number) => Math.max(3 * heartbeatMs, 5_000);

export async function markConnected(
  principal: string,
  processId: string,
  sockets: number,
  now = new Date(),
): Promise<void> {
  if (sockets <= 0) {
    await ChatPresenceModel.deleteOne({ principal, processId });
    return;
  }
  await ChatPresenceModel.updateOne(
    { principal, processId },
    { $set: { sockets, lastSeenAt: now } },
    { upsert: true },
  ).catch((e: { code?: number }) => {
    if (e.code !== 11000) throw e;
  });
}

/** Principals per bulkWrite when refreshing: one big bulkWrite held every other command (a message) up. */
const REFRESH_CHUNK = 25;

/**
 * Refreshes (and restores, after a racing disconnect) every principal this process holds, in bulkWrites of
 * REFRESH_CHUNK one after another, so messages are written in between.
 */
export async function refreshPresence(
  processId: string,
  held: Map<string, number>,
  now = new Date(),
): Promise<void> {
  const updates = [...held].map(([principal, sockets]) => ({
    updateOne: {
      filter: { principal, processId },
      update: { $set: { sockets, lastSeenAt: now } },
      upsert: true,
    },
  }));
  for (let i = 0; i < updates.length; i += REFRESH_CHUNK)
    await ChatPresenceModel.bulkWrite(updates.slice(i, i + REFRESH_CHUNK), { ordered: false });
}

export async function clearProcess(processId: string): Promise<void> {
  await ChatPresenceModel.deleteMany({ processId });
}

export async function isOnline(principal: string, heartbeatMs: number): Promise<boolean> {
  const fresh = new Date(Date.now() - presenceTtlMs(heartbeatMs));
  return !!(await ChatPresenceModel.exists({ principal, lastSeenAt: { $gt: fresh } }));
}

export async function onlineStaffIds(heartbeatMs: number): Promise<string[]> {
  const fresh = new Date(Date.now() - presenceTtlMs(heartbeatMs));
  const rows = await ChatPresenceModel.find(
    { principal: { $gte: 'staff:', $lt: 'staff;' }, lastSeenAt: { $gt: fresh } },
    { principal: 1 },
  ).lean();
  return [...new Set(rows.map((r) => r.principal.slice('staff:'.length)))];
}
