/**
 * GENERATED from the server's route declarations by `npm run generate:operations`: do not edit.
 * server/test/platform/operationMap.test.ts fails when this file is out of date.
 *
 * `operations`: every operationId with its method, path, who may call it (`access`), and whether it
 * answers a file (`raw`: content type) or takes one (`upload`: multipart field), and whether each call
 * carries an Idempotency-Key (`idempotencyKey`). Plain data, no zod.
 * `OperationTypes`: its path params, query, body (what a client sends: z.input) and response (z.output),
 * named by their schemas in this package; `unknown` response: the operation declares none.
 */
import type { z } from './zod';
import type * as T from './index';

export const operations = {
  acceptMeterReading: { method: 'POST', path: '/api/staff/meter-readings/:readingId/accept', access: 'staff' },
  acknowledgeEscalation: { method: 'POST', path: '/api/escalations/:id/acknowledge', access: 'staff' },
  addCustomerNote: { method: 'POST', path: '/api/staff/customers/:accountNo/notes', access: 'staff' },
  applyAccountChange: { method: 'POST', path: '/api/account-changes', access: 'resident' },
  applyAccountOpening: { method: 'POST', path: '/api/account-openings', access: 'resident' },
  applySupplyChange: { method: 'POST', path: '/api/supply-changes', access: 'resident' },
  approveAccountChange: { method: 'POST', path: '/api/staff/account-changes/:orderNo/approve', access: 'staff' },
  approveSupplyChange: { method: 'POST', path: '/api/staff/supply-changes/:orderNo/approve', access: 'staff' },
  bindAccount: { method: 'POST', path: '/api/accounts/bind', access: 'resident' },
  bookAppointment: { method: 'POST', path: '/api/appointments', access: 'residentOrStaff' },
  cancelAppointment: { method: 'DELETE', path: '/api/appointments/:id', access: 'residentOrStaff' },
  cancelImport: { method: 'POST', path: '/api/staff/imports/:importId/cancel', access: 'staff' },
  cancelNotice: { method: 'POST', path: '/api/staff/notices/:id/cancel', access: 'staff' },
  captureMyPhone: { method: 'POST', path: '/api/me/phone', access: 'resident' },
  closeChatSession: { method: 'POST', path: '/api/chat/sessions/:sessionId/close', access: 'residentOrStaff' },
  completeFollowUp: { method: 'POST', path: '/api/follow-ups/:id/complete', access: 'staff' },
  createInspectionPlan: { method: 'POST', path: '/api/inspection-plans', access: 'staff' },
  createMaterial: { method: 'POST', path: '/api/materials', access: 'staff' },
  createNotice: { method: 'POST', path: '/api/staff/notices', access: 'staff' },
  createPayment: { method: 'POST', path: '/api/payments', access: 'resident' },
  createQuickReply: { method: 'POST', path: '/api/chat/quick-replies', access: 'staff' },
  createServiceGuide: { method: 'POST', path: '/api/staff/service-guides', access: 'staff' },
  createServiceHall: { method: 'POST', path: '/api/staff/service-halls', access: 'staff' },
  createSlotHold: { method: 'POST', path: '/api/slot-holds', access: 'staff' },
  createSlots: { method: 'POST', path: '/api/slots', access: 'staff' },
  createSlotTemplate: { method: 'POST', path: '/api/slot-templates', access: 'staff' },
  createStaff: { method: 'POST', path: '/api/staff/users', access: 'staff' },
  createWorkOrder: { method: 'POST', path: '/api/work-orders', access: 'residentOrStaff' },
  createWorkOrderFromChat: { method: 'POST', path: '/api/chat/sessions/:sessionId/work-orders', access: 'staff' },
  deleteAreaCentre: { method: 'DELETE', path: '/api/admin/area-centres/:areaPrefix', access: 'staff' },
  deleteDispatchRule: { method: 'DELETE', path: '/api/admin/dispatch-rules/:key', access: 'staff' },
  deleteHolidayYear: { method: 'DELETE', path: '/api/staff/holidays/:year', access: 'staff' },
  deleteMeterRoute: { method: 'DELETE', path: '/api/staff/meter-routes/:areaPrefix', access: 'staff' },
  deleteMyAccount: { method: 'DELETE', path: '/api/me', access: 'resident' },
  deleteQuickReply: { method: 'DELETE', path: '/api/chat/quick-replies/:quickReplyId', access: 'staff' },
  deleteServiceGuide: { method: 'DELETE', path: '/api/staff/service-guides/:guideId', access: 'staff' },
  deleteServiceHall: { method: 'DELETE', path: '/api/staff/service-halls/:hallId', access: 'staff' },
  deleteSlaPolicy: { method: 'DELETE', path: '/api/admin/sla-policies/:key', access: 'staff' },
  deleteSlotHold: { method: 'DELETE', path: '/api/slot-holds/:id', access: 'staff' },
  deleteSlotTemplate: { method: 'DELETE', path: '/api/slot-templates/:id', access: 'staff' },
  downloadImportReport: { method: 'GET', path: '/api/staff/imports/:importId/report', access: 'staff', raw: 'text/csv' },
  dryRunDispatch: { method: 'POST', path: '/api/admin/dispatch-rules/dry-run', access: 'staff' },
  exportKpis: { method: 'GET', path: '/api/staff/kpis/export', access: 'staff', raw: 'text/csv' },
  exportMyData: { method: 'GET', path: '/api/me/export', access: 'resident' },
  exportReceipts: { method: 'GET', path: '/api/staff/finance/receipts', access: 'staff', raw: 'text/csv' },
  generateSlots: { method: 'POST', path: '/api/slots/generate', access: 'staff' },
  getAccountQr: { method: 'GET', path: '/api/staff/accounts/:accountNo/qr', access: 'staff' },
  getAccountQrImage: { method: 'GET', path: '/api/staff/accounts/:accountNo/qr.png', access: 'staff', raw: 'image/png' },
  getBill: { method: 'GET', path: '/api/bills/:billId', access: 'residentOrStaff' },
  getBillDetail: { method: 'GET', path: '/api/bills/:billId/detail', access: 'residentOrStaff' },
  getBillInvoice: { method: 'GET', path: '/api/bills/:billId/invoice', access: 'residentOrStaff' },
  getBillReceipt: { method: 'GET', path: '/api/bills/:billId/receipt.pdf', access: 'public', raw: 'application/pdf' },
  getChatAgentStatus: { method: 'GET', path: '/api/chat/agent/status', access: 'staff' },
  getChatQueue: { method: 'GET', path: '/api/chat/queue', access: 'staff' },
  getChatSession: { method: 'GET', path: '/api/chat/sessions/:sessionId', access: 'residentOrStaff' },
  getCollectionRate: { method: 'GET', path: '/api/staff/collection-rate', access: 'staff' },
  getCustomer360: { method: 'GET', path: '/api/staff/customers/:accountNo', access: 'staff' },
  getExternalWorkOrderContract: { method: 'GET', path: '/api/external/work-orders/contract.json', access: 'public' },
  getHazardStats: { method: 'GET', path: '/api/hazards/stats', access: 'staff' },
  getHealth: { method: 'GET', path: '/healthz', access: 'public' },
  getHolidayCalendar: { method: 'GET', path: '/api/staff/holidays', access: 'staff' },
  getHolidayYear: { method: 'GET', path: '/api/staff/holidays/:year', access: 'staff' },
  getImport: { method: 'GET', path: '/api/staff/imports/:importId', access: 'staff' },
  getInspectionCompletion: { method: 'GET', path: '/api/inspection-plans/:id/completion', access: 'staff' },
  getInspectionRecord: { method: 'GET', path: '/api/work-orders/:orderNo/inspection', access: 'staff' },
  getKpiDrilldown: { method: 'GET', path: '/api/staff/kpis/:kpi/items', access: 'staff' },
  getKpis: { method: 'GET', path: '/api/staff/kpis', access: 'staff' },
  getMe: { method: 'GET', path: '/api/me', access: 'resident' },
  getMetrics: { method: 'GET', path: '/metrics', access: 'public', raw: 'text/plain' },
  getMyAccount: { method: 'GET', path: '/api/accounts/:accountNo', access: 'resident' },
  getMyPhone: { method: 'GET', path: '/api/me/phone', access: 'resident' },
  getMyShift: { method: 'GET', path: '/api/staff/me/shift', access: 'staff' },
  getMySubscriptions: { method: 'GET', path: '/api/subscriptions', access: 'resident' },
  getNodeConfig: { method: 'GET', path: '/api/admin/work-order-nodes/:type', access: 'staff' },
  getNotice: { method: 'GET', path: '/api/notices/:id', access: 'public' },
  getNoticeAudience: { method: 'GET', path: '/api/staff/notices/:id/audience', access: 'staff' },
  getNoticeDelivery: { method: 'GET', path: '/api/staff/notices/:id/delivery', access: 'staff' },
  getOpenApi: { method: 'GET', path: '/openapi.json', access: 'public', raw: 'application/json' },
  getOrderCosts: { method: 'GET', path: '/api/kpi/order-costs', access: 'staff' },
  getPayment: { method: 'GET', path: '/api/payments/:outTradeNo', access: 'residentOrStaff' },
  getPhoto: { method: 'GET', path: '/api/uploads/:id', access: 'public', raw: 'image/*' },
  getPhotoThumb: { method: 'GET', path: '/api/uploads/:id/thumb', access: 'public', raw: 'image/*' },
  getPortalSettings: { method: 'GET', path: '/api/staff/settings', access: 'staff' },
  getPublicSettings: { method: 'GET', path: '/api/settings', access: 'public' },
  getQrBill: { method: 'GET', path: '/api/qr/:token', access: 'public' },
  getQrSheet: { method: 'GET', path: '/api/staff/qr-sheet.pdf', access: 'staff', raw: 'application/pdf' },
  getReadiness: { method: 'GET', path: '/readyz', access: 'public' },
  getReceiptLink: { method: 'GET', path: '/api/bills/:billId/receipt-link', access: 'residentOrStaff' },
  getStaffMe: { method: 'GET', path: '/api/staff/me', access: 'staff' },
  getStaffNotice: { method: 'GET', path: '/api/staff/notices/:id', access: 'staff' },
  getStaffPayment: { method: 'GET', path: '/api/staff/payments/:outTradeNo', access: 'staff' },
  getSupplyState: { method: 'GET', path: '/api/accounts/:accountNo/supply', access: 'resident' },
  getTechnicianBoard: { method: 'GET', path: '/api/staff/technicians/board', access: 'staff' },
  getTradeBillReconciliation: { method: 'GET', path: '/api/staff/trade-bills/:billDate', access: 'staff' },
  getUsageAnalysis: { method: 'GET', path: '/api/accounts/:accountNo/usage-analysis', access: 'residentOrStaff' },
  getUsageHistory: { method: 'GET', path: '/api/accounts/:accountNo/usage', access: 'residentOrStaff' },
  getWorkOrder: { method: 'GET', path: '/api/work-orders/:orderNo', access: 'residentOrStaff' },
  h5OauthLogin: { method: 'POST', path: '/api/auth/h5-oauth', access: 'public' },
  importAccounts: { method: 'POST', path: '/api/staff/imports', access: 'staff', upload: 'file' },
  importBills: { method: 'POST', path: '/api/staff/imports/bills', access: 'staff', upload: 'file' },
  importHolidays: { method: 'POST', path: '/api/staff/holidays/import', access: 'staff', upload: 'file' },
  issueH5OauthState: { method: 'POST', path: '/api/auth/h5-oauth/state', access: 'public' },
  issueHeatingSeasonBill: { method: 'POST', path: '/api/staff/accounts/:accountNo/heating-season-bill', access: 'staff' },
  listAccountChanges: { method: 'GET', path: '/api/staff/account-changes', access: 'staff' },
  listAccountQrs: { method: 'GET', path: '/api/staff/qr-codes', access: 'staff' },
  listAllServiceGuides: { method: 'GET', path: '/api/staff/service-guides', access: 'staff' },
  listAllServiceHalls: { method: 'GET', path: '/api/staff/service-halls', access: 'staff' },
  listAreaCentres: { method: 'GET', path: '/api/admin/area-centres', access: 'staff' },
  listAreas: { method: 'GET', path: '/api/staff/areas', access: 'staff' },
  listArrears: { method: 'GET', path: '/api/staff/arrears', access: 'staff' },
  listAuditLog: { method: 'GET', path: '/api/staff/audit', access: 'staff' },
  listBills: { method: 'GET', path: '/api/bills', access: 'residentOrStaff' },
  listCalendars: { method: 'GET', path: '/api/admin/calendars', access: 'staff' },
  listChatMessages: { method: 'GET', path: '/api/chat/sessions/:sessionId/messages', access: 'residentOrStaff' },
  listChatSessions: { method: 'GET', path: '/api/chat/sessions', access: 'staff' },
  listDispatchRules: { method: 'GET', path: '/api/admin/dispatch-rules', access: 'staff' },
  listDispatchTeams: { method: 'GET', path: '/api/admin/dispatch-teams', access: 'staff' },
  listEscalations: { method: 'GET', path: '/api/escalations', access: 'staff' },
  listFollowUps: { method: 'GET', path: '/api/follow-ups', access: 'staff' },
  listHazards: { method: 'GET', path: '/api/hazards', access: 'staff' },
  listImports: { method: 'GET', path: '/api/staff/imports', access: 'staff' },
  listInspectionChecklists: { method: 'GET', path: '/api/inspection-checklists', access: 'staff' },
  listInspectionPlans: { method: 'GET', path: '/api/inspection-plans', access: 'staff' },
  listKpiAlerts: { method: 'GET', path: '/api/staff/kpi-alerts', access: 'staff' },
  listMaterials: { method: 'GET', path: '/api/materials', access: 'staff' },
  listMessageTemplates: { method: 'GET', path: '/api/staff/message-templates', access: 'staff' },
  listMeterReadings: { method: 'GET', path: '/api/staff/meter-readings', access: 'staff' },
  listMeterRoutes: { method: 'GET', path: '/api/staff/meter-routes', access: 'staff' },
  listMyAccounts: { method: 'GET', path: '/api/accounts', access: 'resident' },
  listMyChatSessions: { method: 'GET', path: '/api/chat/sessions/mine', access: 'resident' },
  listMyMeterReadings: { method: 'GET', path: '/api/accounts/:accountNo/meter-readings', access: 'resident' },
  listMyPayments: { method: 'GET', path: '/api/payments', access: 'resident' },
  listMyWorkOrders: { method: 'GET', path: '/api/work-orders', access: 'resident' },
  listNoticeDeliveries: { method: 'GET', path: '/api/staff/notices/:id/deliveries', access: 'staff' },
  listNotices: { method: 'GET', path: '/api/notices', access: 'public' },
  listOpeningAreas: { method: 'GET', path: '/api/account-openings/areas', access: 'resident' },
  listOrderCostOrders: { method: 'GET', path: '/api/kpi/order-costs/orders', access: 'staff' },
  listQuickReplies: { method: 'GET', path: '/api/chat/quick-replies', access: 'staff' },
  listServiceGuides: { method: 'GET', path: '/api/service-guides', access: 'public' },
  listServiceHalls: { method: 'GET', path: '/api/service-halls', access: 'public' },
  listSlaPolicies: { method: 'GET', path: '/api/admin/sla-policies', access: 'staff' },
  listSlotHolds: { method: 'GET', path: '/api/slot-holds', access: 'staff' },
  listSlots: { method: 'GET', path: '/api/slots', access: 'residentOrStaff' },
  listSlotTemplates: { method: 'GET', path: '/api/slot-templates', access: 'staff' },
  listStaff: { method: 'GET', path: '/api/staff/users', access: 'staff' },
  listStaffNotices: { method: 'GET', path: '/api/staff/notices', access: 'staff' },
  listStaffPayments: { method: 'GET', path: '/api/staff/payments', access: 'staff' },
  listSupplyChanges: { method: 'GET', path: '/api/staff/supply-changes', access: 'staff' },
  listTariffs: { method: 'GET', path: '/api/tariffs', access: 'public' },
  listUnreachableHouseholds: { method: 'GET', path: '/api/inspections/unreachable', access: 'staff' },
  listWechatTemplates: { method: 'GET', path: '/api/staff/message-templates/wechat', access: 'staff' },
  listWorkOrders: { method: 'GET', path: '/api/staff/work-orders', access: 'staff' },
  markChatRead: { method: 'POST', path: '/api/chat/sessions/:sessionId/read', access: 'residentOrStaff' },
  markNoticeRead: { method: 'POST', path: '/api/notices/:id/read', access: 'resident' },
  officialAccountPush: { method: 'POST', path: '/api/wechat/oa/push', access: 'public', raw: 'text/plain' },
  openChatSession: { method: 'POST', path: '/api/chat/sessions', access: 'resident' },
  pickChatSession: { method: 'POST', path: '/api/chat/sessions/:sessionId/pick', access: 'staff' },
  previewNoticeAudience: { method: 'POST', path: '/api/staff/notices/preview', access: 'staff' },
  publishNotice: { method: 'POST', path: '/api/staff/notices/:id/publish', access: 'staff' },
  putAreaCentre: { method: 'PUT', path: '/api/admin/area-centres', access: 'staff' },
  putCalendar: { method: 'PUT', path: '/api/admin/calendars/:key', access: 'staff' },
  putDispatchRule: { method: 'PUT', path: '/api/admin/dispatch-rules/:key', access: 'staff' },
  putHolidayYear: { method: 'PUT', path: '/api/staff/holidays/:year', access: 'staff' },
  putMeterRoute: { method: 'PUT', path: '/api/staff/meter-routes/:areaPrefix', access: 'staff' },
  putNodeConfig: { method: 'PUT', path: '/api/admin/work-order-nodes/:type', access: 'staff' },
  putSlaPolicy: { method: 'PUT', path: '/api/admin/sla-policies/:key', access: 'staff' },
  rateChatSession: { method: 'POST', path: '/api/chat/sessions/:sessionId/rating', access: 'resident' },
  rateWorkOrder: { method: 'POST', path: '/api/work-orders/:orderNo/rating', access: 'resident' },
  receiveExternalWorkOrderEvent: { method: 'POST', path: '/api/external/work-orders/events', access: 'public' },
  recordOrderWork: { method: 'PUT', path: '/api/work-orders/:orderNo/work', access: 'staff' },
  recordUnreachableFollowUp: { method: 'POST', path: '/api/inspections/unreachable/:orderNo/follow-up', access: 'staff' },
  refreshSession: { method: 'POST', path: '/api/auth/refresh', access: 'public' },
  refundPayment: { method: 'POST', path: '/api/staff/payments/:outTradeNo/refunds', access: 'staff', idempotencyKey: true },
  reinspectHazard: { method: 'POST', path: '/api/hazards/:id/reinspections', access: 'staff' },
  rejectAccountChange: { method: 'POST', path: '/api/staff/account-changes/:orderNo/reject', access: 'staff' },
  rejectMeterReading: { method: 'POST', path: '/api/staff/meter-readings/:readingId/reject', access: 'staff' },
  rejectSupplyChange: { method: 'POST', path: '/api/staff/supply-changes/:orderNo/reject', access: 'staff' },
  removeMyPhone: { method: 'DELETE', path: '/api/me/phone', access: 'resident' },
  renameDispatchTeam: { method: 'POST', path: '/api/admin/dispatch-teams/rename', access: 'staff' },
  replaceInspectionChecklist: { method: 'PUT', path: '/api/inspection-checklists/:utility', access: 'staff' },
  reportMyPosition: { method: 'POST', path: '/api/staff/me/position', access: 'staff' },
  reportSubscriptions: { method: 'POST', path: '/api/subscriptions', access: 'resident' },
  requestBindingCode: { method: 'POST', path: '/api/accounts/bind/sms-code', access: 'resident' },
  requestInvoice: { method: 'POST', path: '/api/bills/:billId/invoice', access: 'resident' },
  rescheduleAppointment: { method: 'POST', path: '/api/appointments/:id/reschedule', access: 'residentOrStaff' },
  restoreNotice: { method: 'POST', path: '/api/staff/notices/:id/restore', access: 'staff' },
  revealCustomerPhone: { method: 'POST', path: '/api/staff/customers/:accountNo/phone', access: 'staff' },
  revokeAccountQr: { method: 'POST', path: '/api/staff/accounts/:accountNo/qr/revoke', access: 'staff' },
  runInspectionPlan: { method: 'POST', path: '/api/inspection-plans/:id/run', access: 'staff' },
  runKpiRollup: { method: 'POST', path: '/api/staff/kpis/rollup', access: 'staff' },
  runReconciliation: { method: 'POST', path: '/api/staff/payments/reconcile', access: 'staff' },
  runTradeBillReconciliation: { method: 'POST', path: '/api/staff/trade-bills/:billDate/reconcile', access: 'staff' },
  sandboxConfirmPayment: { method: 'POST', path: '/api/demo/sandbox-pay/:outTradeNo', access: 'resident' },
  searchCustomers: { method: 'GET', path: '/api/staff/customers', access: 'staff' },
  sendChatMessage: { method: 'POST', path: '/api/chat/sessions/:sessionId/messages', access: 'residentOrStaff' },
  setChatAgentStatus: { method: 'PUT', path: '/api/chat/agent/status', access: 'staff' },
  setDefaultAccount: { method: 'PUT', path: '/api/accounts/:accountNo/default', access: 'resident' },
  setElderMode: { method: 'PUT', path: '/api/me/elder-mode', access: 'resident' },
  setMyShift: { method: 'PUT', path: '/api/staff/me/shift', access: 'staff' },
  setSlotCapacity: { method: 'PUT', path: '/api/slots/:id/capacity', access: 'staff' },
  staffLogin: { method: 'POST', path: '/api/staff/login', access: 'public' },
  submitInspection: { method: 'POST', path: '/api/work-orders/:orderNo/inspection', access: 'staff' },
  submitMeterReading: { method: 'POST', path: '/api/meter-readings', access: 'resident' },
  transferChatSession: { method: 'POST', path: '/api/chat/sessions/:sessionId/transfer', access: 'staff' },
  transitionWorkOrder: { method: 'POST', path: '/api/work-orders/:orderNo/transitions', access: 'residentOrStaff' },
  trialMeterReading: { method: 'POST', path: '/api/meter-readings/trial', access: 'resident' },
  unbindAccount: { method: 'DELETE', path: '/api/accounts/:accountNo', access: 'resident' },
  unbindResident: { method: 'POST', path: '/api/staff/customers/:accountNo/unbind', access: 'staff' },
  updateCustomer: { method: 'PATCH', path: '/api/staff/customers/:accountNo', access: 'staff' },
  updateInspectionPlan: { method: 'PATCH', path: '/api/inspection-plans/:id', access: 'staff' },
  updateMaterial: { method: 'PUT', path: '/api/materials/:code', access: 'staff' },
  updateMessageTemplate: { method: 'PUT', path: '/api/staff/message-templates/:event', access: 'staff' },
  updateNotice: { method: 'PATCH', path: '/api/staff/notices/:id', access: 'staff' },
  updatePortalSettings: { method: 'PUT', path: '/api/staff/settings', access: 'staff' },
  updateQuickReply: { method: 'PUT', path: '/api/chat/quick-replies/:quickReplyId', access: 'staff' },
  updateServiceGuide: { method: 'PUT', path: '/api/staff/service-guides/:guideId', access: 'staff' },
  updateServiceHall: { method: 'PUT', path: '/api/staff/service-halls/:hallId', access: 'staff' },
  updateSlotTemplate: { method: 'PUT', path: '/api/slot-templates/:id', access: 'staff' },
  updateStaff: { method: 'PATCH', path: '/api/staff/users/:staffId', access: 'staff' },
  uploadPhoto: { method: 'POST', path: '/api/uploads', access: 'residentOrStaff', upload: 'file' },
  verifyOfficialAccountServer: { method: 'GET', path: '/api/wechat/oa/push', access: 'public', raw: 'text/plain' },
  wechatLogin: { method: 'POST', path: '/api/auth/wechat-login', access: 'public' },
  wechatPayNotify: { method: 'POST', path: '/api/wechatpay/notify', access: 'public', raw: 'application/json' },
} as const;

