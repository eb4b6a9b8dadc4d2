/** Page paths in one place: tab pages switch tabs, others navigate into subpackages. */
import Taro from '@tarojs/taro';

export const routes = {
  home: '/pages/home/index',
  bills: '/pages/bills/index',
  service: '/pages/service/index',
  mine: '/pages/mine/index',
  bindAccount: '/packages/accounts/bind/index',
  accounts: '/packages/accounts/list/index',
  accountDetail: '/packages/accounts/detail/index',
  billDetail: '/packages/bills/detail/index',
  billHistory: '/packages/bills/history/index',
  payResult: '/packages/pay/result/index',
  qrPay: '/packages/qr-pay/index',
  createService: '/packages/service/create/index',
  orders: '/packages/orders/list/index',
  orderDetail: '/packages/orders/detail/index',
  meterReading: '/packages/meter-reading/index',
  notices: '/packages/notices/list/index',
  noticeDetail: '/packages/notices/detail/index',
  chat: '/packages/chat/index',
  subscriptions: '/packages/profile/subscriptions/index',
  privacy: '/packages/profile/privacy/index',
} as const;

const tabs: string[] = [routes.home, routes.bills, routes.service, routes.mine];

export function go(path: string, query: Record<string, string | undefined> = {}) {
  const qs = Object.entries(query)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${encodeURIComponent(v as string)}`)
    .join('&');
  if (tabs.includes(path)) return Taro.switchTab({ url: path });
  return Taro.navigateTo({ url: qs ? `${path}?${qs}` : path });
}
