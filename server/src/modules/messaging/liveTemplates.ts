/**
 * Templates and keyword mappings an admin set in the console (message_templates) win over the
 * configured ones (WECHAT_TEMPLATE_IDS over the built-in defaults). Everything that picks a template id (the sender,
 * the grant bookkeeping, the notice audience preview) reads `liveTemplates(base)`: a small lookup
 * cached for CACHE_MS, dropped at once in the process that saves a change (other worker processes
 * see it within CACHE_MS).
 */
import type { MessageEvent } from '@portal/types';
import { TemplateSettingModel, type TemplateSetting } from './templateSetting.model';
import type { ChannelTemplate, EventTemplates } from './templates';

/** A stored channel setting: `{templateId, mapping}`, or a bare template id saved before mappings existed. */
export function storedChannel(v: unknown): Partial<ChannelTemplate> | undefined {
  if (typeof v === 'string' && v) return { templateId: v };
  if (v && typeof v === 'object' && typeof (v as ChannelTemplate).templateId === 'string')
    return v as ChannelTemplate;
  return undefined;
}

const CACHE_MS = 15_000;

type Settings = Map<string, TemplateSetting>;
let loaded: { at: number; version: number; settings: Promise<Settings> } | undefined;
let version = 0;
const merged = new WeakMap<object, { version: number; templates: Record<MessageEvent, EventTemplates> }>();

function settings(): Promise<{ version: number; settings: Settings }> {
  const now = Date.now();
  if (!loaded || now - loaded.at >= CACHE_MS) {
    const v = ++version;
    const p = TemplateSettingModel.find({})
      .lean<TemplateSetting[]>()
      .then((rows) => new Map(rows.map((r) => [r.event, r])));
    p.catch(() => {
      if (loaded?.version === v) loaded = undefined;
    });
    loaded = { at: now, version: v, settings: p };
  }
  const { version: v, settings: s } = loaded;
  return s.then((settings) => ({ version: v, settings }));
}

/** Forget the cached settings (after a change; tests). */
export function dropTemplateSettingsCache(): void {
  loaded = undefined;
}

/** `base` (defaults + config) with the console's template ids applied. */
export async function liveTemplates(
  base: Record<MessageEvent, EventTemplates>,
): Promise<Record<MessageEvent, EventTemplates>> {
  const s = await settings();
  if (s.settings.size === 0) return base;
  const hit = merged.get(base);
  if (hit?.version === s.version) return hit.templates;
  const templates = Object.fromEntries(
    Object.entries(base).map(([event, t]) => {
      const o = s.settings.get(event);
      return [
        event,
        o
          ? {
              ...t,
              subscribe: { ...t.subscribe, ...storedChannel(o.subscribe) },
              official: { ...t.official, ...storedChannel(o.official) },
            }
          : t,
      ];
    }),
  ) as Record<MessageEvent, EventTemplates>;
  merged.set(base, { version: s.version, templates });
  return templates;
}
