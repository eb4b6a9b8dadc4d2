/**
 * Demo data, seeded once into an empty database: accounts across districts with bills, orders,
 * notices. Each feature adds its seeder to the list below, in dependency order.
 */
import mongoose from 'mongoose';
import type { AppDeps } from '../deps';
import { seedAccounts } from './accounts';
import { seedWorkOrders } from './workOrders';
import { seedBills } from './bills';
import { seedNotices } from './notices';
import { seedServiceInfo } from './serviceInfo';

/** Whether the demo was seeded: one document, claimed before the first seeder runs. */
const DemoMetaModel = mongoose.model(
  'DemoMeta',
  new mongoose.Schema(
    { _id: String, startedAt: Date, completedAt: Date },
    { versionKey: false, collection: 'demo_meta' },
  ),
);

export type Seeder = { name: string; run(deps: AppDeps): Promise<void> };

const seeders: Seeder[] = [
  // accounts across districts, one staff login per role, a demo resident with three homes
  { name: 'accounts', run: (deps) => seedAccounts(deps) },
  // after the accounts seeder: orders need accounts
  { name: 'work orders', run: (deps) => seedWorkOrders(deps) },
  // 12 months of bills per demo account (after the accounts seeder)
  { name: 'bills', run: async (deps) => void (await seedBills(deps)) },
  // one active planned outage and one restored emergency outage (after the accounts seeder)
  { name: 'notices', run: (deps) => seedNotices(deps) },
  // service halls and guides for the information pages
  { name: 'service info', run: (deps) => seedServiceInfo(deps) },
];

export async function seedDemo(deps: AppDeps): Promise<void> {
  const claimed = await DemoMetaModel.updateOne(
    { _id: 'seed' },
    { $setOnInsert: { startedAt: new Date() } },
    { upsert: true },
  ).then((r) => r.upsertedCount === 1);
  if (!claimed) return;
  for (const s of seeders) {
    deps.logger.info(`demo seed: ${s.name}`);
    await s.run(deps);
  }
  await DemoMetaModel.updateOne({ _id: 'seed' }, { $set: { completedAt: new Date() } });
}
