/**
 * The last message this process knows of in each session: the ones it wrote and the ones the bus brought
 * from the other processes (with a change stream, that is every message since the process started). The
 * session document's lastSeq and lastMessageAt are recorded only every few seconds (message.writer.ts, so
 * that a message costs one write); the session views show the later of the two.
 */
const MEMORY = 50_000;
const latest = new Map<string, { seq: number; at: Date }>();

export function noteLatest(sessionId: string, seq: number, at: Date): void {
  const known = latest.get(sessionId);
  if (known && known.seq >= seq) return;
  latest.delete(sessionId); // re-insert: the sessions written to last stay at the Map's end
  latest.set(sessionId, { seq, at });
  if (latest.size > MEMORY) latest.delete(latest.keys().next().value!);
}

/** lastSeq and lastMessageAt: the stored ones, or later ones this process knows of. */
export function withLatest<S extends { _id: unknown; lastSeq?: number | null; lastMessageAt?: Date | null }>(
  s: S,
): S {
  const known = latest.get(String(s._id));
  if (!known || known.seq <= (s.lastSeq ?? 0)) return s;
  const storedAt = s.lastMessageAt ? new Date(s.lastMessageAt).getTime() : 0;
  return {
    ...s,
    lastSeq: known.seq,
    lastMessageAt: storedAt > known.at.getTime() ? s.lastMessageAt : known.at,
  };
}
