/**
 * Messaging, shared by every feature: templates and field mappers per event, subscribe grants,
 * the 'message.send' worker with its channel fallback, shared rate limit and sent-marker.
 * Other features call `enqueueMessage()` (./enqueueMessage).
 */
import type { Feature } from '../../platform/feature';
import { MESSAGE_SEND } from './enqueueMessage';
import { messagingRoutes } from './messaging.routes';
import { sendMessageJob } from './sendMessage.job';
import { templateRoutes } from './templates.routes';

export { enqueueMessage, enqueueMessages, MESSAGE_SEND } from './enqueueMessage';
export { createSmsProvider, type SmsProvider } from './sms';

export const messagingFeature: Feature = {
  name: 'messaging',
  routes: (deps) => [...messagingRoutes(deps), ...templateRoutes(deps)],
  jobs: (deps) => ({ [MESSAGE_SEND]: sendMessageJob(deps) }),
};
