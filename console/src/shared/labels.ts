/** Chinese labels for the domain's codes; unknown codes are shown as they are. */
import { WORK_ORDER_CATEGORY_LABELS, WORK_ORDER_TYPE_LABELS } from '@portal/types/src/workOrderLabels';

export const UTILITY_LABELS: Record<string, string> = { gas: '燃气', water: '水', heating: '供热' };

export const ACCOUNT_STATUS_LABELS: Record<string, string> = {
  active: '正常',
  suspended: '停用',
  closed: '已销户',
  pending: '待通气',
};

/** WorkOrderType codes (types/src/workorders.ts); orders themselves carry the server's typeLabel. */
export const ORDER_TYPE_LABELS: Record<string, string> = WORK_ORDER_TYPE_LABELS;

/** WorkOrderCategory codes: what a resident reported (orders carry the server's categoryLabel). */
export const ORDER_CATEGORY_LABELS: Record<string, string> = WORK_ORDER_CATEGORY_LABELS;

/**
 * Work-order node keys with the default configuration's names (server/src/modules/workorders/config/defaults.ts),
 * for where no order carries its own statusLabel (an empty board column, a KPI drill-down). A type's own node
 * configuration may name a node otherwise; orders come with that name.
 */
export const ORDER_STATUS_LABELS: Record<string, string> = {
  accepted: '受理',
  dispatched: '派单',
  taken: '接单',
  departed: '出发',
  arrived: '到场',
  surveyed: '勘查',
  planned: '方案',
  reviewed: '审核',
  constructing: '施工',
  verified: '验收',
  processing: '处理',
  completed: '完工',
  rated: '回访/评价',
  closed: '关闭',
  cancelled: '已取消',
};

export const BILL_STATUS_LABELS: Record<string, string> = {
  unpaid: '未缴',
  paid: '已缴',
  overdue: '逾期',
  partial: '部分缴',
};

export const NOTICE_STATUS_LABELS: Record<string, string> = {
  draft: '草稿',
  scheduled: '待发布',
  published: '已发布',
  restored: '已恢复',
  cancelled: '已取消',
};

/** A narrowing code's name (a rule's type, a policy's category), or 全部 when it is empty: it then holds for all. */
export const labelOrAll = (map: Record<string, string>, code: string | undefined | null): string =>
  code ? label(map, code) : '全部';

/** A label table as a Select's options: each code with its name, in the table's order. */
export const labelOptions = (map: Record<string, string>): { value: string; label: string }[] =>
  Object.entries(map).map(([value, name]) => ({ value, label: name }));

export const label = (map: Record<string, string>, code: string | undefined | null): string =>
  code ? (map[code] ?? code) : '—';

export const NOTICE_KIND_LABELS: Record<string, string> = {
  planned: '计划',
  emergency: '紧急',
  pressureDrop: '降压',
  restoration: '恢复',
};

/** Delivery channels of a notice push (messaging: subscribe message → template message → SMS). */
export const CHANNEL_LABELS: Record<string, string> = {
  subscribe: '订阅消息',
  template: '模板消息',
  sms: '短信',
};

/** Why a channel was passed over for a resident (message deliveries' `skipped`); provider codes show as they are. */
export const SKIP_REASON_LABELS: Record<string, string> = {
  NO_GRANT: '未授权订阅',
  NO_MP_OPENID: '未用小程序',
  '43101': '订阅已用完',
  OA_NOT_CONFIGURED: '未配置公众号',
  NO_OA_OPENID: '未关联公众号',
  NOT_FOLLOWING: '未关注公众号',
  '43004': '已取消关注',
  SMS_OFF: '短信未开通',
  NO_PHONE: '无手机号',
  PHONE_ALREADY_TEXTED: '同一号码已发送',
};

export const CUSTOMER_TYPE_LABELS: Record<string, string> = {
  residential: '居民',
  commercial: '非居民(工商业)',
  public: '公建',
};
