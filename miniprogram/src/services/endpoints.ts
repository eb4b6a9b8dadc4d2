/**
 * Typed calls by the server's operationIds (DESIGN.md, Contract). Paths live only here, in `paths`,
 * so a moved route is a one-line change. Types come from @portal/types (type-only imports: no zod in
 * the bundle).
 */
import type {
  Bill,
  BillList,
  CreatePaymentResult,
  Me,
  MeterReading,
  MyAccount,
  MyAccountDetail,
  Payment,
  QrBill,
  UsageHistory,
  WorkOrderView,
} from '@portal/types';
import { api } from './api';

export const paths = {
  getMe: '/api/me',
  exportMyData: '/api/me/export',
  bindAccount: '/api/accounts/bind',
  listMyAccounts: '/api/accounts',
  getMyAccount: (accountNo: string) => `/api/accounts/${encodeURIComponent(accountNo)}`,
  setDefaultAccount: (accountNo: string) => `/api/accounts/${encodeURIComponent(accountNo)}/default`,
  unbindAccount: (accountNo: string) => `/api/accounts/${encodeURIComponent(accountNo)}`,
  listBills: '/api/bills',
  getBill: (billId: string) => `/api/bills/${billId}`,
  getUsageHistory: (accountNo: string) => `/api/accounts/${encodeURIComponent(accountNo)}/usage`,
  submitMeterReading: '/api/meter-readings',
  createPayment: '/api/payments',
  getPayment: (outTradeNo: string) => `/api/payments/${encodeURIComponent(outTradeNo)}`,
  getQrBill: (token: string) => `/api/qr/${encodeURIComponent(token)}`,
  uploadPhoto: '/api/uploads/photos',
  createWorkOrder: '/api/work-orders',
  listMyWorkOrders: '/api/work-orders',
  getWorkOrder: (orderNo: string) => `/api/work-orders/${encodeURIComponent(orderNo)}`,
  rateWorkOrder: (orderNo: string) => `/api/work-orders/${encodeURIComponent(orderNo)}/rating`,
  listNotices: '/api/notices',
  getNotice: (id: string) => `/api/notices/${encodeURIComponent(id)}`,
  reportSubscriptions: '/api/subscriptions/report',
} as const;

/** createWorkOrder's answer: the order plus, for gas leaks, what to do right now. */
export type CreatedWorkOrder = WorkOrderView & { emergency: { hotline: string; instructions: string[] } | null };

export type Paged<T> = { items: T[]; total: number; page: number; pageSize: number };

/** Outage notice as the resident app reads it (the notices schema replaces this when it lands). */
export type NoticeSummary = {
  id: string;
  title: string;
  kind?: string;
  utility?: string;
  startAt: string;
  endAt?: string;
  area?: string;
  advice?: string;
  body?: string;
};

export const accountsApi = {
  me: () => api.get<Me>(paths.getMe),
  exportMyData: () => api.get<unknown>(paths.exportMyData),
  list: () => api.get<{ items: MyAccount[] }>(paths.listMyAccounts),
  get: (accountNo: string) => api.get<MyAccountDetail>(paths.getMyAccount(accountNo)),
  bind: (body: { accountNo: string; holderName?: string; phoneTail?: string }) => api.post<MyAccount>(paths.bindAccount, body),
  setDefault: (accountNo: string) => api.put<MyAccount>(paths.setDefaultAccount(accountNo)),
  unbind: (accountNo: string) => api.del<{ ok: true }>(paths.unbindAccount(accountNo)),
};

export const billingApi = {
  list: (query: { accountNo?: string; status?: Bill['status']; year?: number; page?: number }) => api.get<BillList>(paths.listBills, query),
  get: (billId: string) => api.get<Bill>(paths.getBill(billId)),
  usage: (accountNo: string, months = 12) => api.get<UsageHistory>(paths.getUsageHistory(accountNo), { months }),
  pay: (body: { accountNo?: string; qrToken?: string; billIds: string[] }) =>
    api.post<CreatePaymentResult>(paths.createPayment, body),
  payment: (outTradeNo: string) => api.get<Payment>(paths.getPayment(outTradeNo)),
  qrBill: (token: string) => api.get<QrBill>(paths.getQrBill(token), undefined, { auth: false }),
  submitReading: (body: { accountNo: string; meterNo?: string; reading: number; photoId: string }) =>
    api.post<MeterReading>(paths.submitMeterReading, body),
};

export const serviceApi = {
  create: (body: Record<string, unknown>) => api.post<CreatedWorkOrder>(paths.createWorkOrder, body),
  list: (query: { state?: WorkOrderView['state']; page?: number } = {}) => api.get<Paged<WorkOrderView>>(paths.listMyWorkOrders, query),
  get: (orderNo: string) => api.get<WorkOrderView>(paths.getWorkOrder(orderNo)),
  rate: (orderNo: string, body: { score: number; tags?: string[]; comment?: string }) =>
    api.post<WorkOrderView>(paths.rateWorkOrder(orderNo), body),
};

export const noticesApi = {
  list: (query: { accountNo?: string; page?: number } = {}) => api.get<Paged<NoticeSummary>>(paths.listNotices, query),
  get: (id: string) => api.get<NoticeSummary>(paths.getNotice(id)),
};