export type OperationTypes = {
  acceptMeterReading: { params: z.input<typeof T.MeterReadingParams>; query: undefined; body: z.input<typeof T.ReviewMeterReadingBody>; response: z.output<typeof T.MeterReading>; };
  acknowledgeEscalation: { params: z.input<typeof T.TaskIdParams>; query: undefined; body: undefined; response: unknown; };
  addCustomerNote: { params: z.input<typeof T.AccountNoParams>; query: undefined; body: z.input<typeof T.AddCustomerNoteBody>; response: z.output<typeof T.CustomerNote>; };
  applyAccountChange: { params: undefined; query: undefined; body: z.input<typeof T.ApplyAccountChangeBody>; response: z.output<typeof T.AccountChangeCreated>; };
  applyAccountOpening: { params: undefined; query: undefined; body: z.input<typeof T.ApplyAccountOpeningBody>; response: z.output<typeof T.AccountChangeCreated>; };
  applySupplyChange: { params: undefined; query: undefined; body: z.input<typeof T.ApplySupplyChangeBody>; response: z.output<typeof T.SupplyChangeCreated>; };
  approveAccountChange: { params: z.input<typeof T.OrderNoParams>; query: undefined; body: z.input<typeof T.ApproveAccountChangeBody>; response: z.output<typeof T.Ok>; };
  approveSupplyChange: { params: z.input<typeof T.OrderNoParams>; query: undefined; body: z.input<typeof T.ApproveSupplyChangeBody>; response: z.output<typeof T.Ok>; };
  bindAccount: { params: undefined; query: undefined; body: z.input<typeof T.BindAccountBody>; response: z.output<typeof T.MyAccount>; };
  bookAppointment: { params: undefined; query: undefined; body: z.input<typeof T.BookAppointmentBody>; response: z.output<typeof T.Appointment>; };
  cancelAppointment: { params: z.input<typeof T.AppointmentParams>; query: undefined; body: undefined; response: z.output<typeof T.Appointment>; };
  cancelImport: { params: z.input<typeof T.ImportIdParams>; query: undefined; body: undefined; response: z.output<typeof T.ImportJob>; };
  cancelNotice: { params: z.input<typeof T.NoticeParams>; query: undefined; body: undefined; response: z.output<typeof T.StaffNotice>; };
  captureMyPhone: { params: undefined; query: undefined; body: z.input<typeof T.CapturePhoneBody>; response: z.output<typeof T.MyPhone>; };
  closeChatSession: { params: z.input<typeof T.ChatSessionParams>; query: undefined; body: z.input<typeof T.CloseChatBody>; response: z.output<typeof T.ChatSession>; };
  completeFollowUp: { params: z.input<typeof T.TaskIdParams>; query: undefined; body: z.input<typeof T.CompleteFollowUpBody>; response: z.output<typeof T.FollowUpTask>; };
  createInspectionPlan: { params: undefined; query: undefined; body: z.input<typeof T.InspectionPlanBody>; response: z.output<typeof T.InspectionPlan>; };
  createMaterial: { params: undefined; query: undefined; body: z.input<typeof T.CatalogueMaterialBody>; response: z.output<typeof T.CatalogueMaterial>; };
  createNotice: { params: undefined; query: undefined; body: z.input<typeof T.CreateNoticeBody>; response: z.output<typeof T.StaffNotice>; };
  createPayment: { params: undefined; query: undefined; body: z.input<typeof T.CreatePaymentBody>; response: z.output<typeof T.CreatePaymentResult>; };
  createQuickReply: { params: undefined; query: undefined; body: z.input<typeof T.QuickReplyBody>; response: z.output<typeof T.QuickReply>; };
  createServiceGuide: { params: undefined; query: undefined; body: z.input<typeof T.ServiceGuideInput>; response: z.output<typeof T.ServiceGuide>; };
  createServiceHall: { params: undefined; query: undefined; body: z.input<typeof T.ServiceHallInput>; response: z.output<typeof T.ServiceHall>; };
  createSlotHold: { params: undefined; query: undefined; body: z.input<typeof T.SlotHoldBody>; response: z.output<typeof T.SlotHold>; };
  createSlots: { params: undefined; query: undefined; body: z.input<typeof T.CreateSlotsBody>; response: z.output<typeof T.CreateSlotsResult>; };
  createSlotTemplate: { params: undefined; query: undefined; body: z.input<typeof T.SlotTemplateBody>; response: z.output<typeof T.SlotTemplate>; };
  createStaff: { params: undefined; query: undefined; body: z.input<typeof T.CreateStaffBody>; response: z.output<typeof T.StaffMember>; };
  createWorkOrder: { params: undefined; query: undefined; body: z.input<typeof T.CreateWorkOrderBody>; response: z.output<typeof T.CreatedWorkOrder>; };
  createWorkOrderFromChat: { params: z.input<typeof T.ChatSessionParams>; query: undefined; body: z.input<typeof T.CreateWorkOrderFromChatBody>; response: z.output<typeof T.ChatWorkOrderLink>; };
  deleteAreaCentre: { params: z.input<typeof T.AreaCentreParams>; query: undefined; body: undefined; response: z.output<typeof T.AreaCentre>; };
  deleteDispatchRule: { params: z.input<typeof T.KeyParams>; query: undefined; body: undefined; response: unknown; };
  deleteHolidayYear: { params: z.input<typeof T.HolidayYearParams>; query: undefined; body: undefined; response: z.output<typeof T.HolidayYear>; };
  deleteMeterRoute: { params: z.input<typeof T.AreaPrefixParams>; query: undefined; body: undefined; response: z.output<typeof T.Ok>; };
  deleteMyAccount: { params: undefined; query: undefined; body: undefined; response: z.output<typeof T.AccountDeletion>; };
  deleteQuickReply: { params: z.input<typeof T.QuickReplyParams>; query: undefined; body: undefined; response: unknown; };
  deleteServiceGuide: { params: z.input<typeof T.ServiceGuideParams>; query: undefined; body: undefined; response: z.output<typeof T.Ok>; };
  deleteServiceHall: { params: z.input<typeof T.ServiceHallParams>; query: undefined; body: undefined; response: z.output<typeof T.Ok>; };
  deleteSlaPolicy: { params: z.input<typeof T.KeyParams>; query: undefined; body: undefined; response: unknown; };
  deleteSlotHold: { params: z.input<typeof T.SlotHoldParams>; query: undefined; body: undefined; response: z.output<typeof T.SlotHold>; };
  deleteSlotTemplate: { params: z.input<typeof T.SlotTemplateParams>; query: undefined; body: undefined; response: z.output<typeof T.SlotTemplate>; };
  downloadImportReport: { params: z.input<typeof T.ImportIdParams>; query: undefined; body: undefined; response: unknown; };
  dryRunDispatch: { params: undefined; query: undefined; body: z.input<typeof T.DispatchDryRunBody>; response: z.output<typeof T.DispatchDecision>; };
  exportKpis: { params: undefined; query: z.input<typeof T.KpiExportQuery>; body: undefined; response: unknown; };
  exportMyData: { params: undefined; query: undefined; body: undefined; response: z.output<typeof T.MyDataExport>; };
  exportReceipts: { params: undefined; query: z.input<typeof T.ReceiptExportQuery>; body: undefined; response: unknown; };
  generateSlots: { params: undefined; query: undefined; body: z.input<typeof T.GenerateSlotsBody>; response: z.output<typeof T.GenerateSlotsResult>; };
  getAccountQr: { params: z.input<typeof T.AccountNoParams>; query: undefined; body: undefined; response: z.output<typeof T.AccountQr>; };
  getAccountQrImage: { params: z.input<typeof T.AccountNoParams>; query: z.input<typeof T.QrImageQuery>; body: undefined; response: unknown; };
  getBill: { params: z.input<typeof T.BillParams>; query: undefined; body: undefined; response: z.output<typeof T.Bill>; };
  getBillDetail: { params: z.input<typeof T.BillParams>; query: undefined; body: undefined; response: z.output<typeof T.BillDetail>; };
  getBillInvoice: { params: z.input<typeof T.BillParams>; query: undefined; body: undefined; response: z.output<typeof T.InvoiceRequest>; };
  getBillReceipt: { params: z.input<typeof T.BillParams>; query: z.input<typeof T.ReceiptQuery>; body: undefined; response: unknown; };
  getChatAgentStatus: { params: undefined; query: undefined; body: undefined; response: z.output<typeof T.ChatAgentStatus>; };
  getChatQueue: { params: undefined; query: undefined; body: undefined; response: z.output<typeof T.ChatQueue>; };
  getChatSession: { params: z.input<typeof T.ChatSessionParams>; query: undefined; body: undefined; response: z.output<typeof T.ChatSession>; };
  getCollectionRate: { params: undefined; query: z.input<typeof T.CollectionRateQuery>; body: undefined; response: z.output<typeof T.CollectionRate>; };
  getCustomer360: { params: z.input<typeof T.AccountNoParams>; query: z.input<typeof T.Customer360Query>; body: undefined; response: z.output<typeof T.Customer360>; };
  getExternalWorkOrderContract: { params: undefined; query: undefined; body: undefined; response: z.output<typeof T.ExternalContract>; };
  getHazardStats: { params: undefined; query: z.input<typeof T.HazardStatsQuery>; body: undefined; response: z.output<typeof T.HazardStats>; };
  getHealth: { params: undefined; query: undefined; body: undefined; response: z.output<typeof T.Health>; };
  getHolidayCalendar: { params: undefined; query: undefined; body: undefined; response: z.output<typeof T.HolidayCalendarStatus>; };
  getHolidayYear: { params: z.input<typeof T.HolidayYearParams>; query: undefined; body: undefined; response: z.output<typeof T.HolidayYear>; };
  getImport: { params: z.input<typeof T.ImportIdParams>; query: undefined; body: undefined; response: z.output<typeof T.ImportJob>; };
  getInspectionCompletion: { params: z.input<typeof T.AppointmentParams>; query: z.input<typeof T.InspectionCompletionQuery>; body: undefined; response: z.output<typeof T.InspectionCompletion>; };
  getInspectionRecord: { params: z.input<typeof T.InspectionOrderParams>; query: undefined; body: undefined; response: z.output<typeof T.InspectionRecord>; };
  getKpiDrilldown: { params: z.input<typeof T.KpiDrilldownParams>; query: z.input<typeof T.KpiDrilldownQuery>; body: undefined; response: z.output<typeof T.KpiDrilldownPage>; };
  getKpis: { params: undefined; query: z.input<typeof T.KpiQuery>; body: undefined; response: z.output<typeof T.KpiReport>; };
  getMe: { params: undefined; query: undefined; body: undefined; response: z.output<typeof T.Me>; };
  getMetrics: { params: undefined; query: undefined; body: undefined; response: unknown; };
  getMyAccount: { params: z.input<typeof T.AccountNoParams>; query: undefined; body: undefined; response: z.output<typeof T.MyAccountDetail>; };
  getMyPhone: { params: undefined; query: undefined; body: undefined; response: z.output<typeof T.MyPhone>; };
  getMyShift: { params: undefined; query: undefined; body: undefined; response: z.output<typeof T.MyShift>; };
  getMySubscriptions: { params: undefined; query: undefined; body: undefined; response: z.output<typeof T.MySubscriptions>; };
  getNodeConfig: { params: z.input<typeof T.TypeParams>; query: undefined; body: undefined; response: z.output<typeof T.NodeConfig>; };
  getNotice: { params: z.input<typeof T.NoticeParams>; query: undefined; body: undefined; response: z.output<typeof T.Notice>; };
  getNoticeAudience: { params: z.input<typeof T.NoticeParams>; query: undefined; body: undefined; response: z.output<typeof T.NoticeAudience>; };
  getNoticeDelivery: { params: z.input<typeof T.NoticeParams>; query: undefined; body: undefined; response: z.output<typeof T.NoticeDelivery>; };
  getOpenApi: { params: undefined; query: undefined; body: undefined; response: unknown; };
  getOrderCosts: { params: undefined; query: z.input<typeof T.OrderCostQuery>; body: undefined; response: z.output<typeof T.OrderCostReport>; };
  getPayment: { params: z.input<typeof T.PaymentParams>; query: undefined; body: undefined; response: z.output<typeof T.Payment>; };
  getPhoto: { params: z.input<typeof T.UploadParams>; query: z.input<typeof T.PhotoQuery>; body: undefined; response: unknown; };
  getPhotoThumb: { params: z.input<typeof T.UploadParams>; query: z.input<typeof T.PhotoQuery>; body: undefined; response: unknown; };
  getPortalSettings: { params: undefined; query: undefined; body: undefined; response: z.output<typeof T.PortalSettings>; };
  getPublicSettings: { params: undefined; query: undefined; body: undefined; response: z.output<typeof T.PublicSettings>; };
  getQrBill: { params: z.input<typeof T.QrParams>; query: undefined; body: undefined; response: z.output<typeof T.QrBill>; };
  getQrSheet: { params: undefined; query: z.input<typeof T.QrListQuery>; body: undefined; response: unknown; };
  getReadiness: { params: undefined; query: undefined; body: undefined; response: z.output<typeof T.Readiness>; };
  getReceiptLink: { params: z.input<typeof T.BillParams>; query: undefined; body: undefined; response: z.output<typeof T.ReceiptLink>; };
  getStaffMe: { params: undefined; query: undefined; body: undefined; response: z.output<typeof T.StaffMember>; };
  getStaffNotice: { params: z.input<typeof T.NoticeParams>; query: undefined; body: undefined; response: z.output<typeof T.StaffNotice>; };
  getStaffPayment: { params: z.input<typeof T.PaymentParams>; query: undefined; body: undefined; response: z.output<typeof T.StaffPayment>; };
  getSupplyState: { params: z.input<typeof T.AccountNoParams>; query: undefined; body: undefined; response: z.output<typeof T.SupplyState>; };
  getTechnicianBoard: { params: undefined; query: z.input<typeof T.TechnicianBoardQuery>; body: undefined; response: z.output<typeof T.TechnicianBoard>; };
  getTradeBillReconciliation: { params: z.input<typeof T.TradeBillParams>; query: undefined; body: undefined; response: z.output<typeof T.TradeBillReconciliation>; };
  getUsageAnalysis: { params: z.input<typeof T.AccountNoParams>; query: z.input<typeof T.UsageAnalysisQuery>; body: undefined; response: z.output<typeof T.UsageAnalysis>; };
  getUsageHistory: { params: z.input<typeof T.AccountNoParams>; query: z.input<typeof T.UsageQuery>; body: undefined; response: z.output<typeof T.UsageHistory>; };
  getWorkOrder: { params: z.input<typeof T.OrderNoParams>; query: undefined; body: undefined; response: z.output<typeof T.WorkOrderDetail>; };
  h5OauthLogin: { params: undefined; query: undefined; body: z.input<typeof T.H5OauthBody>; response: z.output<typeof T.H5Session>; };
  importAccounts: { params: undefined; query: z.input<typeof T.ImportQuery>; body: undefined; response: z.output<typeof T.ImportJob>; };
  importBills: { params: undefined; query: z.input<typeof T.ImportQuery>; body: undefined; response: z.output<typeof T.ImportJob>; };
  importHolidays: { params: undefined; query: z.input<typeof T.ImportQuery>; body: undefined; response: z.output<typeof T.HolidayImportResult>; };
  issueH5OauthState: { params: undefined; query: undefined; body: undefined; response: z.output<typeof T.H5OauthState>; };
  issueHeatingSeasonBill: { params: z.input<typeof T.AccountNoParams>; query: undefined; body: z.input<typeof T.HeatingSeasonBillBody>; response: z.output<typeof T.HeatingSeasonBill>; };
  listAccountChanges: { params: undefined; query: z.input<typeof T.ListAccountChangesQuery>; body: undefined; response: z.output<typeof T.AccountChangeList>; };
  listAccountQrs: { params: undefined; query: z.input<typeof T.QrListQuery>; body: undefined; response: z.output<typeof T.AccountQrList>; };
  listAllServiceGuides: { params: undefined; query: undefined; body: undefined; response: z.output<typeof T.ServiceGuideList>; };
  listAllServiceHalls: { params: undefined; query: undefined; body: undefined; response: z.output<typeof T.ServiceHallList>; };
  listAreaCentres: { params: undefined; query: undefined; body: undefined; response: z.output<typeof T.AreaCentre>[]; };
  listAreas: { params: undefined; query: z.input<typeof T.AreaQuery>; body: undefined; response: z.output<typeof T.AreaTree>; };
  listArrears: { params: undefined; query: z.input<typeof T.ArrearsQuery>; body: undefined; response: z.output<typeof T.ArrearsList>; };
  listAuditLog: { params: undefined; query: z.input<typeof T.AuditQuery>; body: undefined; response: z.output<typeof T.AuditPage>; };
  listBills: { params: undefined; query: z.input<typeof T.ListBillsQuery>; body: undefined; response: z.output<typeof T.BillList>; };
  listCalendars: { params: undefined; query: undefined; body: undefined; response: z.output<typeof T.BusinessCalendar>[]; };
  listChatMessages: { params: z.input<typeof T.ChatSessionParams>; query: z.input<typeof T.ListChatMessagesQuery>; body: undefined; response: z.output<typeof T.ChatMessagePage>; };
  listChatSessions: { params: undefined; query: z.input<typeof T.ListChatSessionsQuery>; body: undefined; response: z.output<typeof T.ChatSessionList>; };
  listDispatchRules: { params: undefined; query: undefined; body: undefined; response: z.output<typeof T.DispatchRule>[]; };
  listDispatchTeams: { params: undefined; query: undefined; body: undefined; response: z.output<typeof T.DispatchTeams>; };
  listEscalations: { params: undefined; query: z.input<typeof T.ListEscalationsQuery>; body: undefined; response: z.output<typeof T.EscalationList>; };
  listFollowUps: { params: undefined; query: z.input<typeof T.ListFollowUpsQuery>; body: undefined; response: z.output<typeof T.FollowUpList>; };
  listHazards: { params: undefined; query: z.input<typeof T.ListHazardsQuery>; body: undefined; response: z.output<typeof T.HazardPage>; };
  listImports: { params: undefined; query: z.input<typeof T.Page>; body: undefined; response: z.output<typeof T.ImportJobList>; };
  listInspectionChecklists: { params: undefined; query: undefined; body: undefined; response: z.output<typeof T.ChecklistTemplate>[]; };
  listInspectionPlans: { params: undefined; query: undefined; body: undefined; response: z.output<typeof T.InspectionPlan>[]; };
  listKpiAlerts: { params: undefined; query: z.input<typeof T.KpiAlertQuery>; body: undefined; response: z.output<typeof T.KpiAlertList>; };
  listMaterials: { params: undefined; query: undefined; body: undefined; response: z.output<typeof T.CatalogueMaterial>[]; };
  listMessageTemplates: { params: undefined; query: undefined; body: undefined; response: z.output<typeof T.MessageTemplateList>; };
  listMeterReadings: { params: undefined; query: z.input<typeof T.ListMeterReadingsQuery>; body: undefined; response: z.output<typeof T.MeterReadingList>; };
  listMeterRoutes: { params: undefined; query: undefined; body: undefined; response: z.output<typeof T.MeterRoute>[]; };
  listMyAccounts: { params: undefined; query: undefined; body: undefined; response: z.output<typeof T.MyAccountList>; };
  listMyChatSessions: { params: undefined; query: undefined; body: undefined; response: z.output<typeof T.ChatSessionList>; };
  listMyMeterReadings: { params: z.input<typeof T.AccountNoParams>; query: undefined; body: undefined; response: z.output<typeof T.MyMeterReadingList>; };
  listMyPayments: { params: undefined; query: z.input<typeof T.ListMyPaymentsQuery>; body: undefined; response: z.output<typeof T.PaymentList>; };
  listMyWorkOrders: { params: undefined; query: z.input<typeof T.ListMyWorkOrdersQuery>; body: undefined; response: z.output<typeof T.WorkOrderViewPage>; };
  listNoticeDeliveries: { params: z.input<typeof T.NoticeParams>; query: z.input<typeof T.NoticeDeliveryRowsQuery>; body: undefined; response: z.output<typeof T.NoticeDeliveryRows>; };
  listNotices: { params: undefined; query: z.input<typeof T.ListNoticesQuery>; body: undefined; response: z.output<typeof T.NoticeList>; };
  listOpeningAreas: { params: undefined; query: undefined; body: undefined; response: z.output<typeof T.OpeningAreaList>; };
  listOrderCostOrders: { params: undefined; query: z.input<typeof T.OrderCostOrdersQuery>; body: undefined; response: z.output<typeof T.OrderCostOrders>; };
  listQuickReplies: { params: undefined; query: undefined; body: undefined; response: z.output<typeof T.QuickReplyList>; };
  listServiceGuides: { params: undefined; query: undefined; body: undefined; response: z.output<typeof T.ServiceGuideList>; };
  listServiceHalls: { params: undefined; query: z.input<typeof T.ListServiceHallsQuery>; body: undefined; response: z.output<typeof T.ServiceHallList>; };
  listSlaPolicies: { params: undefined; query: undefined; body: undefined; response: z.output<typeof T.SlaPolicy>[]; };
  listSlotHolds: { params: undefined; query: undefined; body: undefined; response: z.output<typeof T.SlotHold>[]; };
  listSlots: { params: undefined; query: z.input<typeof T.SlotQuery>; body: undefined; response: z.output<typeof T.Slot>[]; };
  listSlotTemplates: { params: undefined; query: undefined; body: undefined; response: z.output<typeof T.SlotTemplate>[]; };
  listStaff: { params: undefined; query: z.input<typeof T.StaffListQuery>; body: undefined; response: z.output<typeof T.StaffMemberList>; };
  listStaffNotices: { params: undefined; query: z.input<typeof T.ListNoticesQuery>; body: undefined; response: z.output<typeof T.StaffNoticeList>; };
  listStaffPayments: { params: undefined; query: z.input<typeof T.ListStaffPaymentsQuery>; body: undefined; response: z.output<typeof T.StaffPaymentList>; };
  listSupplyChanges: { params: undefined; query: z.input<typeof T.ListSupplyChangesQuery>; body: undefined; response: z.output<typeof T.SupplyChangeList>; };
  listTariffs: { params: undefined; query: undefined; body: undefined; response: z.output<typeof T.TariffList>; };
  listUnreachableHouseholds: { params: undefined; query: z.input<typeof T.ListUnreachableQuery>; body: undefined; response: z.output<typeof T.UnreachablePage>; };
  listWechatTemplates: { params: undefined; query: undefined; body: undefined; response: z.output<typeof T.WechatTemplateList>; };
  listWorkOrders: { params: undefined; query: z.input<typeof T.ListStaffWorkOrdersQuery>; body: undefined; response: z.output<typeof T.StaffWorkOrderPage>; };
  markChatRead: { params: z.input<typeof T.ChatSessionParams>; query: undefined; body: z.input<typeof T.MarkChatReadBody>; response: unknown; };
  markNoticeRead: { params: z.input<typeof T.NoticeParams>; query: undefined; body: undefined; response: z.output<typeof T.Ok>; };
  officialAccountPush: { params: undefined; query: z.input<typeof T.OaPushQuery>; body: undefined; response: unknown; };
  openChatSession: { params: undefined; query: undefined; body: z.input<typeof T.OpenChatSessionBody>; response: z.output<typeof T.OpenChatSessionResult>; };
  pickChatSession: { params: z.input<typeof T.ChatSessionParams>; query: undefined; body: undefined; response: z.output<typeof T.ChatSession>; };
  previewNoticeAudience: { params: undefined; query: undefined; body: z.input<typeof T.PreviewNoticeBody>; response: z.output<typeof T.NoticeAudience>; };
  publishNotice: { params: z.input<typeof T.NoticeParams>; query: undefined; body: z.input<typeof T.PublishNoticeBody>; response: z.output<typeof T.StaffNotice>; };
  putAreaCentre: { params: undefined; query: undefined; body: z.input<typeof T.AreaCentreBody>; response: z.output<typeof T.AreaCentre>; };
  putCalendar: { params: z.input<typeof T.KeyParams>; query: undefined; body: z.input<typeof T.BusinessCalendarBody>; response: z.output<typeof T.BusinessCalendar>; };
  putDispatchRule: { params: z.input<typeof T.KeyParams>; query: undefined; body: z.input<typeof T.DispatchRuleBody>; response: z.output<typeof T.DispatchRule>; };
  putHolidayYear: { params: z.input<typeof T.HolidayYearParams>; query: undefined; body: z.input<typeof T.PutHolidayYearBody>; response: z.output<typeof T.HolidayYear>; };
  putMeterRoute: { params: z.input<typeof T.AreaPrefixParams>; query: undefined; body: z.input<typeof T.PutMeterRouteBody>; response: z.output<typeof T.MeterRoute>; };
  putNodeConfig: { params: z.input<typeof T.TypeParams>; query: undefined; body: z.input<typeof T.NodeConfigBody>; response: z.output<typeof T.NodeConfig>; };
  putSlaPolicy: { params: z.input<typeof T.KeyParams>; query: undefined; body: z.input<typeof T.SlaPolicyBody>; response: z.output<typeof T.SlaPolicy>; };
  rateChatSession: { params: z.input<typeof T.ChatSessionParams>; query: undefined; body: z.input<typeof T.RateChatBody>; response: z.output<typeof T.ChatSession>; };
  rateWorkOrder: { params: z.input<typeof T.OrderNoParams>; query: undefined; body: z.input<typeof T.RateBody>; response: z.output<typeof T.WorkOrderView>; };
  receiveExternalWorkOrderEvent: { params: undefined; query: undefined; body: z.input<typeof T.ExternalEvent>; response: z.output<typeof T.ExternalEventAck>; };
  recordOrderWork: { params: z.input<typeof T.OrderNoParams>; query: undefined; body: z.input<typeof T.RecordOrderWorkBody>; response: z.output<typeof T.OrderWork>; };
  recordUnreachableFollowUp: { params: z.input<typeof T.InspectionOrderParams>; query: undefined; body: z.input<typeof T.UnreachableFollowUpBody>; response: z.output<typeof T.UnreachableFollowUp>; };
  refreshSession: { params: undefined; query: undefined; body: z.input<typeof T.RefreshBody>; response: z.output<typeof T.AnySession>; };
  refundPayment: { params: z.input<typeof T.PaymentParams>; query: undefined; body: z.input<typeof T.RefundPaymentBody>; response: z.output<typeof T.StaffPayment>; };
  reinspectHazard: { params: z.input<typeof T.HazardParams>; query: undefined; body: z.input<typeof T.ReinspectHazardBody>; response: z.output<typeof T.Hazard>; };
  rejectAccountChange: { params: z.input<typeof T.OrderNoParams>; query: undefined; body: z.input<typeof T.RejectAccountChangeBody>; response: z.output<typeof T.Ok>; };
  rejectMeterReading: { params: z.input<typeof T.MeterReadingParams>; query: undefined; body: z.input<typeof T.RejectMeterReadingBody>; response: z.output<typeof T.MeterReading>; };
  rejectSupplyChange: { params: z.input<typeof T.OrderNoParams>; query: undefined; body: z.input<typeof T.RejectSupplyChangeBody>; response: z.output<typeof T.Ok>; };
  removeMyPhone: { params: undefined; query: undefined; body: undefined; response: z.output<typeof T.MyPhone>; };
  renameDispatchTeam: { params: undefined; query: undefined; body: z.input<typeof T.RenameTeamBody>; response: z.output<typeof T.TeamRenamed>; };
  replaceInspectionChecklist: { params: z.input<typeof T.ChecklistParams>; query: undefined; body: z.input<typeof T.ChecklistTemplateBody>; response: z.output<typeof T.ChecklistTemplate>; };
  reportMyPosition: { params: undefined; query: undefined; body: z.input<typeof T.ReportPositionBody>; response: z.output<typeof T.MyShift>; };
  reportSubscriptions: { params: undefined; query: undefined; body: z.input<typeof T.ReportSubscriptionsBody>; response: z.output<typeof T.MySubscriptions>; };
  requestBindingCode: { params: undefined; query: undefined; body: z.input<typeof T.RequestBindingCodeBody>; response: z.output<typeof T.BindingCodeSent>; };
  requestInvoice: { params: z.input<typeof T.BillParams>; query: undefined; body: z.input<typeof T.RequestInvoiceBody>; response: z.output<typeof T.InvoiceRequest>; };
  rescheduleAppointment: { params: z.input<typeof T.AppointmentParams>; query: undefined; body: z.input<typeof T.RescheduleBody>; response: z.output<typeof T.Appointment>; };
  restoreNotice: { params: z.input<typeof T.NoticeParams>; query: undefined; body: z.input<typeof T.RestoreNoticeBody>; response: z.output<typeof T.StaffNotice>; };
  revealCustomerPhone: { params: z.input<typeof T.AccountNoParams>; query: undefined; body: undefined; response: z.output<typeof T.RevealedPhone>; };
  revokeAccountQr: { params: z.input<typeof T.AccountNoParams>; query: undefined; body: undefined; response: z.output<typeof T.AccountQr>; };
  runInspectionPlan: { params: z.input<typeof T.AppointmentParams>; query: undefined; body: undefined; response: z.output<typeof T.InspectionRun>; };
  runKpiRollup: { params: undefined; query: undefined; body: undefined; response: z.output<typeof T.KpiRollupResult>; };
  runReconciliation: { params: undefined; query: undefined; body: z.input<typeof T.RunReconciliationBody>; response: z.output<typeof T.ReconciliationResult>; };
  runTradeBillReconciliation: { params: z.input<typeof T.TradeBillParams>; query: undefined; body: undefined; response: z.output<typeof T.TradeBillReconciliation>; };
  sandboxConfirmPayment: { params: z.input<typeof T.PaymentParams>; query: undefined; body: z.input<typeof T.RequestPaymentParams>; response: z.output<typeof T.Ok>; };
  searchCustomers: { params: undefined; query: z.input<typeof T.CustomerSearchQuery>; body: undefined; response: z.output<typeof T.CustomerSearchResult>; };
  sendChatMessage: { params: z.input<typeof T.ChatSessionParams>; query: undefined; body: z.input<typeof T.SendChatMessageBody>; response: z.output<typeof T.ChatMessage>; };
  setChatAgentStatus: { params: undefined; query: undefined; body: z.input<typeof T.SetChatAgentStatusBody>; response: z.output<typeof T.ChatAgentStatus>; };
  setDefaultAccount: { params: z.input<typeof T.AccountNoParams>; query: undefined; body: undefined; response: z.output<typeof T.MyAccount>; };
  setElderMode: { params: undefined; query: undefined; body: z.input<typeof T.SetElderModeBody>; response: z.output<typeof T.Me>; };
  setMyShift: { params: undefined; query: undefined; body: z.input<typeof T.SetShiftBody>; response: z.output<typeof T.MyShift>; };
  setSlotCapacity: { params: z.input<typeof T.SlotParams>; query: undefined; body: z.input<typeof T.SlotCapacityBody>; response: z.output<typeof T.Slot>; };
  staffLogin: { params: undefined; query: undefined; body: z.input<typeof T.StaffLoginBody>; response: z.output<typeof T.StaffSession>; };
  submitInspection: { params: z.input<typeof T.InspectionOrderParams>; query: undefined; body: z.input<typeof T.SubmitInspectionBody>; response: z.output<typeof T.SubmitInspectionResult>; };
  submitMeterReading: { params: undefined; query: undefined; body: z.input<typeof T.SubmitMeterReadingBody>; response: z.output<typeof T.MeterReading>; };
  transferChatSession: { params: z.input<typeof T.ChatSessionParams>; query: undefined; body: z.input<typeof T.TransferChatBody>; response: z.output<typeof T.ChatSession>; };
  transitionWorkOrder: { params: z.input<typeof T.OrderNoParams>; query: undefined; body: z.input<typeof T.TransitionBody>; response: z.output<typeof T.WorkOrderDetail>; };
  trialMeterReading: { params: undefined; query: undefined; body: z.input<typeof T.TrialBillBody>; response: z.output<typeof T.TrialBill>; };
  unbindAccount: { params: z.input<typeof T.AccountNoParams>; query: undefined; body: undefined; response: z.output<typeof T.Ok>; };
  unbindResident: { params: z.input<typeof T.AccountNoParams>; query: undefined; body: z.input<typeof T.UnbindResidentBody>; response: z.output<typeof T.UnbindResidentResult>; };
  updateCustomer: { params: z.input<typeof T.AccountNoParams>; query: undefined; body: z.input<typeof T.UpdateCustomerBody>; response: z.output<typeof T.CustomerSummary>; };
  updateInspectionPlan: { params: z.input<typeof T.AppointmentParams>; query: undefined; body: z.input<typeof T.UpdateInspectionPlanBody>; response: z.output<typeof T.InspectionPlan>; };
  updateMaterial: { params: z.input<typeof T.MaterialParams>; query: undefined; body: z.input<typeof T.CatalogueMaterialBody>; response: z.output<typeof T.CatalogueMaterial>; };
  updateMessageTemplate: { params: z.input<typeof T.MessageTemplateParams>; query: undefined; body: z.input<typeof T.UpdateMessageTemplateBody>; response: z.output<typeof T.MessageTemplate>; };
  updateNotice: { params: z.input<typeof T.NoticeParams>; query: undefined; body: z.input<typeof T.UpdateNoticeBody>; response: z.output<typeof T.StaffNotice>; };
  updatePortalSettings: { params: undefined; query: undefined; body: z.input<typeof T.UpdatePortalSettingsBody>; response: z.output<typeof T.PortalSettings>; };
  updateQuickReply: { params: z.input<typeof T.QuickReplyParams>; query: undefined; body: z.input<typeof T.QuickReplyBody>; response: z.output<typeof T.QuickReply>; };
  updateServiceGuide: { params: z.input<typeof T.ServiceGuideParams>; query: undefined; body: z.input<typeof T.ServiceGuideInput>; response: z.output<typeof T.ServiceGuide>; };
  updateServiceHall: { params: z.input<typeof T.ServiceHallParams>; query: undefined; body: z.input<typeof T.ServiceHallInput>; response: z.output<typeof T.ServiceHall>; };
  updateSlotTemplate: { params: z.input<typeof T.SlotTemplateParams>; query: undefined; body: z.input<typeof T.SlotTemplateBody>; response: z.output<typeof T.SlotTemplate>; };
  updateStaff: { params: z.input<typeof T.StaffIdParams>; query: undefined; body: z.input<typeof T.UpdateStaffBody>; response: z.output<typeof T.StaffMember>; };
  uploadPhoto: { params: undefined; query: undefined; body: undefined; response: z.output<typeof T.UploadedPhoto>; };
  verifyOfficialAccountServer: { params: undefined; query: z.input<typeof T.OaPushQuery>; body: undefined; response: unknown; };
  wechatLogin: { params: undefined; query: undefined; body: z.input<typeof T.LoginCodeBody>; response: z.output<typeof T.ResidentSession>; };
  wechatPayNotify: { params: undefined; query: undefined; body: undefined; response: unknown; };
};
