/**
 * The subscribe template ids per event, known BEFORE the resident taps: fetched when a page that asks for grants
 * opens (getMySubscriptions) and kept in storage, so even the first tap after a restart has them. Asking for a
 * grant must not wait for the network (WeChat refuses requestSubscribeMessage once the tap's turn is over).
 */
import Taro from '@tarojs/taro';
import type { MessageEvent, MySubscriptions } from '@portal/types';
import { api } from '../../services/api';

type Templates = MySubscriptions['templates'];
const KEY = 'portal.subscribeTemplates.v1';

let cached: Templates | undefined;

function stored(): Templates | undefined {
  try {
    const v = Taro.getStorageSync(KEY) as Templates | '';
    return Array.isArray(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

/** Fetches the ids (and keeps them); never throws: a page works without them, it just cannot ask. */
export async function prefetchSubscribeTemplates(): Promise<void> {
  if (process.env.TARO_ENV !== 'weapp') return;
  try {
    rememberSubscribeTemplates((await api.call('getMySubscriptions')).templates);
  } catch {
    // Offline or not signed in yet: the stored ids (if any) still serve.
  }
}

/** Keeps ids a page already loaded (the 消息订阅 list) for the taps that follow. */
export function rememberSubscribeTemplates(templates: Templates): void {
  cached = templates;
  try {
    Taro.setStorageSync(KEY, templates);
  } catch {
    // Storage full: the ids still serve from memory.
  }
}

/** The template ids for these events, synchronously (at most 3: WeChat shows them on one sheet). */
export function templateIdsFor(events: MessageEvent[]): string[] {
  const all = (cached ??= stored()) ?? [];
  return all
    .filter((t) => events.includes(t.event))
    .map((t) => t.templateId)
    .slice(0, 3);
}

/** Tests: forget what was fetched. */
export function resetSubscribeTemplates(): void {
  cached = undefined;
}
