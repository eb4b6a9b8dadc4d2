/**
 * What an approved 开户 does, one step at a time, each keyed by the order (see effects.ts for the frame):
 *   account     the account written under the 户号 reserved at application, `pending` (待通气), and the
 *               applicant bound to it as its holder (accounts' openAccount: an upsert on the 户号 and one
 *               on the binding's unique key, so a replay finds both)
 *   activation  the 点火通气 visit filed as a field order of the new account (dispatched by the rules like
 *               every activation order); before filing, a replay looks for the activation order of this
 *               brand-new account, so there is never a second one
 *   complete    the application's order moves to 办结, naming the 户号 and the visit
 * The rule "safety check before a new opening": the account is not in supply until the 通气 visit, where
 * the technician checks the installation before gas is let in, is completed. Its completion (a transition
 * hook, and the sweep for any the hook missed) moves the account from pending to active.
 */
import type { AppDeps } from '../../deps';
import { openAccount, startSupply } from '../accounts';
import {
  advanceOrder,
  createWorkOrder,
  onWorkOrderTransition,
  orderNosOfAccount,
  orderSummaries,
  type Actor,
} from '../workorders';
import { AccountChangeModel, type AccountChange } from './accountChange.model';
import type { EffectStep } from './faults';

const SYSTEM: Actor = { kind: 'system', name: '开户办理' };

type Stamp = (
  key: keyof NonNullable<AccountChange['effects']>,
  step: EffectStep,
  also?: Record<string, unknown>,
) => Promise<void>;

export async function applyOpeningEffects(deps: AppDeps, change: AccountChange, stamp: Stamp): Promise<void> {
  const { orderNo, accountNo } = change;
  const effects = change.effects ?? {};
  const opening = change.opening!;
  if (!effects.accountOpenedAt) {
    await openAccount({
      accountNo,
      orderNo,
      areaCode: change.areaCode,
      utility: opening.utility!,
      address: {
        district: opening.address!.district!,
        community: opening.address!.community!,
        building: opening.address!.building ?? '',
        unit: opening.address!.unit ?? '',
        room: opening.address!.room ?? '',
      },
      holder: {
        name: opening.holder!.name!,
        phone: opening.holder!.phone!,
        idNumberMasked: opening.holder!.idNumberMasked!,
      },
      holderUserId: change.applicantUserId,
      since: change.decision!.at!,
    });
    await stamp('accountOpenedAt', 'accountOpened');
  }
  let activationOrderNo = change.activationOrderNo ?? undefined;
  if (!effects.activationOrderAt) {
    activationOrderNo = (await activationOrderOf(accountNo)) ?? undefined;
    if (!activationOrderNo) {
      const { order } = await createWorkOrder(
        deps,
        { kind: 'system' },
        {
          accountNo,
          type: 'activation',
          category: 'other',
          description: `开户点火通气(开户申请 ${orderNo}):通气前入户安全检查,检查合格后点火通气`,
          urgency: 'normal',
          photos: [],
          contactName: opening.holder!.name!,
          contactPhone: opening.holder!.phone!,
        },
      );
      activationOrderNo = order.orderNo;
    }
    await stamp('activationOrderAt', 'activationOrder', { activationOrderNo });
  }
  if (!effects.completedAt) {
    const [order] = await orderSummaries([orderNo]);
    if (order?.state === 'open' && order.status === 'reviewed')
      await advanceOrder(
        deps,
        orderNo,
        SYSTEM,
        'complete',
        `开户已办结,户号 ${accountNo};点火通气工单 ${activationOrderNo} 已安排,通气后开始供应`,
      );
    await stamp('completedAt', 'completed');
  }
  await AccountChangeModel.updateOne({ orderNo }, { $set: { appliedAt: deps.clock.now() } });
}

/** The activation order of a brand-new account: any there is is the one its opening filed. */
async function activationOrderOf(accountNo: string): Promise<string | null> {
  const [no] = await orderNosOfAccount(accountNo, 'activation');
  return no ?? null;
}

const DONE = ['resolved', 'closed'];

/** The 通气 visit of an opened account is done: the account goes into supply, once. */
async function startSupplyAfter(
  deps: AppDeps,
  activationOrderNo: string,
  accountNo: string,
): Promise<boolean> {
  const now = deps.clock.now();
  await startSupply(accountNo, activationOrderNo, now);
  const r = await AccountChangeModel.updateOne(
    { activationOrderNo, 'effects.supplyStartedAt': { $exists: false } },
    { $set: { 'effects.supplyStartedAt': now } },
  );
  return r.modifiedCount === 1;
}

onWorkOrderTransition(async ({ order, deps }) => {
  if (order.type !== 'activation' || !DONE.includes(order.state)) return;
  const opened = await AccountChangeModel.exists({ activationOrderNo: order.orderNo });
  if (opened) await startSupplyAfter(deps, order.orderNo, order.accountNo);
});

/** Openings whose 通气 visit completed while the hook missed it (the sweep runs this). */
export async function startSuppliesAfterActivation(deps: AppDeps): Promise<number> {
  const waiting = await AccountChangeModel.find(
    { kind: 'open', activationOrderNo: { $exists: true }, 'effects.supplyStartedAt': { $exists: false } },
    { activationOrderNo: 1, accountNo: 1 },
  )
    .limit(200)
    .lean<AccountChange[]>();
  if (!waiting.length) return 0;
  const done = new Set(
    (await orderSummaries(waiting.map((w) => w.activationOrderNo!)))
      .filter((o) => DONE.includes(o.state))
      .map((o) => o.orderNo),
  );
  let n = 0;
  for (const w of waiting)
    if (done.has(w.activationOrderNo!) && (await startSupplyAfter(deps, w.activationOrderNo!, w.accountNo)))
      n++;
  return n;
}
