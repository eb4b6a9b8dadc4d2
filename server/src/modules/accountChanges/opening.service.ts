/**
 * 开户 online: a resident without an account applies for one at a home in a known area, as its holder,
 * with their documents (ID photo, property certificate or lease: photos they uploaded themselves). A 户号
 * is reserved at once and the application is a work order of type accountOpen filed under it, so its
 * timeline and notifications are the order's (the applicant alone hears). A supervisor approves it
 * (accountChange.service: approveChange) or turns it down with a reason; approval takes effect in
 * openingEffects.ts. Opening a home twice is refused: an account not closed there, or an application
 * still open for it.
 */
import type * as T from '@portal/types';
import type { AppDeps } from '../../deps';
import type { ResidentAuth } from '../../platform/auth/auth';
import { errors } from '../../platform/http/errors';
import { maskIdNumber, maskPhone } from '../../platform/mask';
import { knownArea, openAccountAt, openingAreas, reserveAccountNo } from '../accounts';
import { claimPhotos } from '../uploads';
import { createWorkOrder, orderSummaries } from '../workorders';
import { AccountChangeModel, type AccountChange } from './accountChange.model';

const UTILITY_NAMES = { gas: '燃气', water: '用水', heating: '供热' } as const;

export async function listOpeningAreas(): Promise<T.OpeningAreaList> {
  return { items: await openingAreas() };
}

export async function applyForOpening(
  deps: AppDeps,
  auth: ResidentAuth,
  body: T.ApplyAccountOpeningBody,
): Promise<T.AccountChangeCreated> {
  const area = await knownArea(body.areaCode);
  if (!area) throw errors.openingAreaUnknown();
  const address = { ...area, building: body.building, unit: body.unit, room: body.room };
  const existing = await openAccountAt(body.utility, address);
  if (existing) throw errors.alreadyOpened(existing);
  // An application for the same home still waiting (by anyone): one opening at a time.
  const waiting = await AccountChangeModel.find(
    {
      kind: 'open',
      appliedAt: { $exists: false },
      'opening.utility': body.utility,
      areaCode: body.areaCode,
      'opening.address.building': body.building,
      'opening.address.unit': body.unit,
      'opening.address.room': body.room,
    },
    { orderNo: 1 },
  ).lean<AccountChange[]>();
  const stillOpen = (await orderSummaries(waiting.map((c) => c.orderNo))).find((o) => o.state === 'open');
  if (stillOpen) throw errors.openingPending(stillOpen.orderNo);
  // The documents are the applicant's own uploads (a photo of a household they are bound to is not).
  await claimPhotos(auth, [...body.idPhotos, ...body.propertyProofs], undefined, { ownOnly: true });

  const accountNo = await reserveAccountNo();
  const holder = { name: body.holder.name, phone: body.holder.phone };
  const { order } = await createWorkOrder(deps, auth, {
    accountNo,
    type: 'accountOpen',
    category: 'other',
    description: `申请${UTILITY_NAMES[body.utility]}开户:户主 ${body.holder.name}(${maskPhone(body.holder.phone)}),预分配户号 ${accountNo}`,
    photos: [...body.idPhotos, ...body.propertyProofs],
    urgency: 'normal',
    contactName: holder.name,
    contactPhone: holder.phone,
    approvalVia: 'accountChanges',
    newAccount: { accountNo, areaCode: body.areaCode, utility: body.utility, address, holder },
  });
  await AccountChangeModel.create({
    orderNo: order.orderNo,
    kind: 'open',
    accountNo,
    areaCode: body.areaCode,
    applicantUserId: auth.userId,
    appliedForAt: deps.clock.now(),
    idPhotos: body.idPhotos,
    propertyProofs: body.propertyProofs,
    opening: {
      utility: body.utility,
      address,
      holder: { ...holder, idNumberMasked: maskIdNumber(body.holder.idNumber) },
    },
  });
  return { orderNo: order.orderNo, kind: 'open' };
}
