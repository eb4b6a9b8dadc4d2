/**
 * Typed calls by the server's operationIds (DESIGN.md, Contract), checked against the route files
 * (server/src/modules/<feature>/*.routes.ts) and types/src. Paths live only here, in `paths`, so a
 * moved route is a one-line change. Types come from @portal/types (type-only imports: no zod in the bundle).
 */
import type {
  Bill,
  BillList,
  ChatMessage,
  ChatSession,
  CreatePaymentBody,
  CreatePaymentResult,
  CreateWorkOrderBody,
  Me,
  MeterReading,
  MyAccount,
  MyAccountDetail,
  MySubscriptions,
  Notice,
  Payment,
  QrBill,
  Rating,
  ReportSubscriptionsBody,
  SubmitMeterReadingBody,
  UsageHistory,
  WorkOrderCategory,
  WorkOrderState,
  WorkOrderType,
  WorkOrderView,
} from '@portal/types';
import { api } from './api';

const seg = encodeURIComponent;

export const paths = {
  // accounts (server/src/modules/accounts/resident.routes.ts)
  getMe: '/api/me',
  exportMyData: '/api/me/export',
  bindAccount: '/api/accounts/bind',
  requestBindingCode: '/api/accounts/bind/sms-code',
  listMyAccounts: '/api/accounts',
  getMyAccount: (accountNo: string) => `/api/accounts/${seg(accountNo)}`,
  setDefaultAccount: (accountNo: string) => `/api/accounts/${seg(accountNo)}/default`,
  unbindAccount: (accountNo: string) => `/api/accounts/${seg(accountNo)}`,
  // billing (billing.routes.ts, payments.routes.ts, qr.routes.ts)
  listBills: '/api/bills',
  getBill: (billId: string) => `/api/bills/${seg(billId)}`,
  getUsageHistory: (accountNo: string) => `/api/accounts/${seg(accountNo)}/usage`,
  submitMeterReading: '/api/meter-readings',
  createPayment: '/api/payments',
  listMyPayments: '/api/payments',
  getPayment: (outTradeNo: string) => `/api/payments/${seg(outTradeNo)}`,
  getQrBill: (token: string) => `/api/qr/${seg(token)}`,
  // demo only (modules/demo): the sandbox's pay action standing in for the WeChat pay sheet
  sandboxConfirmPayment: (outTradeNo: string) => `/api/demo/sandbox-pay/${seg(outTradeNo)}`,
  // uploads
  uploadPhoto: '/api/uploads',
  photo: (id: string) => `/api/uploads/${seg(id)}`,
  // work orders (workorder.routes.ts, service.routes.ts, appointment.routes.ts)
  createWorkOrder: '/api/work-orders',
  listMyWorkOrders: '/api/work-orders',
  getWorkOrder: (orderNo: string) => `/api/work-orders/${seg(orderNo)}`,
  transitionWorkOrder: (orderNo: string) => `/api/work-orders/${seg(orderNo)}/transitions`,
  rateWorkOrder: (orderNo: string) => `/api/work-orders/${seg(orderNo)}/rating`,
  listSlots: '/api/slots',
  bookAppointment: '/api/appointments',
  cancelAppointment: (id: string) => `/api/appointments/${seg(id)}`,
  rescheduleAppointment: (id: string) => `/api/appointments/${seg(id)}/reschedule`,
  // notices
  listNotices: '/api/notices',
  getNotice: (id: string) => `/api/notices/${seg(id)}`,
  markNoticeRead: (id: string) => `/api/notices/${seg(id)}/read`,
  // messaging
  reportSubscriptions: '/api/subscriptions',
  getMySubscriptions: '/api/subscriptions',
  // chat (HTTP; live traffic on the WebSocket /ws)
  openChatSession: '/api/chat/sessions',
  listChatMessages: (sessionId: string) => `/api/chat/sessions/${seg(sessionId)}/messages`,
  sendChatMessage: (sessionId: string) => `/api/chat/sessions/${seg(sessionId)}/messages`,
  markChatRead: (sessionId: string) => `/api/chat/sessions/${seg(sessionId)}/read`,
  closeChatSession: (sessionId: string) => `/api/chat/sessions/${seg(sessionId)}/close`,
  rateChatSession: (sessionId: string) => `/api/chat/sessions/${seg(sessionId)}/rating`,
  chatSocket: '/ws',
} as const;

/** createWorkOrder's answer: the order plus, for gas leaks, what to do right now. */
export type CreatedWorkOrder = WorkOrderView & { emergency: { hotline: string; instructions: string[] } | null };

export type Paged<T> = { items: T[]; total: number; page: number; pageSize: number };

export type Slot = {
  id: string;
  areaCode: string;
  type: WorkOrderType;
  date: string;
  window: 'am' | 'pm';
  label: string;
  startAt: string;
  endAt: string;
  capacity: number;
  remaining: number;
};
export type Appointment = { id: string; orderNo: string; slotId: string; startAt: string; endAt: string; label: string; status: 'booked' | 'cancelled' | 'done' };
export type OpenChatResult = { session: ChatSession; messages: ChatMessage[]; resumed: boolean };

