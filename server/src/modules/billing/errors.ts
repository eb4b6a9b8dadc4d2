/**
 * The refusals of bill details, trial bills, receipts and e-invoices, in one place (codes stable,
 * Chinese messages for residents). They belong in the platform's error catalogue once it has one
 * factory per code.
 */
import { errors } from '../../platform/http/errors';

export const billingErrors = {
  billNotFound: () => errors.notFound('账单', 'BILL_NOT_FOUND'),
  tariffUnknown: (name: string) => errors.rule('TARIFF_UNKNOWN', `该户号的价格方案"${name}"尚未登记,暂不能计费,请联系客服`),
  tariffNotForUtility: (title: string) => errors.rule('TARIFF_NOT_FOR_UTILITY', `价格方案"${title}"不适用于该户号的用能类型,请联系客服`),
  heatingAreaMissing: () => errors.rule('HEATING_AREA_MISSING', '该户号未登记供暖面积,暂不能计算采暖费,请联系客服'),
  billNotPaid: (what: '下载缴费凭证' | '申请电子发票') => errors.rule('BILL_NOT_PAID', `账单缴清后才能${what}`),
  receiptLinkExpired: () => errors.unauthenticated('下载链接已失效,请返回账单重新下载'),
  invoicingUnavailable: () => errors.unavailable('INVOICING_UNAVAILABLE', '暂不能在线开具电子发票,请到营业厅办理'),
  invoiceNotFound: () => errors.notFound('发票申请', 'INVOICE_NOT_FOUND'),
  invoiceAlreadyRequested: () => errors.conflict('INVOICE_ALREADY_REQUESTED', '该账单已申请电子发票,请勿重复申请'),
};
