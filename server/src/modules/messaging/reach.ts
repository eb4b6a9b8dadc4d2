/**
 * How a message would reach some residents, by the first channel the send worker would use
 * (subscribe grant → official-account template → SMS, to the resident's phone or the holder's): the preview
 * before a notice goes out.
 */
import type { MessageEvent } from '@portal/types';
import type { AppDeps } from '../../deps';
import { residentContacts, usersWithHolderPhone } from '../accounts';
import { liveTemplates } from './liveTemplates';
import { messengerFor } from './sendMessage.job';
import { SubscriptionModel } from './subscription.model';

export type Reach = { subscribe: number; template: number; sms: number; total: number };

export const noReach = (): Reach => ({ subscribe: 0, template: 0, sms: 0, total: 0 });

/** Adds to `reach` how these residents would get `event`; opted-out and unreachable residents add nothing. */
export async function countReach(
  deps: AppDeps,
  event: MessageEvent,
  userIds: string[],
  reach: Reach,
): Promise<void> {
  const m = messengerFor(deps);
  const t = (await liveTemplates(m.templates))[event];
  const [people, grants] = await Promise.all([
    residentContacts(userIds),
    SubscriptionModel.find(
      { userId: { $in: userIds }, templateId: t.subscribe.templateId, remaining: { $gt: 0 } },
      { userId: 1 },
    ).lean(),
  ]);
  const granted = new Set(grants.map((g) => String(g.userId)));
  // Without a phone of their own, SMS goes to the holder's phone of a bound account (as the sender does).
  const holderReached = m.sms
    ? await usersWithHolderPhone(people.filter((u) => !u.phone).map((u) => u.id))
    : new Set<string>();
  for (const u of people) {
    if (t.preference && !u.preferences[t.preference]) continue;
    if (u.openidMp && granted.has(u.id)) reach.subscribe++;
    else if (u.openidOa && u.followsOa) reach.template++;
    else if (m.sms && (u.phone || holderReached.has(u.id))) reach.sms++;
    else continue;
    reach.total++;
  }
}
