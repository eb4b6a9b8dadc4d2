/**
 * The role × area matrix (areaMatrix.test.ts): every staff operation in /openapi.json is here, once.
 * AREA_RECORDS are the direct lookups and actions on a household's customer record, work order or SLA
 * escalation: a staff member whose role the route allows, but who serves another area, gets that record's
 * 404 (its existence is not confirmed). AREA_FREE lists every other staff operation with why this matrix
 * does not walk it. A new staff operation fails the count until it is placed in one of the two.
 */
import type { ErrorCode } from '@portal/types/src/errorCodes';
import type { AreaPolicy } from '../../src/platform/auth/areaScope';

export type AreaRecordCase = {
  /** The area policy of platform/auth/areaScope.ts that decides who serves the whole city. */
  policy: AreaPolicy;
  /** The answer to a staff member of another area. */
  expect: ErrorCode;
  /** Sample input; '$accountNo', '$orderNo', '$escalationId', '$userId' are replaced. */
  body?: unknown;
  params?: Record<string, string>;
};

const customer = (body?: unknown): AreaRecordCase => ({
  policy: 'customers',
  expect: 'ACCOUNT_NOT_FOUND',
  body,
});

export const AREA_RECORDS: Record<string, AreaRecordCase> = {
  getCustomer360: customer(),
  addCustomerNote: customer({ text: '上门核实表具' }),
  revealCustomerPhone: customer(),
  updateCustomer: customer({ specialNeeds: '独居老人' }),
  unbindResident: customer({ userId: '$userId', reason: '已过户' }),
  getUsageHistory: customer(),
  getUsageAnalysis: customer(),
  issueHeatingSeasonBill: {
    policy: 'collection',
    expect: 'ACCOUNT_NOT_FOUND',
    body: { season: '2026-2027' },
  },
  getAccountQr: { policy: 'qr', expect: 'ACCOUNT_NOT_FOUND' },
  getAccountQrImage: { policy: 'qr', expect: 'ACCOUNT_NOT_FOUND' },
  revokeAccountQr: { policy: 'qr', expect: 'ACCOUNT_NOT_FOUND' },
  createWorkOrder: {
    policy: 'workOrders',
    expect: 'ACCOUNT_NOT_FOUND',
    body: {
      accountNo: '$accountNo',
      type: 'repair',
      category: 'indoorFault',
      description: '客户来电:厨房有燃气味',
      contactPhone: '13811112222',
    },
  },
  getWorkOrder: { policy: 'workOrders', expect: 'ORDER_NOT_FOUND' },
  transitionWorkOrder: {
    policy: 'workOrders',
    expect: 'ORDER_NOT_FOUND',
    body: { action: 'cancel', note: '客户取消' },
  },
  recordOrderWork: {
    policy: 'workOrders',
    expect: 'ORDER_NOT_FOUND',
    body: { materials: [], labourMinutes: 30 },
  },
  acknowledgeEscalation: {
    policy: 'escalations',
    expect: 'ESCALATION_NOT_FOUND',
    params: { id: '$escalationId' },
  },
};

const each = (ids: string[], why: string) => Object.fromEntries(ids.map((id) => [id, why]));

