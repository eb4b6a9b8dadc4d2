/**
 * The error catalogue: one named factory per answer the API gives. Services throw these; the error
 * middleware turns them into the API's one error shape `{ error: { code, message } }`. Codes come from
 * `ErrorCode` (types/src/errorCodes.ts, shared with both apps); the Chinese messages for residents and
 * staff live here and nowhere else. A new kind of refusal gets a code there and a factory here.
 */
import type { ErrorCode } from '@portal/types/src/errorCodes';
import { fieldLabel } from './fieldLabels';

export type FieldProblem = { path: string; message: string };
export type { ErrorCode };

type Extra = { fields?: FieldProblem[]; retryAfterSeconds?: number; headers?: Record<string, string> };

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly status: number,
    message: string,
    readonly extra: Extra = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;

/** "请检查:读数不能大于 99999;户号不能为空": each field in words (fieldLabels.ts), at most three. */
function validationMessage(fields: FieldProblem[]): string {
  const said = [
    ...new Set(
      fields.map((f) => {
        const label = fieldLabel(f.path.split('.'));
        return f.message.startsWith(label)
          ? f.message
          : `${label}${/^[不应至包日时邮网格是]/.test(f.message) ? '' : ':'}${f.message}`;
      }),
    ),
  ];
  if (!said.length) return '请检查填写的内容';
  const shown = said.slice(0, 3).join(';');
  return said.length > 3 ? `请检查:${shown} 等 ${said.length} 项` : `请检查:${shown}`;
}

/** What the pay sheet says for WeChat's refusal codes, in residents' words. */
const PAY_SHEET_REFUSALS: Record<string, string> = {
  ORDERPAID: '该订单已支付',
  ORDER_CLOSED: '订单已关闭,请重新发起缴费',
  ORDER_EXPIRED: '订单已过期,请重新发起缴费',
  PREPAY_EXPIRED: '订单已过期,请重新发起缴费',
  PAYSIGN_INVALID: '支付参数校验失败,无法调起支付',
  PACKAGE_INVALID: '支付参数校验失败,无法调起支付',
  APPID_MISMATCH: '支付参数校验失败,无法调起支付',
};

const make = (code: ErrorCode, status: number) => (message: string, extra?: Extra) =>
  new AppError(code, status, message, extra);
const notFound = (code: ErrorCode, what: string) => () => new AppError(code, 404, `${what}不存在`);
const retryLater = (code: ErrorCode, message: string) => (retryAfterSeconds: number) =>
  new AppError(code, 429, message, {
    retryAfterSeconds,
    headers: { 'Retry-After': String(Math.max(1, Math.ceil(retryAfterSeconds))) },
  });

const unauthenticated = make('UNAUTHENTICATED', 401);
const forbidden = make('FORBIDDEN', 403);
const malformedBody = make('MALFORMED_BODY', 400);
const payloadTooLarge = make('PAYLOAD_TOO_LARGE', 413);
const unsupportedFileType = make('UNSUPPORTED_FILE_TYPE', 415);
const paymentInProgress = make('PAYMENT_IN_PROGRESS', 409);
const chatNotActive = make('CHAT_NOT_ACTIVE', 409);
const noticeClosed = make('NOTICE_CLOSED', 409);

const BINDING_LOCK_MESSAGES = {
  pair: '验证失败次数过多,请1小时后再试',
  user: '验证失败次数过多,请24小时后再试',
  account: '该户号近期验证失败次数过多,已暂停姓名验证;请使用短信验证码,或携带证件到营业厅办理',
} as const;

