/** Resident-facing texts shared by several pages (page-only texts stay in their page). */
export const strings = {
  appName: '燃气水暖服务',
  hotline: '96777',
  hotlineLabel: '24小时服务热线',
  emergencyTitle: '闻到燃气味?请立即:',
  emergencySteps: [
    '不要开关电器、不要打电话、不要点火',
    '关闭燃气表前阀门',
    '打开门窗通风',
    '到室外安全处拨打抢修电话',
  ],
  loading: '正在加载…',
  slow: '网络较慢,请稍候…',
  retry: '重新加载',
  empty: '暂无记录',
  noAccount: '还没有绑定户号',
  bindNow: '绑定户号',
} as const;
