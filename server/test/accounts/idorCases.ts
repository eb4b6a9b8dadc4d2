/**
 * IDOR cases: what the walker (idor.test.ts) sends for each resident operation. Routes whose path names a
 * household's record (`:accountNo`, `:billId`, `:orderNo`, `:sessionId`, `:outTradeNo`) are found
 * automatically; add an entry here when such a route needs a valid body or query to get past validation,
 * when the id travels in the body or query, or when the path says only `:id`. Every other resident
 * operation must be in NO_HOUSEHOLD_ID with the reason it names no other household's record: the walker
 * fails on a resident operation that is in neither list, so a new endpoint is decided, not forgotten.
 */
import type { ErrorCode } from '@portal/types/src/errorCodes';

/** Ids of the household under test; '$name' anywhere in a case is replaced by the value. */
export type HouseholdIds = {
  accountNo: string;
  billId: string;
  orderNo: string;
  sessionId: string;
  outTradeNo: string;
  appointmentId: string;
  photoId: string;
  /** A slot with room left in the household's area. */
  slotId: string;
};

export type IdorCase = {
  /** Sample input; '$accountNo', '$billId', ... anywhere in it are replaced by the household's ids. */
  body?: unknown;
  query?: Record<string, string>;
  /** Path parameters named only `:id`: which of the household's ids goes there ('$appointmentId'). */
  params?: Record<string, string>;
  /** The answer to another household's id; by default the "not found" of what the path names. */
  expect?: ErrorCode;
};

/** The "not found" for a path parameter that names a household's record. */
export const NOT_FOUND_BY_PARAM: Record<string, ErrorCode> = {
  accountNo: 'ACCOUNT_NOT_FOUND',
  billId: 'BILL_NOT_FOUND',
  orderNo: 'ORDER_NOT_FOUND',
  sessionId: 'CHAT_SESSION_NOT_FOUND',
  outTradeNo: 'PAYMENT_NOT_FOUND',
};

export const idorCases: Record<string, IdorCase> = {
  listBills: { query: { accountNo: '$accountNo' } },
  getUsageHistory: { query: { accountNo: '$accountNo' } },
  submitMeterReading: {
    body: { accountNo: '$accountNo', reading: 1300, photoId: '0123456789abcdef01234567' },
  },
  trialMeterReading: { body: { accountNo: '$accountNo', reading: 1300 }, expect: 'ACCOUNT_NOT_FOUND' },
  createWorkOrder: {
    body: {
      accountNo: '$accountNo',
      type: 'repair',
      category: 'indoorFault',
      description: '厨房有燃气味',
      contactPhone: '13800001234',
    },
  },
  createPayment: { body: { accountNo: '$accountNo', billIds: ['$billId'] }, expect: 'ACCOUNT_NOT_FOUND' },
  // The demo's pay step: well-formed pay-sheet parameters (never checked: another household's order is not found first).
  sandboxConfirmPayment: {
    body: {
      appId: 'wx0000000000000000',
      timeStamp: '1767225600',
      nonceStr: 'idor',
      package: 'prepay_id=wx0',
      signType: 'RSA',
      paySign: 'AAAA',
    },
  },
  openChatSession: { body: { accountNo: '$accountNo' }, expect: 'ACCOUNT_NOT_FOUND' },
  sendChatMessage: { body: { kind: 'text', text: '你好', clientMsgId: 'idor-1' } },
  markChatRead: { body: { seq: 0 } },
  rateChatSession: { body: { score: 5 } },
  rateWorkOrder: { body: { score: 5 } },
  transitionWorkOrder: { body: { action: 'cancel', note: '不需要了' } },
  requestInvoice: { body: { titleType: 'personal', title: '王芳', email: 'wf@example.com' } },
  cancelAppointment: { params: { id: '$appointmentId' }, expect: 'APPOINTMENT_NOT_FOUND' },
  rescheduleAppointment: {
    params: { id: '$appointmentId' },
    body: { slotId: '0123456789abcdef01234567' },
    expect: 'APPOINTMENT_NOT_FOUND',
  },
  bookAppointment: {
    body: { slotId: '$slotId', orderNo: '$orderNo' },
    expect: 'ORDER_NOT_FOUND',
  },
  applyAccountChange: {
    body: {
      kind: 'close',
      accountNo: '$accountNo',
      idPhotos: ['$photoId'],
      propertyProofs: ['$photoId'],
      finalReading: 1300,
      reason: '房屋出售',
    },
    expect: 'ACCOUNT_NOT_FOUND',
  },
  applySupplyChange: {
    body: { kind: 'resume', accountNo: '$accountNo', reading: 1300 },
    expect: 'ACCOUNT_NOT_FOUND',
  },
};

/** Resident operations that name no other household's record, each with why. */
export const NO_HOUSEHOLD_ID: Record<string, string> = {
  bindAccount: 'how access is gained: the proof is the check (access/bindingSpray.test.ts)',
  requestBindingCode: 'how access is gained: the code goes to the holder’s registered phone (bindingSpray)',
  listMyAccounts: 'lists the caller’s own bindings; takes no id',
  listOpeningAreas: 'the 小区 a new account may be opened in: the utility’s areas, no household’s record',
  applyAccountOpening:
    'a home with no account yet; its only ids are photos, which must be the caller’s own uploads (accountChanges/accountOpening.test.ts)',
  getMe: 'the caller’s own profile; takes no id',
  setElderMode: 'the caller’s own display preference (长辈版); takes no id',
  exportMyData: 'the caller’s own data (PIPL export); takes no id',
  deleteMyAccount: 'deletes the caller’s own user (注销); takes no id (privacy/accountDeletion.test.ts)',
  getMyPhone: 'the caller’s own phone; takes no id',
  captureMyPhone: 'sets the caller’s own phone from WeChat’s code; takes no id',
  removeMyPhone: 'removes the caller’s own phone; takes no id',
  getMySubscriptions: 'the caller’s own subscription quota; takes no id',
  reportSubscriptions: 'reports the caller’s own template consents; takes no id',
  listMyPayments: 'the caller’s own payments; takes no id',
  listMyWorkOrders: 'the caller’s own orders; takes no id',
  listMyChatSessions: 'the caller’s own conversations; takes no id',
  listSlots: 'open visit windows of an area, the same for every household; no household record',
  markNoticeRead: 'a notice is published to areas, not owned by a household (read marks are per user)',
  uploadPhoto: 'stores a new photo of the caller’s; naming others’ photos is access/photoOwnership.test.ts',
};