export const errors = {
  // ---- request shape and session ----
  /** 400 naming each offending field. */
  validation: (fields: FieldProblem[]) =>
    new AppError('VALIDATION_FAILED', 400, validationMessage(fields), { fields }),
  /** 400 for a parameter the database could not read as its type (an id that is no id). */
  badParameter: () => new AppError('VALIDATION_FAILED', 400, '请求参数有误'),
  malformedJson: () => malformedBody('请求体不是有效的 JSON'),
  malformedUpload: () => malformedBody('上传内容格式不正确'),
  unsupportedMediaType: () => new AppError('UNSUPPORTED_MEDIA_TYPE', 415, '不支持的请求格式'),
  /** A photo upload sent as JSON, text or a form instead of multipart or image bytes. */
  photoUploadMediaType: () =>
    new AppError('UNSUPPORTED_MEDIA_TYPE', 415, '请以 multipart/form-data 或图片格式上传照片'),
  payloadTooLarge: () => payloadTooLarge('请求内容过大'),
  fileTooLarge: (maxMb: number) => payloadTooLarge(`文件超过 ${maxMb}MB`),
  photoTooLarge: (maxMb: number) => payloadTooLarge(`照片不能超过 ${maxMb}MB`),
  unauthenticated: () => unauthenticated('请先登录'),
  sessionExpired: () => unauthenticated('登录已失效,请重新登录'),
  /** The token was issued before the subject's roles, areas, status or password changed (or logout everywhere). */
  sessionRevoked: () => new AppError('SESSION_REVOKED', 401, '登录已失效,请重新登录'),
  wrongPassword: () => unauthenticated('用户名或密码错误'),
  badSignature: () => unauthenticated('签名无效'),
  photoLinkExpired: () => unauthenticated('照片链接已失效,请刷新页面'),
  forbidden: () => forbidden('没有权限执行此操作'),
  outsideYourAreas: () => forbidden('不在您负责的片区'),
  routeNotFound: () => notFound('ROUTE_NOT_FOUND', '接口')(),
  /** A declared path asked with a method it does not declare; `allow` lists the ones it does. */
  methodNotAllowed: (allow: string[]) =>
    new AppError('METHOD_NOT_ALLOWED', 405, '该接口不支持此请求方法', {
      headers: { Allow: allow.join(', ') },
    }),
  duplicate: () => new AppError('DUPLICATE', 409, '记录已存在'),
  rateLimited: retryLater('RATE_LIMITED', '操作过于频繁,请稍后再试'),
  databaseUnavailable: () => new AppError('DATABASE_UNAVAILABLE', 503, '服务暂时不可用,请稍后再试'),
  serviceUnavailable: () => new AppError('SERVICE_UNAVAILABLE', 503, '服务暂时不可用,请稍后再试'),
  internal: () => new AppError('INTERNAL', 500, '服务器内部错误,请稍后再试'),

  // ---- accounts, binding, staff, import ----
  accountNotFound: notFound('ACCOUNT_NOT_FOUND', '户号'),
  accountClosed: () => new AppError('ACCOUNT_CLOSED', 422, '该户号已销户,无法绑定'),
  bindingProofMismatch: (triesLeft: number) =>
    new AppError('BINDING_PROOF_MISMATCH', 422, `户号或验证信息不正确,还可尝试${triesLeft}次`),
  /** `lock`: which limit was reached, one resident on one 户号 (1 h), one resident on many (24 h), one 户号 by many (24 h). */
  bindingLocked: (retryAfterSeconds: number, lock: 'pair' | 'user' | 'account' = 'pair') =>
    retryLater('BINDING_LOCKED', BINDING_LOCK_MESSAGES[lock])(retryAfterSeconds),
  bindingCodeLimited: retryLater('BINDING_CODE_LIMITED', '获取验证码过于频繁,请稍后再试'),
  bindingCodeLimitedForAccount: retryLater('BINDING_CODE_LIMITED', '该户号获取验证码过于频繁,请稍后再试'),
  bindingNotFound: notFound('BINDING_NOT_FOUND', '绑定'),
  holderPhoneNotFound: notFound('PHONE_NOT_FOUND', '预留电话'),
  tooManyBindings: (max: number) => new AppError('TOO_MANY_BINDINGS', 422, `最多可绑定${max}个户号`),
  staffNotFound: notFound('STAFF_NOT_FOUND', '员工'),
  staffLocked: retryLater('STAFF_LOCKED', '登录失败次数过多,账号已临时锁定'),
  /** Too many failed logins from one client address, across usernames. */
  loginThrottled: retryLater('LOGIN_THROTTLED', '登录失败次数过多,请稍后再试'),
  /** Personal-data reads per staff member per minute (STAFF_READS_PER_MINUTE). */
  staffReadLimited: retryLater('STAFF_READ_LIMITED', '查询客户信息过于频繁,请稍后再试'),
  usernameTaken: () => new AppError('USERNAME_TAKEN', 409, '用户名已存在'),
  cannotDemoteSelf: () => new AppError('CANNOT_DEMOTE_SELF', 422, '不能停用自己或移除自己的管理员角色'),
  importNotFound: notFound('IMPORT_NOT_FOUND', '导入任务'),
  importEnded: () => new AppError('IMPORT_ENDED', 409, '导入已结束,不能取消'),
  importFileUnreadable: () =>
    new AppError('IMPORT_FILE_UNREADABLE', 400, '文件无法读取,请确认是有效的 .xlsx 或 .csv'),
  /** H5 OAuth: a state this portal never issued, already took, or issued too long ago. */
  oauthStateInvalid: () =>
    new AppError('OAUTH_STATE_INVALID', 400, '登录请求已失效或不是从本页面发起的,请重新打开页面登录'),

  // ---- billing, payments, 一户一码, meter readings ----
  billNotFound: notFound('BILL_NOT_FOUND', '账单'),
  billAlreadyPaid: () => new AppError('BILL_ALREADY_PAID', 409, '该账单已缴清'),
  billCancelled: () => new AppError('BILL_CANCELLED', 409, '账单已作废'),
  nothingToPay: () => new AppError('NOTHING_TO_PAY', 422, '所选账单无需缴费'),
  paymentNotFound: notFound('PAYMENT_NOT_FOUND', '订单'),
  billBeingPaid: () => paymentInProgress('账单正在支付中,请稍后再试'),
  paymentChanged: () => paymentInProgress('订单状态已变化,请刷新后重试'),
  /** 一户一码: a payer who is not bound has started too many orders for one household today. */
  qrPayHoldsExhausted: retryLater(
    'QR_PAY_HOLDS_EXHAUSTED',
    '今天通过缴费码为该户发起的支付次数已达上限,请明天再试,或绑定户号后缴费',
  ),
  paymentNotRefundable: () => new AppError('PAYMENT_NOT_REFUNDABLE', 409, '该订单当前不可退款'),
  paymentUnavailable: () => new AppError('PAYMENT_UNAVAILABLE', 503, '微信支付暂时不可用,请稍后再试'),
  /** The pay sheet refused the order (demo: the sandbox's, with WeChat's code). */
  paySheetRefused: (wechatCode: string) =>
    new AppError('PAY_SHEET_REFUSED', 409, PAY_SHEET_REFUSALS[wechatCode] ?? '支付未完成,请稍后重试'),
  refundExceedsPaid: () => new AppError('REFUND_EXCEEDS_PAID', 409, '退款金额超过可退金额'),
  tradeBillNotReady: (billDate: string) =>
    new AppError(
      'TRADE_BILL_NOT_READY',
      422,
      `账单日期 ${billDate} 的微信支付账单尚未生成(次日 10:00 后可下载)`,
    ),
  tradeBillNotRun: notFound('TRADE_BILL_NOT_RUN', '该日的对账结果'),
  tradeBillHashMismatch: () =>
    new AppError('TRADE_BILL_HASH_MISMATCH', 502, '微信支付账单下载后校验不通过(SHA1 不符),请重新对账'),
  tradeBillMalformed: (why: string) =>
    new AppError('TRADE_BILL_MALFORMED', 502, `微信支付账单格式无法识别:${why}`),
  /** A WeChat Pay notification that does not match our order or refund (400: WeChat retries, we log). */
  notificationMismatch: (what: string) =>
    new AppError('NOTIFICATION_MISMATCH', 400, `通知与订单不符: ${what}`),
  wechatLoginRequired: () => new AppError('WECHAT_LOGIN_REQUIRED', 422, '请在微信中登录后再支付'),
  qrNotFound: notFound('QR_NOT_FOUND', '二维码'),
  /** A genuine code of this household that staff revoked (reprinted, 过户): the door sticker is stale. */
  qrRevoked: () => new AppError('QR_REVOKED', 410, '二维码已失效,请联系营业厅获取新的缴费码'),
  communityNotFound: notFound('COMMUNITY_NOT_FOUND', '小区'),
  meterReadingNotFound: notFound('METER_READING_NOT_FOUND', '抄表记录'),
  meterReadingReviewed: () => new AppError('METER_READING_REVIEWED', 409, '该读数已审核'),
  meterReadingPeriodBilled: (period: string) =>
    new AppError(
      'METER_READING_PERIOD_BILLED',
      409,
      `该户 ${period} 已出用量账单,这条读数不能再出账;请驳回,用量将计入下期`,
    ),
  readingBelowLast: (previous: number) =>
    new AppError('READING_BELOW_LAST', 422, `读数不能小于上次读数 ${previous},请核对表盘数字`),
  readingImplausible: (usage: number, average: number) =>
    new AppError(
      'READING_IMPLAUSIBLE',
      422,
      `本次用量 ${usage} 明显高于近 12 个月平均用量 ${average},请核对读数;如确认无误请联系客服`,
    ),

  // ---- tariffs, bill detail, receipts, e-invoices ----
  tariffUnknown: (name: string) =>
    new AppError('TARIFF_UNKNOWN', 422, `该户号的价格方案"${name}"尚未登记,暂不能计费,请联系客服`),
  tariffNotForUtility: (title: string) =>
    new AppError('TARIFF_NOT_FOR_UTILITY', 422, `价格方案"${title}"不适用于该户号的用能类型,请联系客服`),
  heatingAreaMissing: () =>
    new AppError('HEATING_AREA_MISSING', 422, '该户号未登记供暖面积,暂不能计算采暖费,请联系客服'),
  billNotPaid: (what: '下载缴费凭证' | '申请电子发票') =>
    new AppError('BILL_NOT_PAID', 422, `账单缴清后才能${what}`),
  receiptLinkExpired: () => unauthenticated('下载链接已失效,请返回账单重新下载'),
  invoicingUnavailable: () =>
    new AppError('INVOICING_UNAVAILABLE', 503, '暂不能在线开具电子发票,请到营业厅办理'),
  invoiceNotFound: notFound('INVOICE_NOT_FOUND', '发票申请'),
  invoiceAlreadyRequested: () =>
    new AppError('INVOICE_ALREADY_REQUESTED', 409, '该账单已申请电子发票,请勿重复申请'),

  // ---- work orders, appointments, inspections, ratings, admin config ----
  // ---- 过户 / 销户 ----
  accountChangeNotFound: notFound('ACCOUNT_CHANGE_NOT_FOUND', '过户/销户申请'),
  accountChangePending: (orderNo: string) =>
    new AppError('ACCOUNT_CHANGE_PENDING', 409, `该户号已有办理中的过户/销户申请(${orderNo}),请等待审核结果`),
  accountChangeDecided: () => new AppError('ACCOUNT_CHANGE_DECIDED', 409, '该申请已审核,请刷新后查看'),
  arrearsUnsettled: (count: number, yuan: string) =>
    new AppError(
      'ARREARS_UNSETTLED',
      422,
      `该户尚有 ${count} 笔未缴账单(共 ${yuan} 元),请先结清,或选择由新户主承接欠费`,
    ),
  approvedElsewhere: () =>
    new AppError('APPROVED_ELSEWHERE', 409, '该申请须在「过户/销户审批」中审核(需核对欠费与资料)'),
  arrearsNotCarriable: () => new AppError('ARREARS_NOT_CARRIABLE', 422, '销户须先结清全部欠费,不能承接'),
  // ---- 开户 ----
  openingAreaUnknown: () =>
    new AppError('OPENING_AREA_UNKNOWN', 422, '所选小区不在供应范围内,请重新选择小区', {
      fields: [{ path: 'body.areaCode', message: '所选小区不在供应范围内' }],
    }),
  alreadyOpened: (accountNo: string) =>
    new AppError('ALREADY_OPENED', 409, `该地址已开户(户号 ${accountNo}),请直接绑定户号`),
  openingPending: (orderNo: string) =>
    new AppError('OPENING_PENDING', 409, `该地址已有办理中的开户申请(${orderNo}),请等待审核结果`),
  // ---- 报停 / 复供 ----
  supplyChangeNotFound: notFound('SUPPLY_CHANGE_NOT_FOUND', '报停/复供申请'),
  supplyChangePending: (orderNo: string) =>
    new AppError('SUPPLY_CHANGE_PENDING', 409, `该户号已有办理中的报停/复供申请(${orderNo}),请等待审核结果`),
  supplyChangeDecided: () => new AppError('SUPPLY_CHANGE_DECIDED', 409, '该申请已审核,请刷新后查看'),
  supplyAlreadySuspended: (label: string) =>
    new AppError('SUPPLY_ALREADY_SUSPENDED', 422, `该户号${label},无需重复报停`),
  supplyNotSuspended: () => new AppError('SUPPLY_NOT_SUSPENDED', 422, '该户号未报停,无需申请复供'),
  heatingSuspendCutoffPassed: (season: string, cutoff: string) =>
    new AppError(
      'HEATING_SUSPEND_CUTOFF_PASSED',
      422,
      `${season} 供暖季报停须在 ${cutoff} 前申请,已过截止日期;如有特殊情况请联系客服`,
    ),
  notAreaHeating: () => new AppError('NOT_AREA_HEATING', 422, '该户号不是按面积计费的供热户'),
  orderNotFound: notFound('ORDER_NOT_FOUND', '工单'),
  orderChanged: () => new AppError('ORDER_CHANGED', 409, '工单刚被其他人更新,请刷新后重试'),
  orderOnHold: () => new AppError('ORDER_ON_HOLD', 409, '工单正在等待客户,请先恢复处理'),
  orderForwarded: () => new AppError('ORDER_FORWARDED', 422, '该工单由外部工单系统处理'),
  orderNotOpenForBooking: () => new AppError('ORDER_NOT_OPEN', 422, '工单已结束,不能预约'),
  invalidTransition: (nodeLabel: string) =>
    new AppError('INVALID_TRANSITION', 409, `工单当前为「${nodeLabel}」,不能执行此操作`),
  notYourOrderAction: () => forbidden('您无权对该工单执行此操作'),
  noTechnician: () => new AppError('NO_TECHNICIAN', 422, '没有可派的维修人员'),
  notRateable: () => new AppError('NOT_RATEABLE', 409, '该工单当前不能评价'),
  followUpNotFound: notFound('FOLLOW_UP_NOT_FOUND', '回访任务'),
  meterRouteNotFound: notFound('METER_ROUTE_NOT_FOUND', '抄表区段'),
  escalationNotFound: notFound('ESCALATION_NOT_FOUND', '升级记录'),
  escalationAcknowledged: () => new AppError('ESCALATION_ACKNOWLEDGED', 409, '该升级已确认'),
  planNotFound: notFound('PLAN_NOT_FOUND', '安检计划'),
  planRunning: () => new AppError('PLAN_RUNNING', 409, '该计划正在生成,请稍后'),
  hazardNotFound: notFound('HAZARD_NOT_FOUND', '隐患'),
  hazardRectified: () => new AppError('HAZARD_RECTIFIED', 409, '该隐患已整改销项,无需复查'),
  inspectionRecordNotFound: notFound('INSPECTION_RECORD_NOT_FOUND', '安检记录'),
  notAnInspection: () => new AppError('NOT_AN_INSPECTION', 422, '该工单不是安检工单'),
  appointmentNotFound: notFound('APPOINTMENT_NOT_FOUND', '预约'),
  appointmentChanged: () => new AppError('APPOINTMENT_CHANGED', 409, '预约刚被修改,请刷新后重试'),
  appointmentNotActive: () => new AppError('APPOINTMENT_NOT_ACTIVE', 409, '该预约已取消或已完成'),
  alreadyBooked: () => new AppError('ALREADY_BOOKED', 409, '该工单已有预约,请改约'),
  tooManyOpenBookings: (open: number) =>
    new AppError('TOO_MANY_OPEN_BOOKINGS', 422, `该户号已有 ${open} 个待上门的预约,请完成或取消后再约`),
  slotNotFound: notFound('SLOT_NOT_FOUND', '预约时段'),
  slotFull: () => new AppError('SLOT_FULL', 409, '该时段已约满,请选择其他时段'),
  slotMismatch: () => new AppError('SLOT_MISMATCH', 422, '该时段不适用于此地址或业务'),
  slotPast: () => new AppError('SLOT_PAST', 422, '该时段已过,请选择其他时段'),
  slotHeld: () => new AppError('SLOT_HELD', 409, '该时段暂停预约,请选择其他时段'),
  slotCapacityBelowBooked: (slotLabel: string, booked: number) =>
    new AppError(
      'SLOT_CAPACITY_BELOW_BOOKED',
      422,
      `时段「${slotLabel}」已约 ${booked} 户,容量不能低于 ${booked};如需减少,请先为已约居民改约或取消`,
      { fields: [{ path: 'body.capacity', message: `不能低于已约 ${booked} 户` }] },
    ),
  slotTemplateNotFound: notFound('SLOT_TEMPLATE_NOT_FOUND', '排班模板'),
  slotTemplateExists: (areaCode: string, typeLabel: string) =>
    new AppError('SLOT_TEMPLATE_EXISTS', 409, `片区 ${areaCode} 的「${typeLabel}」已有排班模板,请直接修改`),
  slotHoldNotFound: notFound('SLOT_HOLD_NOT_FOUND', '预留/停约'),
  materialNotFound: (code: string) =>
    new AppError('MATERIAL_NOT_FOUND', 422, `物料 ${code} 不在物料目录中或已停用`, {
      fields: [{ path: 'body.materials', message: `物料 ${code} 不在物料目录中或已停用` }],
    }),
  materialExists: (code: string) => new AppError('MATERIAL_EXISTS', 409, `物料编码 ${code} 已存在`),
  offShift: () => new AppError('OFF_SHIFT', 409, '您当前不在班,上班后才能共享位置'),
  areaCentreNotFound: notFound('AREA_CENTRE_NOT_FOUND', '片区中心点'),
  slaPolicyNotFound: notFound('SLA_POLICY_NOT_FOUND', 'SLA 时限'),
  teamNotFound: notFound('TEAM_NOT_FOUND', '班组'),
  dispatchRuleNotFound: notFound('DISPATCH_RULE_NOT_FOUND', '派单规则'),

  // ---- uploads ----
  photoNotFound: notFound('PHOTO_NOT_FOUND', '照片'),
  emptyFile: () => new AppError('EMPTY_FILE', 400, '请选择要上传的照片'),
  notAnImage: () => unsupportedFileType('只能上传 JPG、PNG 或 WebP 格式的照片'),
  brokenImage: () => unsupportedFileType('照片文件已损坏或格式不受支持'),

  // ---- notices ----
  noticeNotFound: notFound('NOTICE_NOT_FOUND', '通知'),
  noticeAlreadyPublished: () => new AppError('NOTICE_ALREADY_PUBLISHED', 409, '通知已发布'),
  noticeNotPublished: () => new AppError('NOTICE_NOT_PUBLISHED', 409, '只有已发布的通知可以恢复'),
  noticeChanged: () => new AppError('NOTICE_CHANGED', 409, '通知状态已变化,请刷新后重试'),
  noticeClosedForEdit: () => noticeClosed('通知已结束,不能修改'),
  noticeClosedForCancel: () => noticeClosed('通知已结束,不能撤销'),
  noticeTargetLocked: () => new AppError('NOTICE_TARGET_LOCKED', 409, '已发布的通知不能修改影响范围'),
  /** `verb`: 气 / 水 / 热. */
  noticePeriodTooShort: (verb: string, hours: number) =>
    new AppError(
      'NOTICE_PERIOD_TOO_SHORT',
      422,
      `计划停${verb}须提前${hours}小时发布;来不及时请改为"紧急"并说明原因`,
    ),

  // ---- KPI cockpit ----
  kpiRollupBusy: () => new AppError('KPI_ROLLUP_BUSY', 409, 'KPI 正在汇总中,请稍后再试'),

  // ---- holidays ----
  holidayYearNotFound: (year: number) =>
    new AppError('HOLIDAY_YEAR_NOT_FOUND', 404, `${year} 年录入的节假日安排不存在`),
  // ---- reaching residents: official-account message push, phone capture ----
  oaPushNotConfigured: () => new AppError('OA_PUSH_NOT_CONFIGURED', 403, '未配置公众号消息推送 Token'),
  oaPushBadSignature: () => new AppError('OA_PUSH_BAD_SIGNATURE', 401, '消息签名无效'),
  oaPushNotXml: () => new AppError('OA_PUSH_NOT_XML', 400, '消息格式错误'),
  oaPushEncrypted: () =>
    new AppError('OA_PUSH_ENCRYPTED', 400, '请在公众号后台将消息加解密方式设为明文模式或兼容模式'),
  oaPushIncomplete: () => new AppError('OA_PUSH_INCOMPLETE', 400, '消息缺少 FromUserName 或 CreateTime'),
  phoneCodeInvalid: () => new AppError('PHONE_CODE_INVALID', 400, '手机号授权已失效,请重新点击授权'),
  phoneUnavailable: () => new AppError('WECHAT_UNAVAILABLE', 503, '微信暂时无法提供手机号,请稍后再试'),
  phoneNotMainland: () => new AppError('PHONE_NOT_MAINLAND', 422, '暂只支持中国大陆手机号接收短信'),
  // ---- information pages ----
  serviceHallNotFound: notFound('SERVICE_HALL_NOT_FOUND', '营业网点'),
  serviceGuideNotFound: notFound('SERVICE_GUIDE_NOT_FOUND', '业务指南'),
  // ---- chat ----
  chatSessionNotFound: notFound('CHAT_SESSION_NOT_FOUND', '会话'),
  chatSessionClosed: () => new AppError('CHAT_SESSION_CLOSED', 422, '会话已结束,如需帮助请重新发起咨询'),
  chatNotAssigned: () => new AppError('CHAT_NOT_ASSIGNED', 403, '该会话未分配给您'),
  chatAlreadyAssigned: () => new AppError('CHAT_ALREADY_ASSIGNED', 409, '该会话已被接入或已结束'),
  chatAlreadyRated: () => new AppError('CHAT_ALREADY_RATED', 409, '您已评价过本次会话'),
  chatChanged: () => chatNotActive('会话状态已变化,请刷新'),
  chatNotTransferable: () => chatNotActive('只有进行中的会话可以转接'),
  chatNotClosed: () => new AppError('CHAT_NOT_CLOSED', 422, '会话结束后才能评价'),
  chatNotRateable: () => new AppError('CHAT_NOT_RATEABLE', 422, '该会话没有客服接待,无需评价'),
  chatNoAccount: () => new AppError('CHAT_NO_ACCOUNT', 422, '该客户未绑定户号,请先确认户号'),
  chatTransferSameAgent: () => new AppError('CHAT_TRANSFER_SAME_AGENT', 422, '不能转接给当前客服'),
  chatAgentNotFound: notFound('CHAT_AGENT_NOT_FOUND', '客服'),
  quickReplyNotFound: notFound('QUICK_REPLY_NOT_FOUND', '快捷回复'),
  chatRateLimited: retryLater('CHAT_RATE_LIMITED', '消息发送过于频繁,请稍后再试'),
  // the socket's error frames (/ws)
  chatForbidden: () => forbidden('没有权限使用在线客服'),
  tokenExpired: () => new AppError('TOKEN_EXPIRED', 401, '登录已过期,请重新连接'),
  alreadyAuthenticated: () => new AppError('ALREADY_AUTHENTICATED', 409, '已登录'),
  frameTooLarge: (maxBytes: number) =>
    new AppError('FRAME_TOO_LARGE', 413, `消息过大(上限 ${maxBytes} 字节)`),
  malformedFrame: () => new AppError('MALFORMED_FRAME', 400, '消息格式错误'),
  invalidFrame: (fields: string) => new AppError('INVALID_FRAME', 400, `消息内容有误:${fields}`),
  /** More than CHAT_MAX_QUEUED_FRAMES frames waiting on one socket. */
  tooManyFrames: () => new AppError('TOO_MANY_FRAMES', 429, '消息发送过快,请稍后再试'),
  chatUnavailable: () => new AppError('INTERNAL', 500, '服务暂时不可用,请稍后重试'),
};