export const accountsApi = {
  me: () => api.get<Me>(paths.getMe),
  exportMyData: () => api.get<unknown>(paths.exportMyData),
  list: () => api.get<{ items: MyAccount[] }>(paths.listMyAccounts),
  get: (accountNo: string) => api.get<MyAccountDetail>(paths.getMyAccount(accountNo)),
  bind: (body: { accountNo: string; holderName?: string; phoneTail?: string; smsCode?: string }) => api.post<MyAccount>(paths.bindAccount, body),
  requestBindingCode: (accountNo: string) => api.post<{ expiresInSeconds: number; resendAfterSeconds: number }>(paths.requestBindingCode, { accountNo }),
  setDefault: (accountNo: string) => api.put<MyAccount>(paths.setDefaultAccount(accountNo)),
  unbind: (accountNo: string) => api.del<unknown>(paths.unbindAccount(accountNo)),
};

export const billingApi = {
  /** `status`: one status or several comma-separated (`unpaid,overdue`). */
  list: (query: { accountNo?: string; status?: string; year?: number; page?: number; pageSize?: number }) =>
    api.get<BillList>(paths.listBills, query),
  /** What is owed: unpaid and overdue bills in one request, oldest period first (overdue first within a period). */
  outstanding: async (accountNo?: string): Promise<Bill[]> => {
    const owed = await api.get<BillList>(paths.listBills, { accountNo, status: 'unpaid,overdue', pageSize: 100 });
    const rank = (b: Bill) => (b.status === 'overdue' ? 0 : 1);
    return [...owed.items].sort((a, b) => a.period.localeCompare(b.period) || rank(a) - rank(b));
  },
  get: (billId: string) => api.get<Bill>(paths.getBill(billId)),
  usage: (accountNo: string, months = 12) => api.get<UsageHistory>(paths.getUsageHistory(accountNo), { months }),
  pay: (body: CreatePaymentBody) => api.post<CreatePaymentResult>(paths.createPayment, body),
  payments: (query: { accountNo?: string; page?: number } = {}) => api.get<Paged<Payment>>(paths.listMyPayments, query),
  payment: (outTradeNo: string) => api.get<Payment>(paths.getPayment(outTradeNo)),
  qrBill: (token: string) => api.get<QrBill>(paths.getQrBill(token), undefined, { auth: false }),
  submitReading: (body: SubmitMeterReadingBody) => api.post<MeterReading>(paths.submitMeterReading, body),
  sandboxConfirm: (outTradeNo: string) => api.post<{ ok: true }>(paths.sandboxConfirmPayment(outTradeNo), {}),
};

export const serviceApi = {
  create: (body: Partial<CreateWorkOrderBody> & { accountNo: string; description: string }) =>
    api.post<CreatedWorkOrder>(paths.createWorkOrder, body),
  list: (query: { state?: WorkOrderState; accountNo?: string; page?: number } = {}) =>
    api.get<Paged<WorkOrderView>>(paths.listMyWorkOrders, query),
  get: (orderNo: string) => api.get<WorkOrderView>(paths.getWorkOrder(orderNo)),
  /** Residents may only cancel (while the order's canCancel says so). */
  cancel: (orderNo: string, note?: string) => api.post<WorkOrderView>(paths.transitionWorkOrder(orderNo), { action: 'cancel', note }),
  rate: (orderNo: string, body: Omit<Rating, 'tags'> & { tags?: string[] }) => api.post<WorkOrderView>(paths.rateWorkOrder(orderNo), body),
  slots: (query: { areaCode: string; type: WorkOrderType; from: string; to: string }) => api.get<Slot[]>(paths.listSlots, query),
  book: (body: { slotId: string; orderNo?: string; accountNo?: string; category?: WorkOrderCategory; description?: string; contactPhone?: string }) =>
    api.post<Appointment>(paths.bookAppointment, body),
  cancelAppointment: (id: string) => api.del<Appointment>(paths.cancelAppointment(id)),
  reschedule: (id: string, slotId: string) => api.post<Appointment>(paths.rescheduleAppointment(id), { slotId }),
};

export const noticesApi = {
  list: (query: { mine?: boolean; utility?: string; page?: number } = {}) =>
    api.get<Paged<Notice>>(paths.listNotices, { ...query, mine: query.mine === undefined ? undefined : String(query.mine) }, { auth: 'optional' }),
  get: (id: string) => api.get<Notice>(paths.getNotice(id), undefined, { auth: 'optional' }),
  markRead: (id: string) => api.post<unknown>(paths.markNoticeRead(id), {}),
};

export const messagingApi = {
  mine: () => api.get<MySubscriptions>(paths.getMySubscriptions),
  report: (body: ReportSubscriptionsBody) => api.post<MySubscriptions>(paths.reportSubscriptions, body),
};

export const chatApi = {
  open: (body: { accountNo?: string; orderNo?: string; billId?: string; text?: string } = {}) =>
    api.post<OpenChatResult>(paths.openChatSession, body),
  messages: (sessionId: string, query: { after?: number; before?: number; limit?: number }) =>
    api.get<{ items: ChatMessage[]; hasMore: boolean; lastSeq: number }>(paths.listChatMessages(sessionId), query),
  send: (sessionId: string, body: Record<string, unknown> & { clientMsgId: string }) =>
    api.post<ChatMessage>(paths.sendChatMessage(sessionId), body),
  read: (sessionId: string, seq: number) => api.post<unknown>(paths.markChatRead(sessionId), { seq }),
  close: (sessionId: string) => api.post<ChatSession>(paths.closeChatSession(sessionId), {}),
  rate: (sessionId: string, body: { score: number; comment?: string }) => api.post<ChatSession>(paths.rateChatSession(sessionId), body),
};
