/**
 * 服务设置: the hotline and chat service hours everything reads, and the 人工费率 工单成本 counts hours at. Read from the database on each use (one
 * small document by _id), so every instance agrees the moment an admin saves; the deployment's config
 * applies until then.
 */
import type * as T from '@portal/types';
import { audit, type AuditBy } from '../../platform/audit';
import { PortalSettingsModel, type PortalSettingsDoc } from './settings.model';

const ID = 'portal';

export type SettingsDefaults = {
  SERVICE_HOTLINE: string;
  CHAT_SERVICE_HOURS: string;
  LABOUR_RATE_FEN: number;
};

export async function portalSettings(defaults: SettingsDefaults): Promise<T.PortalSettings> {
  const saved = await PortalSettingsModel.findById(ID).lean<PortalSettingsDoc>();
  if (!saved) {
    return {
      hotline: defaults.SERVICE_HOTLINE,
      chatServiceHours: defaults.CHAT_SERVICE_HOURS,
      labourRateFen: defaults.LABOUR_RATE_FEN,
      source: 'config',
      updatedAt: null,
      updatedBy: null,
    };
  }
  return {
    hotline: saved.hotline,
    chatServiceHours: saved.chatServiceHours,
    labourRateFen: saved.labourRateFen ?? defaults.LABOUR_RATE_FEN,
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

/** 人工费率 (fen per hour) that 工单成本 counts recorded hours at. */
export async function labourRateFen(defaults: SettingsDefaults): Promise<number> {
  return (await portalSettings(defaults)).labourRateFen;
}

/** The labour cost of `minutes` of work at `rateFen` per hour, in whole fen. */
export const labourCostFen = (minutes: number, rateFen: number) => Math.round((minutes * rateFen) / 60);

export async function updatePortalSettings(
  body: T.UpdatePortalSettingsBody,
  defaults: SettingsDefaults,
  who: AuditBy & { at: Date },
): Promise<T.PortalSettings> {
  const before = await portalSettings(defaults);
  const by = who.actor.name ?? who.actor.id;
  const labourRate = body.labourRateFen ?? before.labourRateFen;
  await PortalSettingsModel.updateOne(
    { _id: ID },
    { $set: { ...body, labourRateFen: labourRate, updatedAt: who.at, updatedBy: by } },
    { upsert: true },
  );
  await audit.record({
    actor: who.actor,
    action: 'settings.update',
    target: { kind: 'portalSettings', id: ID },
    before: {
      hotline: before.hotline,
      chatServiceHours: before.chatServiceHours,
      labourRateFen: before.labourRateFen,
    },
    after: { ...body, labourRateFen: labourRate },
    requestId: who.requestId,
    at: who.at,
  });
  return portalSettings(defaults);
}
