/**
 * 自助报数. A resident's reading is checked against the meter's last reading and the account's
 * 12-month average; staff accept or reject it; an accepted reading becomes the period's bill through
 * the account's tariff. Accepting is idempotent: repeating it finishes what a crash interrupted.
 */
import type { MeterReading, MeterReadingFlag, MeterReadingList, SubmitMeterReadingBody } from '@portal/types';
import type { AppDeps } from '../../deps';
import type { ResidentAuth, StaffAuth } from '../../platform/auth/auth';
import { actorOf, audit } from '../../platform/audit';
import { askedAreaFilter, assertInArea } from '../../platform/auth/areaScope';
import { findCounted } from '../../platform/db/page';
import { errors } from '../../platform/http/errors';
import {
  findAccessibleAccount,
  findAccount,
  recordMeterReading,
  suspensionAt,
  type Account,
} from '../accounts';
import { claimPhotos, photoSigner } from '../uploads';
import { BillModel, type BillDoc } from './bill.model';
import { MeterReadingModel, type MeterReadingDoc } from './meterReading.model';
import { priceUsage } from './pricing';
import { addDays, addMonths, dayEnd, dayOf, monthOf } from '../../platform/time';

const round3 = (n: number) => Math.round(n * 1000) / 1000;

export function toMeterReading(r: MeterReadingDoc): MeterReading {
  return {
    id: r._id.toString(),
    accountNo: r.accountNo,
    meterNo: r.meterNo,
    reading: r.reading,
    previousReading: r.previousReading ?? undefined,
    usage: r.usage ?? undefined,
    photoId: r.photoId,
    status: r.status as MeterReading['status'],
    submittedAt: r.submittedAt.toISOString(),
    reviewedAt: r.reviewedAt?.toISOString(),
    reviewNote: r.reviewNote ?? undefined,
    billId: r.billId?.toString(),
  };
}

/** Average monthly usage over the 12 billed periods before `period` (0 when there is no history). */
async function monthlyAverage(accountNo: string, period: string): Promise<number> {
  const rows = await BillModel.find(
    {
      accountNo,
      billType: 'usage',
      period: { $gte: addMonths(period, -12), $lt: period },
      usage: { $gt: 0 },
    },
    { usage: 1 },
  ).lean<BillDoc[]>();
  return rows.length ? rows.reduce((n, r) => n + (r.usage ?? 0), 0) / rows.length : 0;
}

async function lastAccepted(accountNo: string, meterNo: string): Promise<MeterReadingDoc | null> {
  return MeterReadingModel.findOne({ accountNo, meterNo, status: 'accepted' })
    .sort({ reading: -1 })
    .lean<MeterReadingDoc>();
}

export type CheckedReading = { meterNo: string; reading: number; previous: number; usage: number };

/**
 * A reading checked against the meter's last reading and the account's 12-month average: what
 * submitting it would record. The trial bill (试算) runs the same check, so it refuses what submit would.
 */
export async function checkReading(
  deps: AppDeps,
  account: Account,
  body: { meterNo?: string; reading: number },
): Promise<CheckedReading> {
  const meter = body.meterNo ? account.meters.find((m) => m.meterNo === body.meterNo) : account.meters[0];
  if (!meter) throw errors.validation([{ path: 'body.meterNo', message: '该户号下没有这块表' }]);
  const reading = round3(body.reading);
  const accepted = await lastAccepted(account.accountNo, meter.meterNo);
  const previous = Math.max(meter.lastReading ?? 0, accepted?.reading ?? 0);
  if (reading < previous) {
    throw errors.readingBelowLast(previous);
  }
  const now = deps.clock.now();
  const usage = round3(reading - previous);
  const average = await monthlyAverage(account.accountNo, monthOf(now));
  const lastAt = accepted?.submittedAt ?? meter.lastReadingAt;
  const months = lastAt ? Math.max(1, Math.round((now.getTime() - lastAt.getTime()) / (30 * 86_400_000))) : 1;
  const limit = average * deps.config.METER_READING_MAX_FACTOR * months;
  if (average > 0 && usage > limit) {
    throw errors.readingImplausible(usage, round3(average));
  }
  return { meterNo: meter.meterNo, reading, previous, usage };
}

export async function submitMeterReading(
  deps: AppDeps,
  auth: ResidentAuth,
  body: SubmitMeterReadingBody,
): Promise<MeterReading> {
  const account = await findAccessibleAccount(auth, body.accountNo);
  await claimPhotos(auth, [body.photoId], account.accountNo);
  const { meterNo, reading, previous, usage } = await checkReading(deps, account, body);
  const now = deps.clock.now();
  const doc = await MeterReadingModel.create({
    accountNo: account.accountNo,
    areaCode: account.areaCode,
    meterNo,
    reading,
    previousReading: previous,
    usage,
    photoId: body.photoId,
    submittedBy: auth.userId,
    status: 'pending',
    submittedAt: now,
  });
  return toMeterReading(doc.toObject() as MeterReadingDoc);
}

