/**
 * 过户 / 销户 online. A resident bound to the household applies with the documents each needs; the
 * application is a work order of type accountTransfer / accountClose (its timeline and notifications are
 * the order's) with the details kept here. A supervisor of the area approves under the business rules:
 * the reading at handover is not below the meter's last reading (checked at application), and the
 * household owes nothing, unless (过户 only) the new holder takes the arrears over. Approval then takes
 * effect (effects.ts).
 */
import type * as T from '@portal/types';
import { fenToYuan } from '@portal/types/src/money';
import type { AppDeps } from '../../deps';
import type { ResidentAuth, StaffAuth } from '../../platform/auth/auth';
import { assertInArea } from '../../platform/auth/areaScope';
import { errors } from '../../platform/http/errors';
import { fullAddress, maskIdNumber, maskPhone } from '../../platform/mask';
import { findAccessibleAccount, openAccountAt } from '../accounts';
import { arrearsOf } from '../billing';
import { photoSigner } from '../uploads';
import { advanceOrder, createWorkOrder, orderSummaries } from '../workorders';
import { AccountChangeModel, type AccountChange } from './accountChange.model';
import { applicationWindow } from './applicationWindow';
import { applyEffects } from './effects';

const ORDER_TYPE = { transfer: 'accountTransfer', close: 'accountClose' } as const;

export async function applyForChange(
  deps: AppDeps,
  auth: ResidentAuth,
  body: T.ApplyAccountChangeBody,
): Promise<T.AccountChangeCreated> {
  const account = await findAccessibleAccount(auth, body.accountNo);
  const open = await AccountChangeModel.find(
    { accountNo: account.accountNo, appliedAt: { $exists: false } },
    { orderNo: 1 },
  ).lean<AccountChange[]>();
  const stillOpen = (await orderSummaries(open.map((c) => c.orderNo))).find((o) => o.state === 'open');
  if (stillOpen) throw errors.accountChangePending(stillOpen.orderNo);

  const reading = body.kind === 'transfer' ? body.handoverReading : body.finalReading;
  const last = account.meters?.[0]?.lastReading ?? 0;
  if (reading < last) throw errors.readingBelowLast(last);

  const description =
    body.kind === 'transfer'
      ? `申请过户给 ${body.newHolder.name}(${maskPhone(body.newHolder.phone)}),交接读数 ${reading}`
      : `申请销户:${body.reason};最终读数 ${reading}`;
  const { order } = await createWorkOrder(deps, auth, {
    accountNo: account.accountNo,
    type: ORDER_TYPE[body.kind],
    category: 'other',
    description,
    photos: [...body.idPhotos, ...body.propertyProofs],
    urgency: 'normal',
    approvalVia: 'accountChanges',
  });
  await AccountChangeModel.create({
    orderNo: order.orderNo,
    kind: body.kind,
    accountNo: account.accountNo,
    areaCode: account.areaCode,
    applicantUserId: auth.userId,
    appliedForAt: deps.clock.now(),
    reading,
    idPhotos: body.idPhotos,
    propertyProofs: body.propertyProofs,
    ...(body.kind === 'transfer'
      ? {
          newHolder: {
            name: body.newHolder.name,
            phone: body.newHolder.phone,
            idNumberMasked: maskIdNumber(body.newHolder.idNumber),
          },
        }
      : { reason: body.reason }),
  });
  await approveAutomatically(deps, order.orderNo, body.kind, account.accountNo);
  return { orderNo: order.orderNo, kind: body.kind };
}

/**
 * Where the utility allows it (ACCOUNT_CHANGE_AUTO_APPROVE), an application of a household that owes
 * nothing is approved at once by the system, in minutes instead of days. The decision is recorded first,
 * so a crash before the effects leaves it for the sweep.
 */
