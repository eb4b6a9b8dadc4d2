/**
 * Messaging, shared by every feature: templates and field mappers per event, subscribe grants,
 * the 'message.send' worker with its channel fallback, shared rate limit and sent-marker.
 * Other features use what index.ts exports (`enqueueMessage()` and friends).
 */
import type { Feature } from '../../platform/feature';
import { MESSAGE_SEND } from './enqueueMessage';
import { messagingRoutes } from './messaging.routes';
import { PRUNE_DELIVERIES, pruneDeliveriesJob } from './retention';
import { sendMessageJob } from './sendMessage.job';
import { templateRoutes } from './templates.routes';

export const messagingFeature: Feature = {
  name: 'messaging',
  routes: (deps) => [...messagingRoutes(deps), ...templateRoutes(deps)],
  jobs: (deps) => ({ [MESSAGE_SEND]: sendMessageJob(deps), [PRUNE_DELIVERIES]: pruneDeliveriesJob(deps) }),
  schedules: (deps) => ({ [PRUNE_DELIVERIES]: deps.config.RETENTION_SWEEP_EVERY_MINUTES * 60_000 }),
};
