/** Resident-facing texts shared by several pages (page-only texts stay in their page). */
import { GAS_LEAK_TITLE } from '@portal/types/src/safety';

export const strings = {
  appName: '燃气水暖服务',
  hotlineLabel: '24小时服务热线',
  callHotline: '拨打服务热线',
  elderMode: '长辈版',
  elderModeOn: '切换到长辈版(大字、大按钮)',
  elderModeOff: '返回标准版',
  elderModeHint: '字更大、按钮更大、首页只留常用功能',
  emergencyTitle: GAS_LEAK_TITLE,
  loading: '正在加载…',
  slow: '网络较慢,请稍候…',
  retry: '重新加载',
  empty: '暂无记录',
  noAccount: '还没有绑定户号',
  bindNow: '绑定户号',
  subscribeFailed:
    '微信未能弹出订阅提示。请在微信“设置 > 通知”或小程序右上角“… > 设置 > 订阅消息”中打开消息接收后重试。',
  phoneConsent: '授权后,当微信消息无法送达时(如停气通知),我们会发短信到该号码。可随时撤回。',
  phoneShared: '已授权,短信发送至',
  phoneHolder: '未授权手机号,短信将发送至户主预留手机',
  phoneNone: '未授权手机号,微信消息无法送达时将收不到短信',
  phoneShare: '授权手机号接收短信',
  phoneWithdraw: '撤回授权',
  phoneDenied: '未授权手机号',
} as const;