/** How far above the usual monthly usage a reading must be before the review queue flags it. */
const ABOVE_USUAL_FACTOR = 2;
const HISTORY_SHOWN = 6;

/**
 * The review queue: each reading with its photo behind a signed link, the account's recent readings and
 * the plausibility flags. Three queries for the whole page, whatever its size (no per-row lookups).
 */
export async function listMeterReadings(
  deps: AppDeps,
  staff: StaffAuth,
  q: { page: number; pageSize: number; status?: string; areaCode?: string },
): Promise<MeterReadingList> {
  const area = askedAreaFilter(staff, 'meterReadings', q.areaCode);
  const filter: Record<string, unknown> = q.status ? { $and: [{ status: q.status }, area] } : area;
  const { items: rows, ...counted } = await findCounted<MeterReadingDoc>(MeterReadingModel, filter, {
    sort: { submittedAt: 1 },
    skip: (q.page - 1) * q.pageSize,
    limit: q.pageSize,
    countUpTo: deps.config.LIST_COUNT_UP_TO,
  });
  const accountNos = [...new Set(rows.map((r) => r.accountNo))];
  const periods = [...new Set(rows.map((r) => monthOf(r.submittedAt)))];
  const oldest = periods.reduce((a, b) => (a < b ? a : b), monthOf(deps.clock.now()));
  const [history, bills] = await Promise.all([
    accountNos.length
      ? MeterReadingModel.find(
          { accountNo: { $in: accountNos } },
          { accountNo: 1, meterNo: 1, reading: 1, usage: 1, status: 1, submittedAt: 1 },
        )
          .sort({ submittedAt: -1 })
          .limit(accountNos.length * 24)
          .lean<MeterReadingDoc[]>()
      : [],
    accountNos.length
      ? BillModel.find(
          { accountNo: { $in: accountNos }, billType: 'usage', period: { $gte: addMonths(oldest, -12) } },
          { accountNo: 1, period: 1, usage: 1, meterReadingId: 1 },
        ).lean<BillDoc[]>()
      : [],
  ]);
  const sign = photoSigner(deps);
  const items = rows.map((r) => {
    const period = monthOf(r.submittedAt);
    const mine = history.filter((h) => h.accountNo === r.accountNo && String(h._id) !== String(r._id));
    const earlier = mine.filter((h) => h.submittedAt <= r.submittedAt).slice(0, HISTORY_SHOWN);
    const accepted = mine
      .filter((h) => h.status === 'accepted' && h.meterNo === r.meterNo)
      .map((h) => h.reading);
    const past = bills.filter(
      (b) =>
        b.accountNo === r.accountNo &&
        b.period >= addMonths(period, -12) &&
        b.period < period &&
        (b.usage ?? 0) > 0,
    );
    const usual = past.length ? round3(past.reduce((n, b) => n + (b.usage ?? 0), 0) / past.length) : 0;
    const flags: MeterReadingFlag[] = [];
    if (accepted.some((x) => x > r.reading)) flags.push('below_last');
    if (usual > 0 && (r.usage ?? 0) > usual * ABOVE_USUAL_FACTOR) flags.push('above_usual');
    if (r.status === 'pending' && bills.some((b) => b.accountNo === r.accountNo && b.period === period))
      flags.push('period_billed');
    return {
      ...toMeterReading(r),
      areaCode: r.areaCode,
      photo: sign(r.photoId),
      flags,
      usualMonthlyUsage: usual,
      history: earlier.map((h) => ({
        id: String(h._id),
        meterNo: h.meterNo,
        reading: h.reading,
        usage: h.usage ?? undefined,
        status: h.status as MeterReading['status'],
        submittedAt: h.submittedAt.toISOString(),
      })),
    };
  });
  return { items, ...counted, page: q.page, pageSize: q.pageSize };
}

/** A household's own readings, newest first, each with its status and the reason when it was rejected. */
export async function listMyMeterReadings(
  auth: ResidentAuth,
  accountNo: string,
): Promise<{ items: MeterReading[] }> {
  const account = await findAccessibleAccount(auth, accountNo);
  const rows = await MeterReadingModel.find({ accountNo: account.accountNo })
    .sort({ submittedAt: -1 })
    .limit(24)
    .lean<MeterReadingDoc[]>();
  return { items: rows.map(toMeterReading) };
}

/** A reading outside the staff member's areas is "not found", like a missing one. */
async function assertReadingInArea(staff: StaffAuth, id: string): Promise<void> {
  const r = await MeterReadingModel.findById(id, { areaCode: 1 }).lean<{ areaCode?: string }>();
  if (!r) throw errors.meterReadingNotFound();
  assertInArea(staff, 'meterReadings', r.areaCode, errors.meterReadingNotFound);
}

