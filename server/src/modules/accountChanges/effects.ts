/**
 * What an approved 过户/销户 does, one step at a time, each keyed by the order so that it happens once:
 *   approve   the order moves to 审核 (the resident is notified through the outbox, as for every step)
 *   finalBill the final bill, from the meter's last reading to the reading at handover (billing)
 *   carry     (过户, arrears carried) the household's unpaid bills re-issued to the new holder as one bill
 *   occupancy one account update: the new holder (过户) or closed (销户), the handover reading, and
 *             holderRevision/qrRevision bumped, so old bindings and every printed 一户一码 stop working;
 *             the stale bindings are then deleted (accounts' endOccupancy, idempotent per order)
 *   credit    (销户) the household's credit (money that settled no bill) refunded to the payer, keyed by
 *             the order (billing/credit.ts): a replay reserves nothing twice
 *   complete  the order moves to 办结 (notified again; a refund is named in the text)
 * A 开户 has its own steps (openingEffects.ts).
 * A step's stamp is written after the step; a crash in between leaves the step to run again, and the
 * step itself recognises it already happened. The sweep finishes any change a crash left half-applied.
 */
import type { AppDeps } from '../../deps';
import { endOccupancy, findAccount } from '../accounts';
import { carryArrears, issueFinalBill, refundCredit } from '../billing';
import { advanceOrder, orderSummaries, type Actor } from '../workorders';
import { AccountChangeModel, type AccountChange } from './accountChange.model';
import { crashIf, type EffectStep } from './faults';
import { applyOpeningEffects, startSuppliesAfterActivation } from './openingEffects';

export const ACCOUNT_CHANGE_SWEEP = 'accountChanges.sweep';

export { injectEffectFault, type EffectStep, type FaultPoint } from './faults';

const SYSTEM: Actor = { kind: 'system', name: '过户销户办理' };
const DONE_TEXT = { transfer: '过户已办结,新户主可绑定户号', close: '销户已办结' } as const;
const yuan = (fen: number) => (fen / 100).toFixed(2);

export async function applyEffects(deps: AppDeps, orderNo: string, approver: Actor = SYSTEM): Promise<void> {
  const change = await AccountChangeModel.findOne({ orderNo }).lean<AccountChange>();
  if (!change?.decision?.at || change.appliedAt) return;
  const effects = change.effects ?? {};
  const since = change.decision.at;
  const stamp = async (
    key: keyof NonNullable<AccountChange['effects']>,
    step: EffectStep,
    also: Record<string, unknown> = {},
  ) => {
    crashIf(step, true);
    await AccountChangeModel.updateOne(
      { orderNo },
      { $set: { [`effects.${key}`]: deps.clock.now(), ...also } },
    );
    crashIf(step, false);
  };

  if (!effects.approvedAt) {
    const [order] = await orderSummaries([orderNo]);
    // Withdrawn (cancelled) before approval took: nothing more to do.
    if (!order || order.state === 'cancelled') {
      await AccountChangeModel.updateOne({ orderNo }, { $set: { appliedAt: deps.clock.now() } });
      return;
    }
    if (order.state === 'open' && order.status === 'accepted')
      await advanceOrder(deps, orderNo, approver, 'approve', change.decision.note ?? undefined);
    await stamp('approvedAt', 'approved');
  }

  if (change.kind === 'open') return applyOpeningEffects(deps, change, stamp);

  const account = await findAccount(change.accountNo);
  if (!account) return;
  if (!effects.finalBillAt) {
    await issueFinalBill(deps, {
      account,
      orderNo,
      reading: change.reading ?? 0,
      issuedAt: change.appliedForAt,
    });
    await stamp('finalBillAt', 'finalBill');
  }
  if (change.kind === 'transfer' && change.decision.arrears === 'carried' && !effects.arrearsCarriedAt) {
    await carryArrears(deps, { account, orderNo, issuedAt: since });
    await stamp('arrearsCarriedAt', 'arrearsCarried');
  }
  if (!effects.occupancyAt) {
    await endOccupancy(deps, {
      accountNo: change.accountNo,
      cause: change.kind === 'transfer' ? 'transfer' : 'closure',
      orderNo,
      since,
      ...(change.kind === 'transfer' && change.newHolder
        ? {
            newHolder: {
              name: change.newHolder.name!,
              phone: change.newHolder.phone!,
              idNumberMasked: change.newHolder.idNumberMasked!,
            },
          }
        : {}),
      ...(account.meters?.length && change.reading != null ? { reading: change.reading } : {}),
      actor: { kind: 'system', id: 'accountChanges', name: orderNo },
    });
    await stamp('occupancyAt', 'occupancy');
  }
  let refunds: { amountFen?: number | null }[] = change.creditRefunds ?? [];
  if (change.kind === 'close' && !effects.creditRefundedAt) {
    refunds = await refundCredit(deps, {
      accountNo: change.accountNo,
      orderNo,
      reason: `销户退还余额(${orderNo})`,
    });
    await stamp('creditRefundedAt', 'creditRefund', { creditRefunds: refunds });
  }
  if (!effects.completedAt) {
    const [order] = await orderSummaries([orderNo]);
    const refundedFen = refunds.reduce((n, r) => n + (r.amountFen ?? 0), 0);
    const text =
      change.kind === 'close' && refundedFen > 0
        ? `${DONE_TEXT.close};余额 ${yuan(refundedFen)} 元已原路退回`
        : DONE_TEXT[change.kind as 'transfer' | 'close'];
    if (order?.state === 'open' && order.status === 'reviewed')
      await advanceOrder(deps, orderNo, SYSTEM, 'complete', text);
    await stamp('completedAt', 'completed');
  }
  await AccountChangeModel.updateOne({ orderNo }, { $set: { appliedAt: deps.clock.now() } });
}

/** Decided changes a crash left half-applied, oldest first, a batch per run. */
export const accountChangeSweepJob = (deps: AppDeps) => async () => {
  const pending = await AccountChangeModel.find(
    { appliedAt: { $exists: false }, 'decision.at': { $exists: true } },
    { orderNo: 1 },
  )
    .sort({ 'decision.at': 1 })
    .limit(100)
    .lean<AccountChange[]>();
  for (const c of pending) {
    await applyEffects(deps, c.orderNo).catch((err) =>
      deps.logger.error({ err, orderNo: c.orderNo }, 'account change effects failed'),
    );
  }
  // 开户: accounts whose 通气 visit was completed while the hook missed it.
  const supplied = await startSuppliesAfterActivation(deps);
  return { applied: pending.length, supplied };
};
