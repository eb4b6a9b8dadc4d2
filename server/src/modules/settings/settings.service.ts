/**
 * 服务设置: the hotline and chat service hours everything reads. Read from the database on each use (one
 * small document by _id), so every instance agrees the moment an admin saves; the deployment's config
 * applies until then.
 */
import type * as T from '@portal/types';
import { audit, type AuditBy } from '../../platform/audit';
import { PortalSettingsModel, type PortalSettingsDoc } from './settings.model';

const ID = 'portal';

export type SettingsDefaults = { SERVICE_HOTLINE: string; CHAT_SERVICE_HOURS: string };

export async function portalSettings(defaults: SettingsDefaults): Promise<T.PortalSettings> {
  const saved = await PortalSettingsModel.findById(ID).lean<PortalSettingsDoc>();
  if (!saved) {
    return {
      hotline: defaults.SERVICE_HOTLINE,
      chatServiceHours: defaults.CHAT_SERVICE_HOURS,
      source: 'config',
      updatedAt: null,
      updatedBy: null,
    };
  }
  return {
    hotline: saved.hotline,
    chatServiceHours: saved.chatServiceHours,
    source: 'saved',
    updatedAt: saved.updatedAt.toISOString(),
    updatedBy: saved.updatedBy,
  };
}

/** What the resident apps and the server's own texts use. */
export async function publicSettings(defaults: SettingsDefaults): Promise<T.PublicSettings> {
  const { hotline, chatServiceHours } = await portalSettings(defaults);
  return { hotline, chatServiceHours };
}

export async function updatePortalSettings(
  body: T.UpdatePortalSettingsBody,
  defaults: SettingsDefaults,
  who: AuditBy & { at: Date },
): Promise<T.PortalSettings> {
  const before = await portalSettings(defaults);
  const by = who.actor.name ?? who.actor.id;
  await PortalSettingsModel.updateOne(
    { _id: ID },
    { $set: { ...body, updatedAt: who.at, updatedBy: by } },
    { upsert: true },
  );
  await audit.record({
    actor: who.actor,
    action: 'settings.update',
    target: { kind: 'portalSettings', id: ID },
    before: { hotline: before.hotline, chatServiceHours: before.chatServiceHours },
    after: body,
    requestId: who.requestId,
    at: who.at,
  });
  return portalSettings(defaults);
}
