/**
 * The technician's inspection form for one 安检 order: the utility's checklist answered item by item,
 * readings, photos, the resident's drawn signature (an upload) and the 隐患 found. Submitting it records
 * the inspection and completes the order in one call; a retry after a lost answer lands on the same
 * record and the same hazards (keyed by order and position), never on copies.
 */
import type * as T from '@portal/types';
import type { AppDeps } from '../../../deps';
import type { StaffAuth } from '../../../platform/auth/auth';
import { actorOf as auditActor, audit } from '../../../platform/audit';
import { errors, type FieldProblem } from '../../../platform/http/errors';
import { dayEnd } from '../../../platform/time';
import { claimPhotos, photoSigner } from '../../uploads';
import { findAccount, staffCard } from '../../accounts';
import { transition } from '../orders/engine';
import { actorOf, findAccessibleOrder, viewFor } from '../orders/workorder.service';
import { checklistOf } from './checklist.service';
import { HazardModel } from './hazard.model';
import { InspectionRecordModel, type InspectionRecordDoc } from './inspectionRecord.model';

const hazardKey = (orderNo: string, i: number) => `${orderNo}#${String(i).padStart(2, '0')}`;

/** Every item of the checklist answered once, nothing else: problems name the field. */
function checklistProblems(items: T.ChecklistItem[], answers: T.ChecklistAnswer[]): FieldProblem[] {
  const known = new Set(items.map((i) => i.key));
  const problems: FieldProblem[] = [];
  const seen = new Set<string>();
  answers.forEach((a, i) => {
    if (!known.has(a.key))
      problems.push({ path: `body.checklist.${i}.key`, message: '该检查项不在本行业的安检清单中' });
    else if (seen.has(a.key)) problems.push({ path: `body.checklist.${i}.key`, message: '检查项重复' });
    seen.add(a.key);
  });
  const missing = items.filter((i) => !seen.has(i.key));
  if (missing.length)
    problems.push({
      path: 'body.checklist',
      message: `还有检查项未填写:${missing.map((m) => m.label).join('、')}`,
    });
  return problems;
}

export async function submitInspection(
  deps: AppDeps,
  auth: StaffAuth,
  orderNo: string,
  body: T.SubmitInspectionBody,
  requestId?: string,
) {
  const order = await findAccessibleOrder(auth, orderNo);
  if (order.type !== 'inspection') throw errors.notAnInspection();
  if (order.assigneeId !== auth.staffId) throw errors.notYourOrderAction();
  if (order.state !== 'open' || order.status !== 'processing')
    throw errors.invalidTransition(order.status === 'completed' ? '已完工' : '未开始安检');
  const utility = (order.utility ?? 'gas') as T.Utility;
  const items = await checklistOf(utility);
  const now = deps.clock.now();
  const problems = checklistProblems(items, body.checklist);
  body.hazards.forEach((h, i) => {
    if (dayEnd(h.rectifyBy) < now)
      problems.push({ path: `body.hazards.${i}.rectifyBy`, message: '整改期限不能早于今天' });
  });
  if (problems.length) throw errors.validation(problems);

  await claimPhotos(
    auth,
    [...body.photos, body.signaturePhotoId, ...body.hazards.flatMap((h) => h.photos)],
    order.accountNo,
  );
  const [account, me] = await Promise.all([findAccount(order.accountNo), staffCard(auth.staffId)]);
  const inspectorName = me?.name ?? auth.username;
  const hazardBase = {
    orderNo,
    accountNo: order.accountNo,
    address: order.address,
    areaCode: order.areaCode,
    customerType: account?.customerType ?? 'residential',
    utility,
    foundAt: now,
    foundById: auth.staffId,
    foundByName: inspectorName,
    status: 'open' as const,
  };
  // Hazards first, keyed by position: a retry replaces them; positions the retry no longer has go.
  if (body.hazards.length)
    await HazardModel.bulkWrite(
      body.hazards.map((h, i) => ({
        updateOne: {
          filter: { sourceKey: hazardKey(orderNo, i) },
          update: {
            $set: { ...hazardBase, ...h, rectifyDueAt: dayEnd(h.rectifyBy) },
          },
          upsert: true,
        },
      })),
    );
  await HazardModel.deleteMany({
    orderNo,
    sourceKey: { $nin: body.hazards.map((_, i) => hazardKey(orderNo, i)) },
  });
  const hazardIds = (
    await HazardModel.find({ orderNo }, { _id: 1, sourceKey: 1 }).sort({ sourceKey: 1 }).lean()
  ).map((h) => String(h._id));
  const label = new Map(items.map((i) => [i.key, i.label]));
  const record: InspectionRecordDoc = {
    orderNo,
    accountNo: order.accountNo,
    areaCode: order.areaCode,
    utility,
    checklist: body.checklist.map((a) => ({ ...a, label: label.get(a.key)! })),
    readings: body.readings,
    photos: body.photos,
    signaturePhotoId: body.signaturePhotoId,
    hazardIds,
    inspectedAt: now,
    inspectorId: auth.staffId,
    inspectorName,
  };
  await InspectionRecordModel.replaceOne({ orderNo }, record, { upsert: true });

  const failed = record.checklist.filter((c) => c.result === 'fail').length;
  const updated = await transition(deps, order, actorOf(auth), {
    action: 'complete',
    note:
      body.note ??
      `入户安检完成:${record.checklist.length} 项检查,${failed} 项不合格,登记隐患 ${hazardIds.length} 处`,
    photos: body.photos,
  });
  await audit.record({
    actor: auditActor(auth),
    action: 'inspection.submit',
    target: { kind: 'workOrder', id: orderNo },
    before: null,
    after: { checklistFailed: failed, hazardIds, readings: body.readings },
    requestId,
    at: now,
  });
  return { record: recordView(deps, record), order: await viewFor(deps, auth, updated) };
}

export function recordView(deps: AppDeps, r: InspectionRecordDoc): T.InspectionRecord {
  const sign = photoSigner(deps);
  return {
    orderNo: r.orderNo,
    accountNo: r.accountNo,
    utility: r.utility,
    checklist: r.checklist.map((c) => ({
      key: c.key,
      label: c.label,
      result: c.result,
      ...(c.note ? { note: c.note } : {}),
    })),
    readings: {
      ...(r.readings.meter != null ? { meter: r.readings.meter } : {}),
      ...(r.readings.pressureKpa != null ? { pressureKpa: r.readings.pressureKpa } : {}),
      ...(r.readings.leakPpm != null ? { leakPpm: r.readings.leakPpm } : {}),
    },
    photoUrls: r.photos.map((p) => sign(p).url),
    signatureUrl: sign(r.signaturePhotoId).url,
    hazardIds: r.hazardIds,
    inspectedAt: r.inspectedAt.toISOString(),
    inspectorName: r.inspectorName,
  };
}

/** The record of an inspection order, for whoever may see the order (staff); 404 when none was submitted. */
export async function getInspectionRecord(deps: AppDeps, auth: StaffAuth, orderNo: string) {
  const order = await findAccessibleOrder(auth, orderNo);
  if (order.type !== 'inspection') throw errors.notAnInspection();
  const r = await InspectionRecordModel.findOne({ orderNo }).lean<InspectionRecordDoc>();
  if (!r) throw errors.inspectionRecordNotFound();
  return recordView(deps, r);
}