/** Staff operations this matrix does not walk, and why. */
export const AREA_FREE: Record<string, string> = {
  ...each(
    [
      'listSlotTemplates',
      'createSlotTemplate',
      'updateSlotTemplate',
      'deleteSlotTemplate',
      'generateSlots',
      'setSlotCapacity',
      'listSlotHolds',
      'createSlotHold',
      'deleteSlotHold',
    ],
    'booking capacity: no household record; each is checked against the caller’s areas in the service (capacity.test.ts)',
  ),
  ...each(
    ['getMyShift', 'setMyShift', 'reportMyPosition'],
    'the technician’s own shift and position (an order named must be their own)',
  ),
  ...each(
    ['getTechnicianBoard', 'getOrderCosts', 'listOrderCostOrders'],
    'lists filtered to the caller’s areas; another area’s order or area answers 404 / 403 (fieldWork.test.ts)',
  ),
  ...each(
    [
      'listAreaCentres',
      'putAreaCentre',
      'deleteAreaCentre',
      'listMaterials',
      'createMaterial',
      'updateMaterial',
    ],
    'configuration (area centres, materials catalogue): no household record',
  ),
  ...each(['getStaffMe'], 'the caller’s own profile (open to every staff member by design)'),
  ...each(
    [
      'listAllServiceHalls',
      'createServiceHall',
      'updateServiceHall',
      'deleteServiceHall',
      'listAllServiceGuides',
      'createServiceGuide',
      'updateServiceGuide',
      'deleteServiceGuide',
    ],
    'information pages (营业网点, 业务指南): company-wide, admin only, no household record',
  ),
  ...each(
    ['listStaff', 'createStaff', 'updateStaff', 'listAuditLog'],
    'people and the audit log: admin only, a city-wide role',
  ),
  ...each(
    [
      'listDispatchRules',
      'listDispatchTeams',
      'renameDispatchTeam',
      'putDispatchRule',
      'deleteDispatchRule',
      'dryRunDispatch',
      'listSlaPolicies',
      'putSlaPolicy',
      'deleteSlaPolicy',
      'getNodeConfig',
      'putNodeConfig',
      'listCalendars',
      'putCalendar',
      'getHolidayCalendar',
      'getHolidayYear',
      'putHolidayYear',
      'deleteHolidayYear',
      'getPortalSettings',
      'updatePortalSettings',
      'importHolidays',
      'listMessageTemplates',
      'updateMessageTemplate',
      'listWechatTemplates',
      'createSlots',
      'listSlots',
      'listQuickReplies',
      'createQuickReply',
      'updateQuickReply',
      'deleteQuickReply',
      'listInspectionChecklists',
      'replaceInspectionChecklist',
    ],
    'configuration (rules, calendars, templates, slots, quick replies): no household record',
  ),
  ...each(
    ['importAccounts', 'importBills', 'listImports', 'getImport', 'cancelImport', 'downloadImportReport'],
    'bulk imports: admin only, a city-wide role',
  ),
  ...each(
    [
      'searchCustomers',
      'listAreas',
      'listWorkOrders',
      'listEscalations',
      'listFollowUps',
      'listMeterRoutes',
      'listArrears',
      'getCollectionRate',
      'listAccountQrs',
      'getQrSheet',
      'listStaffPayments',
      'listMeterReadings',
      'listBills',
      'listChatSessions',
      'getChatQueue',
      'listInspectionPlans',
      'listHazards',
      'getHazardStats',
      'listUnreachableHouseholds',
      'getKpis',
      'getKpiDrilldown',
      'exportKpis',
      'listKpiAlerts',
      'listAccountChanges',
      'listSupplyChanges',
      'runTradeBillReconciliation',
      'getTradeBillReconciliation',
      'exportReceipts',
    ],
    'a list or report: narrowed to the caller’s areas by areaFilter, tested in its feature',
  ),
  ...each(
    [
      'runKpiRollup',
      'runReconciliation',
      'createInspectionPlan',
      'runInspectionPlan',
      'getInspectionCompletion',
    ],
    'a batch job or plan run by managers and admins over the areas they choose',
  ),
  ...each(
    [
      'getBill',
      'getBillDetail',
      'getBillInvoice',
      'getReceiptLink',
      'getPayment',
      'getStaffPayment',
      'refundPayment',
      'acceptMeterReading',
      'rejectMeterReading',
      'bookAppointment',
      'cancelAppointment',
      'rescheduleAppointment',
      'completeFollowUp',
      'approveAccountChange',
      'rejectAccountChange',
      'approveSupplyChange',
      'rejectSupplyChange',
    ],
    'a bill, payment, reading, appointment or follow-up: area-checked in its feature’s tests (paymentsDesk, meterReadings, service, followUps, accountChanges, accountChanges/supply), not in this matrix',
  ),
  ...each(
    ['putMeterRoute', 'deleteMeterRoute'],
    'a 抄表区段 named by its area prefix, not a household record: area-checked in kpi/cockpitAdditions.test.ts',
  ),
  ...each(
    [
      'getChatSession',
      'listChatMessages',
      'sendChatMessage',
      'markChatRead',
      'closeChatSession',
      'pickChatSession',
      'transferChatSession',
      'createWorkOrderFromChat',
      'getChatAgentStatus',
      'setChatAgentStatus',
    ],
    'the online desk is one queue for the whole city (areaScope chat policy); other roles get 404 (chat.access.ts)',
  ),
  ...each(
    [
      'listStaffNotices',
      'getStaffNotice',
      'createNotice',
      'updateNotice',
      'previewNoticeAudience',
      'publishNotice',
      'cancelNotice',
      'restoreNotice',
      'getNoticeAudience',
      'getNoticeDelivery',
      'listNoticeDeliveries',
    ],
    'outage notices are composed by operations for any area of the city; no household record',
  ),
  ...each(
    [
      'updateInspectionPlan',
      'submitInspection',
      'getInspectionRecord',
      'reinspectHazard',
      'recordUnreachableFollowUp',
    ],
    'an inspection plan, record, hazard or unreachable household: area-checked in workorders/hazards.test.ts',
  ),
  ...each(['uploadPhoto'], 'stores a new photo; naming photos is access/photoOwnership.test.ts'),
};
