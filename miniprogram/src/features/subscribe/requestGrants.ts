/**
 * Subscribe-message grants (WECHAT.md, messaging issue): right after paying, reporting a fault or
 * booking, ask `Taro.requestSubscribeMessage` for that moment's templates and report every answer to
 * the server (operationId reportSubscriptions), which counts one send per accept. On H5 there is no
 * such sheet (official-account template messages need no grant): skipped quietly. Never throws: a
 * refused or failed request must not spoil the moment it follows.
 */
import Taro from '@tarojs/taro';
import type { MessageEvent, MySubscriptions, SubscribeAnswer } from '@portal/types';
import { api } from '../../services/api';

let templates: Promise<MySubscriptions['templates']> | undefined;

/** What the mini-program asks for at each moment (at most 3 templates per request). */
export const MOMENTS = {
  paid: ['paymentReceipt', 'billReminder'],
  faultReported: ['orderStatus', 'technicianAssigned'],
  booked: ['appointmentReminder', 'orderStatus'],
  settings: ['outageNotice', 'billReminder', 'orderStatus'],
} satisfies Record<string, MessageEvent[]>;

export const templatesFor = (all: MySubscriptions['templates'], events: MessageEvent[]) =>
  all.filter((t) => events.includes(t.event)).map((t) => t.templateId).slice(0, 3);

export async function requestGrants(events: MessageEvent[]): Promise<'reported' | 'skipped'> {
  if (process.env.TARO_ENV !== 'weapp') return 'skipped';
  try {
    templates ??= api.call('getMySubscriptions').then((m) => m.templates);
    const tmplIds = templatesFor(await templates, events);
    if (tmplIds.length === 0) return 'skipped';
    const res = (await Taro.requestSubscribeMessage({ tmplIds, entityIds: [] } as never)) as unknown as Record<string, string>;
    const results: Record<string, SubscribeAnswer> = {};
    for (const id of tmplIds) {
      const answer = res[id];
      if (answer === 'accept' || answer === 'reject' || answer === 'ban' || answer === 'filter') results[id] = answer;
    }
    if (Object.keys(results).length === 0) return 'skipped';
    await api.call('reportSubscriptions', { body: { results } });
    return 'reported';
  } catch {
    templates = undefined;
    return 'skipped';
  }
}
