/**
 * The outbox keeps a done entry OUTBOX_RETENTION_DAYS, then the sweep deletes it. Failed entries stay (someone
 * should look at them), and so do pending, running, cancelled and scheduled ones. A dedupe key forgotten
 * this way can be enqueued again, which is why the period is counted in days and causes are not replayed
 * that late.
 */
import type { AppDeps } from '../../deps';
import type { Feature } from '../feature';
import { createdBefore, pruneCreatedBefore } from '../retention';
import { OutboxModel } from './outbox.model';

export const OUTBOX_PRUNE = 'outbox.prune';

export async function pruneOutbox(now: Date, days: number): Promise<number> {
  return pruneCreatedBefore(OutboxModel, createdBefore(now, days), {
    status: 'done',
    repeatEveryMs: { $exists: false },
  });
}

export const outboxRetentionFeature: Feature = {
  name: 'outbox-retention',
  jobs: (deps: AppDeps) => ({
    [OUTBOX_PRUNE]: async () => ({
      deleted: await pruneOutbox(deps.clock.now(), deps.config.OUTBOX_RETENTION_DAYS),
    }),
  }),
  schedules: (deps) => ({ [OUTBOX_PRUNE]: deps.config.RETENTION_SWEEP_EVERY_MINUTES * 60_000 }),
};
