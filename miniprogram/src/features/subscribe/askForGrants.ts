/**
 * Subscribe-message grants, asked for where the resident opts in: the pay button, submitting a fault report,
 * booking a visit, turning a message on in 消息订阅. `Taro.requestSubscribeMessage` works only when called
 * synchronously within the tap (WeChat refuses it after an await), so `askForGrants` is the FIRST call of such a tap handler: it calls
 * WeChat before returning, with ids known beforehand (subscribeTemplates.ts), and hands back two promises:
 *   answered: the sheet was closed (pay and submit wait for it, so the next sheet does not collide with it);
 *   reported: the answers reached the server (reportSubscriptions), each accept one send.
 * An answer the server did not get (offline) is kept and sent with the next report. On H5 there is no such sheet
 * (official-account template messages need no grant): skipped.
 *
 *   const pay = () => {
 *     const grants = askForGrants(MOMENTS.paid);   // first: no await, timer or request before it
 *     void payNow(grants.answered);
 *   };
 */
import Taro from '@tarojs/taro';
import type { MessageEvent, SubscribeAnswer } from '@portal/types';
import { api } from '../../services/api';
import { templateIdsFor } from './subscribeTemplates';

/** What the mini-program asks for at each moment (at most 3 templates per sheet). */
export const MOMENTS = {
  paid: ['paymentReceipt', 'billReminder'],
  faultReported: ['orderStatus', 'technicianAssigned'],
  booked: ['appointmentReminder', 'orderStatus'],
  settings: ['outageNotice', 'billReminder', 'orderStatus'],
} satisfies Record<string, MessageEvent[]>;

export type GrantOutcome =
  | { status: 'skipped'; reason: 'notWeapp' | 'noTemplates' }
  | { status: 'reported'; results: Record<string, SubscribeAnswer> }
  /** WeChat refused to show the sheet (the resident turned subscriptions off, …), or the report is kept for later. */
  | { status: 'failed'; errMsg: string; results?: Record<string, SubscribeAnswer> };

export type GrantRequest = { answered: Promise<void>; reported: Promise<GrantOutcome> };

const PENDING_KEY = 'portal.pendingGrantReports.v1';
const ANSWERS: readonly string[] = ['accept', 'reject', 'ban', 'filter'];

const done = (outcome: GrantOutcome): GrantRequest => ({
  answered: Promise.resolve(),
  reported: Promise.resolve(outcome),
});

export function askForGrants(events: MessageEvent[]): GrantRequest {
  if (process.env.TARO_ENV !== 'weapp') return done({ status: 'skipped', reason: 'notWeapp' });
  const tmplIds = templateIdsFor(events);
  if (tmplIds.length === 0) return done({ status: 'skipped', reason: 'noTemplates' });
  // Called now, inside the tap; everything after this line may wait.
  const sheet = Promise.resolve(Taro.requestSubscribeMessage({ tmplIds, entityIds: [] } as never)).then(
    (res) => ({ ok: true as const, res: res as unknown as Record<string, string> }),
    (e: { errMsg?: string; errCode?: number }) => ({
      ok: false as const,
      errMsg: `${e?.errMsg ?? 'requestSubscribeMessage:fail'}${e?.errCode ? ` (${e.errCode})` : ''}`,
    }),
  );
  const reported = sheet.then(async (s): Promise<GrantOutcome> => {
    if (!s.ok) return { status: 'failed', errMsg: s.errMsg };
    const results: Record<string, SubscribeAnswer> = {};
    for (const id of tmplIds) if (ANSWERS.includes(s.res[id])) results[id] = s.res[id] as SubscribeAnswer;
    if (Object.keys(results).length === 0)
      return { status: 'failed', errMsg: 'requestSubscribeMessage: no answer' };
    return report(results);
  });
  return { answered: sheet.then(() => undefined), reported };
}

/** Sends these answers (and any kept from before); keeps them when the server cannot be reached. */
async function report(results: Record<string, SubscribeAnswer>): Promise<GrantOutcome> {
  const kept = pending();
  try {
    // Earlier answers first, one template at most 5 per call (the endpoint's limit).
    for (const earlier of kept) await api.call('reportSubscriptions', { body: { results: earlier } });
    Taro.removeStorageSync(PENDING_KEY);
    await api.call('reportSubscriptions', { body: { results } });
    return { status: 'reported', results };
  } catch (e) {
    Taro.setStorageSync(PENDING_KEY, [...kept, results].slice(-20));
    return { status: 'failed', errMsg: (e as Error)?.message ?? 'reportSubscriptions failed', results };
  }
}

function pending(): Array<Record<string, SubscribeAnswer>> {
  try {
    const v = Taro.getStorageSync(PENDING_KEY) as Array<Record<string, SubscribeAnswer>> | '';
    return Array.isArray(v) ? v : [];
  } catch {
    return [];
  }
}
