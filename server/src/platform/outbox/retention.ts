/**
 * The outbox keeps a done entry OUTBOX_RETENTION_DAYS, then the sweep deletes it. Failed and cancelled
 * entries stay longer (OUTBOX_FAILED_RETENTION_DAYS: someone should look at a failure, and nothing retries
 * it), then go too, payload and all: a payload may hold personal data (a phone, a name in a message).
 * Pending, running and scheduled entries stay. A dedupe key forgotten this way can be enqueued again,
 * which is why the periods are counted in days and causes are not replayed that late.
 */
import type { AppDeps } from '../../deps';
import type { Feature } from '../feature';
import { createdBefore, pruneCreatedBefore } from '../retention';
import { OutboxModel } from './outbox.model';

export const OUTBOX_PRUNE = 'outbox.prune';

export async function pruneOutbox(now: Date, days: number, failedDays = days): Promise<number> {
  const done = await pruneCreatedBefore(OutboxModel, createdBefore(now, days), {
    status: 'done',
    repeatEveryMs: { $exists: false },
  });
  const ended = await pruneCreatedBefore(OutboxModel, createdBefore(now, failedDays), {
    status: { $in: ['failed', 'cancelled'] },
    repeatEveryMs: { $exists: false },
  });
  return done + ended;
}

export const outboxRetentionFeature: Feature = {
  name: 'outbox-retention',
  jobs: (deps: AppDeps) => ({
    [OUTBOX_PRUNE]: async () => ({
      deleted: await pruneOutbox(
        deps.clock.now(),
        deps.config.OUTBOX_RETENTION_DAYS,
        deps.config.OUTBOX_FAILED_RETENTION_DAYS,
      ),
    }),
  }),
  schedules: (deps) => ({ [OUTBOX_PRUNE]: deps.config.RETENTION_SWEEP_EVERY_MINUTES * 60_000 }),
};