async function approveAutomatically(
  deps: AppDeps,
  orderNo: string,
  kind: 'transfer' | 'close',
  accountNo: string,
): Promise<void> {
  if (!deps.config.ACCOUNT_CHANGE_AUTO_APPROVE.includes(kind)) return;
  if ((await arrearsOf(accountNo)).count > 0) return;
  const decided = await AccountChangeModel.updateOne(
    { orderNo, 'decision.at': { $exists: false } },
    { $set: { decision: { arrears: 'settled', byName: '自动审核', at: deps.clock.now() } } },
  );
  // The application stands whatever happens next: a failure here is the sweep's to finish.
  if (decided.modifiedCount)
    await applyEffects(deps, orderNo).catch((err) =>
      deps.logger.error({ err, orderNo }, 'automatic approval: effects left to the sweep'),
    );
}

/** The approval queue (or every application) of the staff member's areas (applicationWindow.ts). */
export async function listChanges(
  deps: AppDeps,
  auth: StaffAuth,
  q: T.ListAccountChangesQuery,
): Promise<T.AccountChangeList> {
  const { rows, more, orderByNo, accountByNo, arrears } = await applicationWindow<AccountChange>(
    AccountChangeModel,
    'accountChanges',
    auth,
    q.pending,
  );
  const sign = photoSigner(deps);
  return {
    items: rows.flatMap((c) => {
      const order = orderByNo.get(c.orderNo);
      const account = accountByNo.get(c.accountNo);
      // A 开户 has no account before approval: the application names the holder and the home.
      const place = c.kind === 'open' ? c.opening : account;
      if (!order || !place || (q.pending && order.state !== 'open')) return [];
      const owed = arrears.get(c.accountNo);
      const holder = c.kind === 'open' ? c.opening?.holder : c.newHolder;
      return [
        {
          orderNo: c.orderNo,
          kind: c.kind as T.AccountChangeKind,
          accountNo: c.accountNo,
          areaCode: c.areaCode,
          holderName: place.holder?.name ?? '',
          address: place.address?.district
            ? fullAddress(place.address as Parameters<typeof fullAddress>[0])
            : '',
          orderState: order.state as T.WorkOrderState,
          orderStatus: order.status,
          ...(holder
            ? {
                newHolder: {
                  name: holder.name ?? '',
                  phoneMasked: maskPhone(holder.phone),
                  idNumberMasked: holder.idNumberMasked ?? '',
                },
              }
            : {}),
          reading: c.reading ?? 0,
          lastReading: account?.meters?.[0]?.lastReading ?? 0,
          ...(c.reason ? { reason: c.reason } : {}),
          idPhotoUrls: c.idPhotos.map((id) => sign(id).url),
          propertyProofUrls: c.propertyProofs.map((id) => sign(id).url),
          unpaidFen: owed?.amountFen ?? 0,
          unpaidCount: owed?.count ?? 0,
          ...(c.decision?.arrears ? { arrears: c.decision.arrears as 'settled' | 'carried' } : {}),
          effects: Object.fromEntries(
            Object.entries({ decidedAt: c.decision?.at, ...(c.effects ?? {}), rejectedAt: c.rejection?.at })
              .filter(([, v]) => v instanceof Date)
              .map(([k, v]) => [k, (v as Date).toISOString()]),
          ),
          ...(c.opening?.utility ? { utility: c.opening.utility as T.Utility } : {}),
          ...(c.activationOrderNo ? { activationOrderNo: c.activationOrderNo } : {}),
          ...(c.creditRefunds
            ? { creditRefundedFen: c.creditRefunds.reduce((n, r) => n + (r.amountFen ?? 0), 0) }
            : {}),
          ...(c.rejection?.reason ? { rejectionReason: c.rejection.reason } : {}),
          createdAt: c.appliedForAt.toISOString(),
        },
      ];
    }),
    more,
  };
}

/**
 * A supervisor approves: the rules are checked, the decision is recorded (once: a second approver gets
 * 409), and approval takes effect. Approving again after a crash finishes the effects and answers 200.
 */
