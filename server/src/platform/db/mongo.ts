/** The mongoose connection: connect, readiness, close. Models register on the default connection. */
import mongoose from 'mongoose';
import { countRoundTrips } from './roundTrips';

mongoose.set('strictQuery', true);
// Mongoose otherwise takes a stack trace at every query it runs (`new Error().stack`), for the one error a
// query run twice raises. Under source maps (tsx, --enable-source-maps) each trace is mapped: a Node profile
// of the notify bench put it at 3 % of the portal's time. Its own documentation names this option for that.
mongoose.set('skipOriginalStackTraces', true);

export type ConnectOptions = {
  /** Count round trips (roundTrips.ts) through the driver's command monitoring: bench and budget tests. */
  monitorCommands?: boolean;
  /**
   * Build every model's declared indexes on connect (default; development and tests). Production turns it
   * off (AUTO_INDEX): `portal migrate` builds them before a deploy, and startPortal checks they exist.
   */
  autoIndex?: boolean;
};

export async function connectDb(
  uri: string,
  dbName?: string,
  opts: ConnectOptions = {},
): Promise<typeof mongoose> {
  await mongoose.connect(uri, {
    ...(dbName ? { dbName } : {}),
    serverSelectionTimeoutMS: 5_000,
    heartbeatFrequencyMS: 2_000,
    maxPoolSize: 50,
    ...(opts.monitorCommands ? { monitorCommands: true } : {}),
    autoIndex: opts.autoIndex ?? true,
  });
  if (opts.monitorCommands) countRoundTrips(mongoose.connection.getClient());
  // With autoIndex: every registered model's indexes before traffic arrives (unique keys are rules, not hints).
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
      db
        .admin()
        .command({ ping: 1 })
        .then(() => true),
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
