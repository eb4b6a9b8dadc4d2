/**
 * Retention sweeps that the privacy rules add to the outbox and delivery ones (platform/outbox/retention.ts,
 * messaging/retention.ts): chat messages (CHAT_RETENTION_DAYS), photos nobody used
 * (UNUSED_UPLOAD_RETENTION_DAYS; a photo on an order or a reading is the household's, one in a chat
 * message lives as long as the message) and the audit log (AUDIT_RETENTION_DAYS). Each is a scheduled
 * outbox job, run every RETENTION_SWEEP_EVERY_MINUTES on the portal's clock.
 */
import type { AppDeps } from '../../deps';
import { audit } from '../../platform/audit';
import { createdBefore } from '../../platform/retention';
import { photoIdsInChat, pruneChatMessages } from '../chat';
import { pruneUnusedUploads } from '../uploads';

export const PRUNE_CHAT = 'privacy.pruneChatMessages';
export const PRUNE_UPLOADS = 'privacy.pruneUnusedUploads';
export const PRUNE_AUDIT = 'privacy.pruneAuditLog';

export const retentionJobs = (deps: AppDeps) => ({
  [PRUNE_CHAT]: async () => ({
    deleted: await pruneChatMessages(deps.clock.now(), deps.config.CHAT_RETENTION_DAYS),
  }),
  [PRUNE_UPLOADS]: async () => ({
    deleted: await pruneUnusedUploads(
      deps,
      createdBefore(deps.clock.now(), deps.config.UNUSED_UPLOAD_RETENTION_DAYS),
      photoIdsInChat,
    ),
  }),
  [PRUNE_AUDIT]: async () => ({
    deleted: await audit.prune(deps.clock.now(), deps.config.AUDIT_RETENTION_DAYS),
  }),
});