export async function approveChange(
  deps: AppDeps,
  auth: StaffAuth,
  orderNo: string,
  body: T.ApproveAccountChangeBody,
): Promise<{ ok: true }> {
  const change = await AccountChangeModel.findOne({ orderNo }).lean<AccountChange>();
  if (!change) throw errors.accountChangeNotFound();
  assertInArea(auth, 'workOrders', change.areaCode, errors.accountChangeNotFound);
  if (change.rejection?.at) throw errors.accountChangeDecided();
  if (change.decision?.at) {
    if (change.appliedAt || change.decision.byStaffId !== auth.staffId) throw errors.accountChangeDecided();
  } else {
    const [order] = await orderSummaries([orderNo]);
    if (!order || order.state !== 'open' || order.status !== 'accepted') throw errors.accountChangeDecided();
    if (change.kind === 'open') {
      // The home was opened meanwhile (an import, another channel): a second account is refused.
      const opening = change.opening!;
      const there = await openAccountAt(opening.utility!, {
        district: opening.address!.district!,
        community: opening.address!.community!,
        building: opening.address!.building ?? '',
        unit: opening.address!.unit ?? '',
        room: opening.address!.room ?? '',
      });
      if (there && there !== change.accountNo) throw errors.alreadyOpened(there);
    } else {
      if (!body.arrears)
        throw errors.validation([
          { path: 'body.arrears', message: '请选择欠费处理方式(已结清或由新户主承接)' },
        ]);
      if (change.kind === 'close' && body.arrears === 'carried') throw errors.arrearsNotCarriable();
      const owed = await arrearsOf(change.accountNo);
      if (body.arrears === 'settled' && owed.count > 0)
        throw errors.arrearsUnsettled(owed.count, fenToYuan(owed.amountFen));
    }
    const decided = await AccountChangeModel.updateOne(
      { orderNo, 'decision.at': { $exists: false } },
      {
        $set: {
          decision: {
            ...(change.kind === 'open' ? {} : { arrears: body.arrears }),
            note: body.note,
            byStaffId: auth.staffId,
            byName: auth.username,
            at: deps.clock.now(),
          },
        },
      },
    );
    if (!decided.modifiedCount) throw errors.accountChangeDecided();
  }
  await applyEffects(deps, orderNo, {
    kind: 'staff',
    id: auth.staffId,
    roles: auth.roles,
    name: auth.username,
  });
  return { ok: true };
}

/**
 * A supervisor turns an application down with a reason: the order is cancelled with it (the resident
 * reads "申请未通过审核:<reason>" on the timeline and in the notification), nothing else changes. An
 * application already decided either way is 409.
 */
export async function rejectChange(
  deps: AppDeps,
  auth: StaffAuth,
  orderNo: string,
  body: T.RejectAccountChangeBody,
): Promise<{ ok: true }> {
  const change = await AccountChangeModel.findOne({ orderNo }).lean<AccountChange>();
  if (!change) throw errors.accountChangeNotFound();
  assertInArea(auth, 'workOrders', change.areaCode, errors.accountChangeNotFound);
  if (change.decision?.at) throw errors.accountChangeDecided();
  const [order] = await orderSummaries([orderNo]);
  if (!order || order.state !== 'open') throw errors.accountChangeDecided();
  // Recorded first; a crash before the order is cancelled leaves it open, and rejecting again finishes it.
  if (!change.rejection?.at) {
    const at = deps.clock.now();
    const rejected = await AccountChangeModel.updateOne(
      { orderNo, 'decision.at': { $exists: false }, rejection: { $exists: false } },
      {
        $set: {
          rejection: { reason: body.reason, byStaffId: auth.staffId, byName: auth.username, at },
          appliedAt: at,
        },
      },
    );
    if (!rejected.modifiedCount) throw errors.accountChangeDecided();
  }
  await advanceOrder(
    deps,
    orderNo,
    { kind: 'staff', id: auth.staffId, roles: auth.roles, name: auth.username },
    'cancel',
    change.rejection?.reason ?? body.reason,
  );
  return { ok: true };
}
