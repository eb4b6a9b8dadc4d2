/**
 * 报停 / 复供 online. A resident bound to the household applies; the application is a work order
 * (supplySuspend / supplyResume: its timeline and notifications are the order's) with the details kept
 * here. The rules:
 * - heating 报停 is for one heating season and must be in by HEATING_SUSPEND_CUTOFF of its first year;
 *   the season is then billed the 供热基本费 share (HEATING_BASE_FEE_PERCENT) instead of the full fee;
 * - gas/water 报停 starts on a day not before today; no usage is billed while it lasts;
 * - 复供 ends the household's suspension; gas/water give the meter reading the valve is reopened at.
 * One open application per household. Kinds listed in SUPPLY_CHANGE_AUTO_APPROVE are approved by the
 * system at once when the household owes nothing; the rest wait for a supervisor, who approves or
 * rejects with a reason. Approval takes effect in supplyEffects.ts.
 */
import type * as T from '@portal/types';
import type { AppDeps } from '../../deps';
import type { ResidentAuth, StaffAuth } from '../../platform/auth/auth';
import { assertInArea } from '../../platform/auth/areaScope';
import { errors } from '../../platform/http/errors';
import { fullAddress } from '../../platform/mask';
import { dayEnd, dayOf, dayStart, formatShanghai, yearOf } from '../../platform/time';
import { currentSuspension, findAccessibleAccount, type Account } from '../accounts';
import { arrearsOf } from '../billing';
import { createWorkOrder, orderSummaries, type Actor } from '../workorders';
import { applicationWindow } from './applicationWindow';
import { SupplyChangeModel, type SupplyChange } from './supply.model';
import { applySupplyEffects } from './supplyEffects';

const ORDER_TYPE = { suspend: 'supplySuspend', resume: 'supplyResume' } as const;

/** The household's open application (its order still open), if any. */
async function openApplication(accountNo: string): Promise<string | undefined> {
  const open = await SupplyChangeModel.find(
    { accountNo, appliedAt: { $exists: false } },
    { orderNo: 1 },
  ).lean<SupplyChange[]>();
  return (await orderSummaries(open.map((c) => c.orderNo))).find((o) => o.state === 'open')?.orderNo;
}

/** "已报停 自 2026-12-05 起" / "2026-2027 供暖季已报停(收取供热基本费)". */
export function suspensionLabel(s: NonNullable<ReturnType<typeof currentSuspension>>, now: Date): string {
  if (s.kind === 'heatingSeason') return `${s.season} 供暖季已报停(收取供热基本费)`;
  const from = formatShanghai(s.from, 'YYYY-MM-DD');
  return s.from > now ? `已申请报停,自 ${from} 起停止供应` : `已报停 自 ${from} 起`;
}

type Window = { season?: string; from: Date; to?: Date; expectedResumeAt?: Date };

/** Heating 报停: a season not yet past its cutoff, no further ahead than next year. */
function heatingWindow(deps: AppDeps, season: string | undefined, now: Date): Window {
  if (!season) throw errors.validation([{ path: 'body.season', message: '请选择报停的供暖季' }]);
  const startYear = Number(season.slice(0, 4));
  if (startYear > yearOf(now) + 1)
    throw errors.validation([{ path: 'body.season', message: '只能报停本年度或下一年度的供暖季' }]);
  const cutoff = `${startYear}-${deps.config.HEATING_SUSPEND_CUTOFF}`;
  if (now > dayEnd(cutoff)) throw errors.heatingSuspendCutoffPassed(season, cutoff);
  return {
    season,
    from: dayStart(`${startYear}-${deps.config.HEATING_SEASON_START}`),
    to: dayEnd(`${startYear + 1}-${deps.config.HEATING_SEASON_END}`),
  };
}

/** Gas/water 报停: from a day not before today, the expected 复供 after it. */
function temporaryWindow(body: Extract<T.ApplySupplyChangeBody, { kind: 'suspend' }>, now: Date): Window {
  if (!body.fromDate) throw errors.validation([{ path: 'body.fromDate', message: '请选择报停日期' }]);
  if (body.fromDate < dayOf(now))
    throw errors.validation([{ path: 'body.fromDate', message: '不能早于今天' }]);
  if (body.expectedResumeDate && body.expectedResumeDate <= body.fromDate)
    throw errors.validation([{ path: 'body.expectedResumeDate', message: '须晚于报停日期' }]);
  return {
    from: dayStart(body.fromDate),
    ...(body.expectedResumeDate ? { expectedResumeAt: dayStart(body.expectedResumeDate) } : {}),
  };
}

const autoKind = (kind: T.SupplyChangeKind, utility: string): T.SupplyAutoApproveKind =>
  kind === 'resume' ? 'resume' : utility === 'heating' ? 'heatingSuspend' : 'suspend';

