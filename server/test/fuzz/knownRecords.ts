/**
 * The fuzz portal's own records as schemathesis dictionaries (schemathesis.toml `[dictionaries]`, bound to path
 * parameters and body ids with a probability). Without them every path id the fuzzer makes up is one no record has, and an
 * operation such as 账单详情, 工单流转 or 通知发布 only ever answered 404: the code behind the lookup was never
 * fuzzed. With them, half of an operation's requests name a real record of the demo (the demo resident's
 * households, bills, orders and chats; the demo's notices, payments, imports and settings) and the other half
 * stay made up, so a wrong id is still tried.
 */
import fs from 'node:fs';
import type mongoose from 'mongoose';

type Source = { collection: string; field: string; filter?: Record<string, unknown> };

const PER_SOURCE = 6;
/** How often a bound parameter takes a real value; the rest are generated as before. */
const PROBABILITY = 0.5;

/** The dictionaries: each a kind of record, read from the demo (the newest few of each source). */
const dictionariesOf = (residentId: unknown, residentAccounts: string[]): Record<string, Source[]> => {
  const ofResident = { accountNo: { $in: residentAccounts } };
  const ids = (collection: string, filter?: Record<string, unknown>) => [
    { collection, field: '_id', filter },
  ];
  return {
    accountNo: [{ collection: 'bindings', field: 'accountNo', filter: ofResident }],
    billId: ids('bills', ofResident),
    // The resident's own orders (the only ones they may read), and the newest of all for staff.
    orderNo: [
      { collection: 'workOrders', field: 'orderNo', filter: { residentUserId: residentId } },
      { collection: 'workOrders', field: 'orderNo' },
    ],
    // Orders of one kind, for the operations on that kind: among every order above, they rarely drew one.
    supplyChangeNo: [
      {
        collection: 'workOrders',
        field: 'orderNo',
        filter: { type: { $in: ['supplySuspend', 'supplyResume'] } },
      },
    ],
    // 开户/过户/销户 applications still open: the demo's own 过户 orders are history, with no application behind them.
    accountChangeNo: [
      {
        collection: 'workOrders',
        field: 'orderNo',
        filter: { approvalVia: 'accountChanges', state: 'open' },
      },
    ],
    inspectedNo: [{ collection: 'inspectionRecords', field: 'orderNo' }],
    unreachableNo: [{ collection: 'workOrders', field: 'orderNo', filter: { unreachable: true } }],
    outTradeNo: [{ collection: 'payments', field: 'outTradeNo' }],
    billDate: [{ collection: 'tradeBillRuns', field: 'billDate' }],
    code: [{ collection: 'materials', field: 'code' }],
    year: ids('holidayYears'), // a year's document is keyed by the year
    // Not the admin's own record: changing it ends the admin's session (the fuzz file's SESSION_ENDING).
    staffId: ids('staff', { username: { $ne: 'admin' } }),
    userId: ids('users'),
    sessionId: ids('chatSessions'),
    readingId: ids('meterReadings', { status: 'pending' }),
    importId: ids('importJobs'),
    quickReplyId: ids('chatQuickReplies'),
    hallId: ids('serviceHalls'),
    guideId: ids('serviceGuides'),
    noticeId: ids('notices'),
    uploadId: ids('uploads'),
    followUpId: ids('followUps'),
    escalationId: ids('escalations'),
    planId: ids('inspectionPlans'),
    hazardId: ids('hazards'),
    appointmentId: ids('appointments'),
    slotTemplateId: ids('slotTemplates'),
    slotId: ids('slots'),
    slotHoldId: ids('slotHolds'),
    slaKey: [{ collection: 'slaPolicies', field: 'key' }],
    calendarKey: [{ collection: 'businessCalendars', field: 'key' }],
    // The work-order nodes the SLA policies time (accepted, dispatched, taken, arrived, completed…).
    nodeKey: [
      { collection: 'slaPolicies', field: 'startNode' },
      { collection: 'slaPolicies', field: 'targetNode' },
    ],
    dispatchRuleKey: [{ collection: 'dispatchRules', field: 'key' }],
    teamName: [{ collection: 'dispatchRules', field: 'team' }],
    routePrefix: ids('meterRoutes'), // a route is keyed by its area prefix
    centrePrefix: [{ collection: 'areaCentres', field: 'areaPrefix' }],
  };
};

/** Parameters (`path.x`, `body.x`) bound in every operation that has them, to a dictionary. */
const EVERYWHERE: Record<string, string> = {
  'path.accountNo': 'accountNo',
  'body.accountNo': 'accountNo',
  'path.billId': 'billId',
  'body.billId': 'billId',
  'body.billIds[*]': 'billId',
  'path.orderNo': 'orderNo',
  'body.orderNo': 'orderNo',
  'path.outTradeNo': 'outTradeNo',
  'path.billDate': 'billDate',
  'path.code': 'code',
  'path.year': 'year',
  'path.staffId': 'staffId',
  'body.assigneeId': 'staffId',
  'body.toStaffId': 'staffId',
  'body.userId': 'userId',
  'path.sessionId': 'sessionId',
  'path.readingId': 'readingId',
  'path.importId': 'importId',
  'path.quickReplyId': 'quickReplyId',
  'path.hallId': 'hallId',
  'path.guideId': 'guideId',
  'body.slotId': 'slotId',
};

