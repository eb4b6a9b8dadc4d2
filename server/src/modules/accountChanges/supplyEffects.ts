/**
 * What a decided 报停/复供 does, one step at a time, each keyed by the order so that it happens once:
 *   approve   the application moves to 审核 (the resident is notified, as for every step)
 *   valve     the 关阀封表 / 开阀 visit is filed as a field order (`valve:<orderNo>`, filed once) and
 *             dispatched by the rules; the resident follows it on its own timeline
 *   supply    the account's supply: 报停 recorded (heating: the season, billed the 供热基本费 share;
 *             gas/water: from the day, no usage billed) or ended by 复供 (the reopening reading becomes
 *             the meter's last, so billing resumes from it; a heating season already billed the base fee
 *             is billed the rest of the full fee)
 *   complete  the application moves to 办结 (notified again)
 * A rejection cancels the application with the reason, which the resident reads on the timeline and in
 * the notification. The sweep finishes any decision a crash left half-applied.
 */
import type { AppDeps } from '../../deps';
import {
  currentSuspension,
  endSupplySuspension,
  findAccount,
  recordMeterReading,
  startSupplySuspension,
} from '../accounts';
import { billResumedSeason } from '../billing';
import { advanceOrder, createWorkOrder, orderSummaries, type Actor } from '../workorders';
import { SupplyChangeModel, type SupplyChange } from './supply.model';

export const SUPPLY_CHANGE_SWEEP = 'supplyChanges.sweep';

export type SupplyEffectStep = 'approved' | 'valveOrder' | 'supply' | 'completed';
/** Tests inject a crash after a step (the step is done, its stamp may or may not be written). */
export type SupplyFaultPoint = { after: SupplyEffectStep; beforeStamp?: boolean };
let fault: SupplyFaultPoint | undefined;
export function injectSupplyEffectFault(f: SupplyFaultPoint | undefined): void {
  fault = f;
}
function crashIf(step: SupplyEffectStep, beforeStamp: boolean): void {
  if (fault && fault.after === step && Boolean(fault.beforeStamp) === beforeStamp) {
    fault = undefined;
    throw new Error(`injected crash after ${step}`);
  }
}

const SYSTEM: Actor = { kind: 'system', name: '报停复供办理' };

function valveOrder(change: SupplyChange): { type: 'valveClose' | 'valveOpen'; description: string } {
  if (change.kind === 'resume')
    return {
      type: 'valveOpen',
      description: `复供开阀(申请 ${change.orderNo}):上门开阀,核对表底${
        change.reading !== undefined && change.reading !== null ? `(居民报数 ${change.reading})` : ''
      },检查安全后恢复供应`,
    };
  return {
    type: 'valveClose',
    description: change.season
      ? `报停关阀(申请 ${change.orderNo}):${change.season} 供暖季报停,供暖开始前上门关闭户内阀门并施封`
      : `报停关阀(申请 ${change.orderNo}):上门关阀封表,记录表底`,
  };
}

function doneText(change: SupplyChange, valveOrderNo: string | undefined): string {
  const visit = valveOrderNo ? `,上门工单 ${valveOrderNo}` : '';
  if (change.kind === 'resume') return `复供已办结,恢复供应与计费${visit}`;
  return change.season
    ? `${change.season} 供暖季报停已办结,该季收取供热基本费${visit}`
    : `报停已办结,报停期间不计用量费${visit}`;
}