export async function applyForSupplyChange(
  deps: AppDeps,
  auth: ResidentAuth,
  body: T.ApplySupplyChangeBody,
): Promise<T.SupplyChangeCreated> {
  const account = await findAccessibleAccount(auth, body.accountNo);
  if (account.status === 'closed') throw errors.accountNotFound();
  const pending = await openApplication(account.accountNo);
  if (pending) throw errors.supplyChangePending(pending);
  const now = deps.clock.now();
  const current = currentSuspension(account, now);

  let details: Partial<SupplyChange>;
  let description: string;
  if (body.kind === 'suspend') {
    if (current) throw errors.supplyAlreadySuspended(suspensionLabel(current, now));
    const w =
      account.utility === 'heating' ? heatingWindow(deps, body.season, now) : temporaryWindow(body, now);
    details = { reason: body.reason, ...w };
    description = w.season
      ? `申请 ${w.season} 供暖季报停:${body.reason}`
      : `申请报停,自 ${formatShanghai(w.from, 'YYYY-MM-DD')} 起:${body.reason}`;
  } else {
    if (!current) throw errors.supplyNotSuspended();
    const meter = account.meters?.[0];
    if (account.utility !== 'heating' && meter && body.reading === undefined)
      throw errors.validation([{ path: 'body.reading', message: '请填写开阀时的表盘读数' }]);
    if (body.reading !== undefined && body.reading < (meter?.lastReading ?? 0))
      throw errors.readingBelowLast(meter?.lastReading ?? 0);
    details = {
      ...(body.reading !== undefined ? { reading: body.reading } : {}),
      ...(body.note ? { note: body.note } : {}),
    };
    description = `申请复供${body.reading !== undefined ? `,开阀读数 ${body.reading}` : ''}${
      body.note ? `:${body.note}` : ''
    }`;
  }

  const { order } = await createWorkOrder(deps, auth, {
    accountNo: account.accountNo,
    type: ORDER_TYPE[body.kind],
    category: 'other',
    description,
    photos: [],
    urgency: 'normal',
    approvalVia: 'supplyChanges',
  });
  await SupplyChangeModel.create({
    orderNo: order.orderNo,
    kind: body.kind,
    accountNo: account.accountNo,
    areaCode: account.areaCode,
    utility: account.utility,
    applicantUserId: auth.userId,
    appliedForAt: now,
    ...details,
  });
  const autoApproved = await approveAutomatically(
    deps,
    order.orderNo,
    autoKind(body.kind, account.utility),
    account,
  );
  return { orderNo: order.orderNo, kind: body.kind, autoApproved };
}

/**
 * Where the utility allows it (SUPPLY_CHANGE_AUTO_APPROVE), an application of a household that owes
 * nothing is approved at once, in minutes instead of days (a heating 报停 has passed the cutoff check
 * already). The decision is recorded first, so a crash before the effects leaves it for the sweep.
 */
async function approveAutomatically(
  deps: AppDeps,
  orderNo: string,
  kind: T.SupplyAutoApproveKind,
  account: Account,
): Promise<boolean> {
  if (!deps.config.SUPPLY_CHANGE_AUTO_APPROVE.includes(kind)) return false;
  if ((await arrearsOf(account.accountNo)).count > 0) return false;
  const decided = await SupplyChangeModel.updateOne(
    { orderNo, 'decision.at': { $exists: false } },
    { $set: { decision: { outcome: 'approved', byName: '自动审核', at: deps.clock.now() } } },
  );
  if (!decided.modifiedCount) return false;
  // The application stands whatever happens next: a failure here is the sweep's to finish.
  await applySupplyEffects(deps, orderNo).catch((err) =>
    deps.logger.error({ err, orderNo }, 'automatic approval: effects left to the sweep'),
  );
  return true;
}

/** What the resident's account page shows: the supply now and any application under way. */
export async function supplyStateOf(
  deps: AppDeps,
  auth: ResidentAuth,
  accountNo: string,
): Promise<T.SupplyState> {
  const account = await findAccessibleAccount(auth, accountNo);
  const now = deps.clock.now();
  const s = currentSuspension(account, now);
  const pendingOrderNo = await openApplication(account.accountNo);
  return {
    state: s ? 'suspended' : 'normal',
    ...(s
      ? {
          suspensionKind: s.kind as 'heatingSeason' | 'temporary',
          ...(s.season ? { season: s.season } : {}),
          suspendedFrom: s.from.toISOString(),
          ...(s.expectedResumeAt ? { expectedResumeAt: s.expectedResumeAt.toISOString() } : {}),
        }
      : {}),
    label: s ? suspensionLabel(s, now) : '正常供应',
    ...(pendingOrderNo ? { pendingOrderNo } : {}),
    utility: account.utility as T.Utility,
    ...(account.utility === 'heating' ? upcomingSeason(deps, now) : { earliestFromDate: dayOf(now) }),
  };
}