export async function rejectMeterReading(
  deps: AppDeps,
  staff: StaffAuth,
  id: string,
  note: string,
  requestId?: string,
): Promise<MeterReading> {
  await assertReadingInArea(staff, id);
  const now = deps.clock.now();
  const r = await MeterReadingModel.findOneAndUpdate(
    { _id: id, status: 'pending' },
    { $set: { status: 'rejected', reviewedBy: staff.staffId, reviewedAt: now, reviewNote: note } },
    { new: true },
  ).lean<MeterReadingDoc>();
  if (!r) {
    const exists = await MeterReadingModel.exists({ _id: id });
    if (!exists) throw errors.meterReadingNotFound();
    throw errors.meterReadingReviewed();
  }
  await audit.record({
    actor: actorOf(staff),
    action: 'meterReading.reject',
    target: { kind: 'meterReading', id },
    after: { note },
    requestId,
  });
  return toMeterReading(r);
}

/**
 * A pending reading whose period already has a usage bill (from another reading or an import) is refused:
 * the bill would not change, so its usage would never be charged. Rejected, it is counted in next period's.
 */
async function assertPeriodOpen(id: string): Promise<void> {
  const r = await MeterReadingModel.findById(id, {
    accountNo: 1,
    submittedAt: 1,
    status: 1,
  }).lean<MeterReadingDoc>();
  if (!r || r.status !== 'pending') return;
  const period = monthOf(r.submittedAt);
  const billed = await BillModel.exists({
    accountNo: r.accountNo,
    period,
    billType: 'usage',
    meterReadingId: { $ne: r._id },
  });
  if (billed) throw errors.meterReadingPeriodBilled(period);
}

export async function acceptMeterReading(
  deps: AppDeps,
  staff: StaffAuth,
  id: string,
  note: string | undefined,
  requestId?: string,
): Promise<MeterReading> {
  await assertReadingInArea(staff, id);
  await assertPeriodOpen(id);
  const now = deps.clock.now();
  const moved = await MeterReadingModel.findOneAndUpdate(
    { _id: id, status: 'pending' },
    {
      $set: {
        status: 'accepted',
        reviewedBy: staff.staffId,
        reviewedAt: now,
        ...(note ? { reviewNote: note } : {}),
      },
    },
    { new: true },
  ).lean<MeterReadingDoc>();
  const r = moved ?? (await MeterReadingModel.findById(id).lean<MeterReadingDoc>());
  if (!r) throw errors.meterReadingNotFound();
  if (r.status !== 'accepted') throw errors.meterReadingReviewed();
  if (!moved && r.billId) return toMeterReading(r); // already complete
  if (moved) {
    await audit.record({
      actor: actorOf(staff),
      action: 'meterReading.accept',
      target: { kind: 'meterReading', id },
      after: { reading: r.reading },
      requestId,
    });
  }
  await recordMeterReading({
    accountNo: r.accountNo,
    meterNo: r.meterNo,
    reading: r.reading,
    at: r.submittedAt,
  });
  const bill = await billFromReading(deps, r);
  const done = await MeterReadingModel.findOneAndUpdate(
    { _id: id },
    { $set: { billId: bill?._id } },
    { new: true },
  ).lean<MeterReadingDoc>();
  return toMeterReading(done!);
}

/** The period's usage bill from an accepted reading (once per account and period: upsert). */
export async function billFromReading(deps: AppDeps, r: MeterReadingDoc): Promise<BillDoc | null> {
  const account = await findAccount(r.accountNo);
  if (!account) return null;
  const period = monthOf(r.submittedAt);
  const utility = account.utility as 'gas' | 'water' | 'heating';
  const { items, areaPriced } = await priceUsage(account, period, r.usage ?? 0);
  // Heating priced by area is charged per season; its readings are recorded, never billed.
  if (areaPriced) return null;
  // 报停 (gas/water, valve closed and sealed): no usage is billed for the suspended period.
  if (suspensionAt(account, r.submittedAt)) return null;
  const now = deps.clock.now();
  await BillModel.updateOne(
    { accountNo: r.accountNo, period, utility, billType: 'usage' },
    {
      $setOnInsert: {
        accountNo: r.accountNo,
        areaCode: account.areaCode,
        utility,
        period,
        billType: 'usage',
        items,
        amountDue: items.reduce((n, i) => n + i.amountFen, 0),
        usage: r.usage,
        readingFrom: r.previousReading,
        readingTo: r.reading,
        meterReadingId: r._id,
        dueDate: dayEnd(addDays(dayOf(now), deps.config.BILL_DUE_DAYS)),
        status: 'unpaid',
        issuedAt: now,
      },
    },
    { upsert: true },
  ).catch((e: { code?: number }) => {
    if (e.code !== 11000) throw e;
  });
  return BillModel.findOne({ accountNo: r.accountNo, period, utility, billType: 'usage' }).lean<BillDoc>();
}