export async function applySupplyEffects(
  deps: AppDeps,
  orderNo: string,
  approver: Actor = SYSTEM,
): Promise<void> {
  const change = await SupplyChangeModel.findOne({ orderNo }).lean<SupplyChange>();
  if (!change?.decision?.at || change.appliedAt) return;
  const effects = change.effects ?? {};
  const done = () => SupplyChangeModel.updateOne({ orderNo }, { $set: { appliedAt: deps.clock.now() } });
  const stamp = async (
    key: keyof NonNullable<SupplyChange['effects']>,
    step: SupplyEffectStep,
    extra: Record<string, unknown> = {},
  ) => {
    crashIf(step, true);
    await SupplyChangeModel.updateOne(
      { orderNo },
      { $set: { [`effects.${key}`]: deps.clock.now(), ...extra } },
    );
    crashIf(step, false);
  };

  const [order] = await orderSummaries([orderNo]);
  if (change.decision.outcome === 'rejected') {
    if (order?.state === 'open')
      await advanceOrder(deps, orderNo, approver, 'cancel', change.decision.note ?? '不符合办理条件');
    await done();
    return;
  }

  if (!effects.approvedAt) {
    // Withdrawn (cancelled) before approval took: nothing more to do.
    if (!order || order.state === 'cancelled') {
      await done();
      return;
    }
    if (order.state === 'open' && order.status === 'accepted')
      await advanceOrder(deps, orderNo, approver, 'approve', change.decision.note ?? undefined);
    await stamp('approvedAt', 'approved');
  }

  let valveOrderNo = change.valveOrderNo ?? undefined;
  if (!effects.valveOrderAt) {
    const { order: visit } = await createWorkOrder(
      deps,
      { kind: 'system' },
      {
        accountNo: change.accountNo,
        ...valveOrder(change),
        category: 'other',
        urgency: 'normal',
        photos: [],
        sourceKey: `valve:${orderNo}`,
      },
    );
    valveOrderNo = visit.orderNo;
    await stamp('valveOrderAt', 'valveOrder', { valveOrderNo });
  }

  if (!effects.supplyAt) {
    if (change.kind === 'suspend') {
      await startSupplySuspension({
        accountNo: change.accountNo,
        orderNo,
        kind: change.season ? 'heatingSeason' : 'temporary',
        ...(change.season ? { season: change.season } : {}),
        from: change.from!,
        ...(change.to ? { to: change.to } : {}),
        ...(change.expectedResumeAt ? { expectedResumeAt: change.expectedResumeAt } : {}),
      });
    } else {
      const at = change.decision.at;
      const account = await findAccount(change.accountNo);
      // Mid-season 复供 of a suspended heating season: the rest of the full fee (billed once per order),
      // before the suspension ends, so a replay still finds the season it is for.
      const open = account && currentSuspension(account, at);
      if (open?.kind === 'heatingSeason' && open.season)
        await billResumedSeason(deps, { accountNo: change.accountNo, season: open.season, orderNo, at });
      const meterNo = account?.meters?.[0]?.meterNo;
      // The reopening reading: usage is billed from it on (recordMeterReading only ever raises the meter's last).
      if (meterNo && typeof change.reading === 'number')
        await recordMeterReading({ accountNo: change.accountNo, meterNo, reading: change.reading, at });
      await endSupplySuspension({ accountNo: change.accountNo, resumeOrderNo: orderNo, at });
    }
    await stamp('supplyAt', 'supply');
  }

  if (!effects.completedAt) {
    const [now] = await orderSummaries([orderNo]);
    if (now?.state === 'open' && now.status === 'reviewed')
      await advanceOrder(deps, orderNo, SYSTEM, 'complete', doneText(change, valveOrderNo));
    await stamp('completedAt', 'completed');
  }
  await done();
}

/** Decided applications a crash left half-applied, oldest first, a batch per run. */
export const supplyChangeSweepJob = (deps: AppDeps) => async () => {
  const pending = await SupplyChangeModel.find(
    { appliedAt: { $exists: false }, 'decision.at': { $exists: true } },
    { orderNo: 1 },
  )
    .sort({ 'decision.at': 1 })
    .limit(100)
    .lean<SupplyChange[]>();
  for (const c of pending) {
    await applySupplyEffects(deps, c.orderNo).catch((err) =>
      deps.logger.error({ err, orderNo: c.orderNo }, 'supply change effects failed'),
    );
  }
  return { applied: pending.length };
};
