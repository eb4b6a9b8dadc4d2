/** The mongoose connection: connect, readiness, close. Models register on the default connection. */
import mongoose from 'mongoose';
import { countRoundTrips } from './roundTrips';

mongoose.set('strictQuery', true);

export type ConnectOptions = {
  /** Count round trips (roundTrips.ts) through the driver's command monitoring: bench and budget tests. */
  monitorCommands?: boolean;
};

export async function connectDb(uri: string, dbName?: string, opts: ConnectOptions = {}): Promise<typeof mongoose> {
  await mongoose.connect(uri, {
    ...(dbName ? { dbName } : {}),
    serverSelectionTimeoutMS: 5_000,
    heartbeatFrequencyMS: 2_000,
    maxPoolSize: 50,
    ...(opts.monitorCommands ? { monitorCommands: true } : {}),
  });
  if (opts.monitorCommands) countRoundTrips(mongoose.connection.getClient());
  // Build every registered model's indexes before traffic arrives (unique keys are rules, not hints).
  await Promise.all(Object.values(mongoose.connection.models).map((m) => m.init()));
  return mongoose;
}

/** True when the database answers a ping within the time limit. */
export async function isDbReady(timeoutMs = 2_000): Promise<boolean> {
  const db = mongoose.connection.db;
  if (!db || mongoose.connection.readyState !== 1) return false;
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      db.admin().command({ ping: 1 }).then(() => true),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs);
      }),
    ]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

export async function closeDb(): Promise<void> {
  await mongoose.disconnect();
}