/**
 * Parameters whose name means a different record in different operations (`id`, `key`, `areaPrefix`), or a
 * narrower one than everywhere else (an `orderNo` an approver acts on); these bindings win over EVERYWHERE's.
 */
const BY_OPERATION: [param: string, dictionary: string, operationIds: string[]][] = [
  [
    'path.id',
    'noticeId',
    [
      'getNotice',
      'markNoticeRead',
      'getStaffNotice',
      'updateNotice',
      'getNoticeAudience',
      'publishNotice',
      'restoreNotice',
      'cancelNotice',
      'getNoticeDelivery',
      'listNoticeDeliveries',
    ],
  ],
  ['path.id', 'uploadId', ['getPhoto', 'getPhotoThumb']],
  ['path.id', 'followUpId', ['completeFollowUp']],
  ['path.id', 'escalationId', ['acknowledgeEscalation']],
  ['path.id', 'planId', ['updateInspectionPlan', 'runInspectionPlan', 'getInspectionCompletion']],
  ['path.id', 'hazardId', ['reinspectHazard']],
  ['path.id', 'appointmentId', ['cancelAppointment', 'rescheduleAppointment']],
  ['path.id', 'slotTemplateId', ['updateSlotTemplate', 'deleteSlotTemplate']],
  ['path.id', 'slotId', ['setSlotCapacity']],
  ['path.id', 'slotHoldId', ['deleteSlotHold']],
  ['path.key', 'slaKey', ['putSlaPolicy', 'deleteSlaPolicy']],
  ['path.key', 'calendarKey', ['putCalendar']],
  // A policy is stored only when its nodes are of its type's flow and its calendar exists.
  ['body.startNode', 'nodeKey', ['putSlaPolicy']],
  ['body.targetNode', 'nodeKey', ['putSlaPolicy']],
  ['body.calendar', 'calendarKey', ['putSlaPolicy']],
  ['path.key', 'dispatchRuleKey', ['putDispatchRule', 'deleteDispatchRule']],
  // A team is renamed only when a rule or staff member names it.
  ['body.from', 'teamName', ['renameDispatchTeam']],
  ['path.orderNo', 'supplyChangeNo', ['approveSupplyChange', 'rejectSupplyChange']],
  ['path.orderNo', 'accountChangeNo', ['approveAccountChange', 'rejectAccountChange']],
  ['path.orderNo', 'inspectedNo', ['getInspectionRecord']],
  ['path.orderNo', 'unreachableNo', ['recordUnreachableFollowUp']],
  ['path.areaPrefix', 'routePrefix', ['putMeterRoute', 'deleteMeterRoute']],
  ['path.areaPrefix', 'centrePrefix', ['deleteAreaCentre']],
];

/** A TOML value: JSON's strings and numbers are TOML's too. */
const toml = (v: unknown) => JSON.stringify(v);

/**
 * Writes a schemathesis config file binding the parameters to the demo's records (those of the demo resident
 * where the resident reads them). Returns the dictionaries that found records, by name with their size.
 */
export async function writeKnownRecordsConfig(
  db: mongoose.mongo.Db,
  residentOpenid: string,
  file: string,
): Promise<Record<string, number>> {
  const resident = await db
    .collection('users')
    .findOne({ openidMp: residentOpenid }, { projection: { _id: 1 } });
  const residentAccounts = resident
    ? (await db.collection('bindings').distinct('accountNo', { userId: resident._id })).map(String)
    : [];
  const found: Record<string, number> = {};
  const lines: string[] = [];
  for (const [name, sources] of Object.entries(dictionariesOf(resident?._id, residentAccounts))) {
    const values = new Map<string, string | number>();
    for (const s of sources) {
      const docs = await db
        .collection(s.collection)
        .find(s.filter ?? {}, { projection: { [s.field]: 1 } })
        .sort({ _id: -1 })
        .limit(PER_SOURCE)
        .toArray();
      for (const v of docs.map((d) => d[s.field] as unknown))
        if (v !== undefined && v !== null) values.set(String(v), typeof v === 'number' ? v : String(v));
    }
    if (!values.size) continue;
    found[name] = values.size;
    lines.push(`[dictionaries.${name}]`, `values = ${toml([...values.values()])}`, '');
  }
  // A binding to a dictionary that found nothing would be a config error: such a parameter stays generated.
  const bind = (param: string, dictionary: string) =>
    `${toml(param)} = { dictionary = ${toml(dictionary)}, probability = ${PROBABILITY} }`;
  lines.push('[parameters]');
  for (const [param, dictionary] of Object.entries(EVERYWHERE))
    if (found[dictionary]) lines.push(bind(param, dictionary));
  lines.push('');
  // One block per operation, with all of its bindings (an operation named by two blocks would take one).
  const byOperation = new Map<string, string[]>();
  for (const [param, dictionary, operationIds] of BY_OPERATION)
    if (found[dictionary])
      for (const id of operationIds)
        byOperation.set(id, [...(byOperation.get(id) ?? []), bind(param, dictionary)]);
  for (const [id, bindings] of byOperation)
    lines.push(
      '[[operations]]',
      `include-operation-id = ${toml(id)}`,
      `parameters = { ${bindings.join(', ')} }`,
      '',
    );
  fs.writeFileSync(file, lines.join('\n'));
  return found;
}
