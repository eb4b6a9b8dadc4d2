/**
 * SMS templates: the text is the provider's (registered with the signature and approved there); the
 * portal sends only the template id and its parameters. One template per resident event plus the two
 * staff alerts. `text` is what the template reads, with `{1}`, `{2}`… where the parameters go (Tencent
 * Cloud's notation): the README lists these for the utility to register, the sandbox registers them
 * as they are, and the development double renders them for reading.
 *
 * Template ids: SMS_TEMPLATE_IDS (JSON, name → id) over the defaults below (the sandbox's ids).
 */
import type { MessageEvent } from '@portal/types';
import type { Config } from '@portal/config';
import { formatAmount, formatDateTime, type FieldValue } from '../fieldRules';

export type SmsTemplateName =
  MessageEvent | 'bindingCode' | 'staffEscalation' | 'staffKpiAlert' | 'staffSecurityAlert';
type Data = Record<string, FieldValue>;

/** Longest parameter any provider account type accepts (Tencent Cloud: 12–20 by template type). */
export const SMS_PARAM_MAX = 20;

export type SmsTemplate = {
  name: SmsTemplateName;
  templateId: string;
  text: string;
  params: (d: Data) => string[];
};

const s = (v: FieldValue) => (v === undefined || v === null ? '' : String(v));
const day = (v: FieldValue) => formatDateTime(v, false);

const DEFINITIONS: Record<SmsTemplateName, Omit<SmsTemplate, 'name'>> = {
  paymentReceipt: {
    templateId: '2000001',
    text: '您的户号{1}已于{2}缴费{3},感谢您的支持。',
    params: (d) => [s(d.accountNo), formatDateTime(d.paidAt), formatAmount(d.amountFen)],
  },
  billReminder: {
    templateId: '2000002',
    text: '您的户号{1}{2}账单应缴{3},请于{4}前缴清。',
    params: (d) => [s(d.accountNo), s(d.period) || '本期', formatAmount(d.amountFen), day(d.dueAt)],
  },
  orderStatus: {
    templateId: '2000003',
    text: '您的工单{1}({2})状态已更新为:{3}。',
    params: (d) => [s(d.orderNo), s(d.title) || '服务工单', s(d.status)],
  },
  technicianAssigned: {
    templateId: '2000004',
    text: '您的工单{1}已派{2}师傅上门,联系电话{3}。',
    params: (d) => [s(d.orderNo), s(d.technicianName), s(d.technicianPhone)],
  },
  appointmentReminder: {
    templateId: '2000005',
    text: '您预约的上门服务时间为{1}至{2},地址{3},请保持电话畅通。',
    params: (d) => [formatDateTime(d.startAt), formatDateTime(d.endAt), s(d.address)],
  },
  outageNotice: {
    templateId: '2000006',
    text: '{1}:{2}自{3}至{4},原因:{5}。详情请查看公众号或小程序。',
    params: (d) => [s(d.title), s(d.area), formatDateTime(d.startAt), formatDateTime(d.endAt), s(d.reason)],
  },
  chatReply: {
    templateId: '2000007',
    text: '{1}回复了您的咨询,请打开小程序“在线客服”查看。',
    params: (d) => [s(d.agentName) || '在线客服'],
  },
  bindingCode: {
    templateId: '2000011',
    text: '您正在绑定户号{1},验证码{2},{3}分钟内有效。如非本人操作请忽略。',
    params: (d) => [s(d.accountNo), s(d.code), s(d.minutes)],
  },
  staffEscalation: {
    templateId: '2000101',
    text: '工单超时升级:{1}工单{2}({3})已超时,第{4}次升级,请尽快处理。',
    params: (d) => [s(d.areaCode), s(d.orderNo), s(d.label), s(d.level)],
  },
  staffKpiAlert: {
    templateId: '2000102',
    text: '报修异常提醒:{1}近24小时报修{2}单,高于基线{3}单,请关注。',
    params: (d) => [s(d.areaCode), s(d.count), s(d.threshold)],
  },
  staffSecurityAlert: {
    templateId: '2000103',
    text: '安全告警:{1}({2}),详情请在管理后台审计日志查看。',
    params: (d) => [s(d.what), s(d.key)],
  },
};

/** A parameter as providers take it: one line, no braces, at most SMS_PARAM_MAX characters, never empty. */
export function smsParam(v: string): string {
  const one = v.replace(/[{}\s]+/g, ' ').trim();
  const chars = [...one];
  const cut = chars.length > SMS_PARAM_MAX ? `${chars.slice(0, SMS_PARAM_MAX - 1).join('')}…` : one;
  return cut || '-';
}

/** The templates with SMS_TEMPLATE_IDS applied. */
export function smsTemplates(config: Pick<Config, 'SMS_TEMPLATE_IDS'>): Record<SmsTemplateName, SmsTemplate> {
  const ids = (config.SMS_TEMPLATE_IDS ?? {}) as Partial<Record<SmsTemplateName, string>>;
  return Object.fromEntries(
    Object.entries(DEFINITIONS).map(([name, t]) => {
      const params = (d: Data) => t.params(d).map(smsParam);
      return [name, { ...t, name, templateId: ids[name as SmsTemplateName] ?? t.templateId, params }];
    }),
  ) as Record<SmsTemplateName, SmsTemplate>;
}

/** What the resident reads (without the signature the provider adds): the text with its parameters. */
export function renderSms(text: string, params: string[]): string {
  return text.replace(/\{(\d+)\}/g, (_, n: string) => params[Number(n) - 1] ?? '');
}

/** How many parameters a template text takes. */
export function smsParamCount(text: string): number {
  return new Set(text.match(/\{\d+\}/g) ?? []).size;
}