/** The season a heating 报停 applied now would be for: this autumn's (or next autumn's once the cutoff is past). */
function upcomingSeason(deps: AppDeps, now: Date) {
  const year = yearOf(now);
  const startYear = dayOf(now) > `${year}-${deps.config.HEATING_SUSPEND_CUTOFF}` ? year + 1 : year;
  return {
    nextSeason: `${startYear}-${startYear + 1}`,
    suspendCutoff: `${startYear}-${deps.config.HEATING_SUSPEND_CUTOFF}`,
    baseFeePercent: deps.config.HEATING_BASE_FEE_PERCENT,
  };
}

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : undefined);

/** The approval queue (or every application) of the staff member's areas (applicationWindow.ts). */
export async function listSupplyChanges(
  auth: StaffAuth,
  q: T.ListSupplyChangesQuery,
): Promise<T.SupplyChangeList> {
  const { rows, more, orderByNo, accountByNo, arrears } = await applicationWindow<SupplyChange>(
    SupplyChangeModel,
    'supplyChanges',
    auth,
    q.pending,
  );
  return {
    items: rows.flatMap((c) => {
      const order = orderByNo.get(c.orderNo);
      const account = accountByNo.get(c.accountNo);
      if (!order || !account || (q.pending && order.state !== 'open')) return [];
      const owed = arrears.get(c.accountNo);
      return [
        {
          orderNo: c.orderNo,
          kind: c.kind as T.SupplyChangeKind,
          accountNo: c.accountNo,
          areaCode: c.areaCode,
          utility: c.utility as T.Utility,
          holderName: account.holder?.name ?? '',
          address: account.address ? fullAddress(account.address) : '',
          orderState: order.state as T.WorkOrderState,
          orderStatus: order.status,
          ...(c.reason ? { reason: c.reason } : {}),
          ...(c.season ? { season: c.season } : {}),
          ...(c.from && !c.season ? { fromDate: formatShanghai(c.from, 'YYYY-MM-DD') } : {}),
          ...(c.expectedResumeAt
            ? { expectedResumeDate: formatShanghai(c.expectedResumeAt, 'YYYY-MM-DD') }
            : {}),
          ...(typeof c.reading === 'number' ? { reading: c.reading } : {}),
          unpaidFen: owed?.amountFen ?? 0,
          unpaidCount: owed?.count ?? 0,
          ...(c.valveOrderNo ? { valveOrderNo: c.valveOrderNo } : {}),
          ...(c.decision?.byName ? { decidedBy: c.decision.byName } : {}),
          ...(c.decision?.outcome === 'rejected' && c.decision.note
            ? { rejectedReason: c.decision.note }
            : {}),
          effects: {
            decidedAt: iso(c.decision?.at),
            approvedAt: iso(c.effects?.approvedAt),
            valveOrderAt: iso(c.effects?.valveOrderAt),
            supplyAt: iso(c.effects?.supplyAt),
            completedAt: iso(c.effects?.completedAt),
          },
          createdAt: c.appliedForAt.toISOString(),
        },
      ];
    }),
    more,
  };
}

const staffActor = (auth: StaffAuth): Actor => ({
  kind: 'staff',
  id: auth.staffId,
  roles: auth.roles,
  name: auth.username,
});

/**
 * A supervisor decides (once: a second one gets 409) and the decision takes effect. Deciding the same
 * way again after a crash finishes the effects and answers 200.
 */
async function decide(
  deps: AppDeps,
  auth: StaffAuth,
  orderNo: string,
  outcome: 'approved' | 'rejected',
  note: string | undefined,
): Promise<{ ok: true }> {
  const change = await SupplyChangeModel.findOne({ orderNo }).lean<SupplyChange>();
  if (!change) throw errors.supplyChangeNotFound();
  assertInArea(auth, 'workOrders', change.areaCode, errors.supplyChangeNotFound);
  if (change.decision?.at) {
    if (change.appliedAt || change.decision.byStaffId !== auth.staffId || change.decision.outcome !== outcome)
      throw errors.supplyChangeDecided();
  } else {
    const [order] = await orderSummaries([orderNo]);
    if (!order || order.state !== 'open' || order.status !== 'accepted') throw errors.supplyChangeDecided();
    const decided = await SupplyChangeModel.updateOne(
      { orderNo, 'decision.at': { $exists: false } },
      {
        $set: {
          decision: { outcome, note, byStaffId: auth.staffId, byName: auth.username, at: deps.clock.now() },
        },
      },
    );
    if (!decided.modifiedCount) throw errors.supplyChangeDecided();
  }
  await applySupplyEffects(deps, orderNo, staffActor(auth));
  return { ok: true };
}

export const approveSupplyChange = (
  deps: AppDeps,
  auth: StaffAuth,
  orderNo: string,
  body: T.ApproveSupplyChangeBody,
) => decide(deps, auth, orderNo, 'approved', body.note);

export const rejectSupplyChange = (
  deps: AppDeps,
  auth: StaffAuth,
  orderNo: string,
  body: T.RejectSupplyChangeBody,
) => decide(deps, auth, orderNo, 'rejected', body.reason);
