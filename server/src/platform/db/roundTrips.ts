/**
 * Database round trips, counted from the driver's command monitoring (each command sent is one round
 * trip: find, getMore, update, insert, aggregate...). Clients connected with `monitorCommands: true`
 * are counted: the process-wide total (the bench divides it by the requests of a load), and the count
 * of the work running now (a request, an outbox job: see context.ts), which its log line reports.
 */
import type { mongo } from 'mongoose';
import { currentWork } from '../context';

let total = 0;
const counted = new WeakSet<mongo.MongoClient>();

export function countRoundTrips(client: mongo.MongoClient): void {
  if (counted.has(client)) return;
  counted.add(client);
  client.on('commandStarted', () => {
    total++;
    const work = currentWork();
    if (work) work.roundTrips = (work.roundTrips ?? 0) + 1;
  });
}

/** Round trips sent by every counted client of this process so far. */
export const roundTripsSoFar = (): number => total;
