/**
 * Pages and packaging. Tab pages live in the main package; everything else is a subpackage so the
 * main package stays under its 1 MB budget (scripts/check-size.mjs enforces it).
 */
export default defineAppConfig({
  pages: ['pages/home/index', 'pages/bills/index', 'pages/service/index', 'pages/mine/index'],
  subPackages: [
    { root: 'packages/accounts', pages: ['bind/index', 'list/index', 'detail/index'] },
    { root: 'packages/bills', pages: ['detail/index', 'history/index'] },
    { root: 'packages/pay', pages: ['result/index'] },
    { root: 'packages/qr-pay', pages: ['index'] },
    { root: 'packages/service', pages: ['create/index'] },
    { root: 'packages/orders', pages: ['list/index', 'detail/index'] },
    { root: 'packages/meter-reading', pages: ['index'] },
    { root: 'packages/notices', pages: ['list/index', 'detail/index'] },
    { root: 'packages/chat', pages: ['index'] },
    { root: 'packages/profile', pages: ['subscriptions/index', 'privacy/index'] },
  ],
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTitleText: '燃气水暖服务',
    navigationBarTextStyle: 'black',
    backgroundColor: '#f5f6f7',
  },
  tabBar: {
    color: '#4a4a4a',
    selectedColor: '#0b6bcb',
    backgroundColor: '#ffffff',
    borderStyle: 'black',
    list: [
      { pagePath: 'pages/home/index', text: '首页', iconPath: 'assets/tab/home.png', selectedIconPath: 'assets/tab/home-active.png' },
      { pagePath: 'pages/bills/index', text: '缴费', iconPath: 'assets/tab/bills.png', selectedIconPath: 'assets/tab/bills-active.png' },
      { pagePath: 'pages/service/index', text: '服务', iconPath: 'assets/tab/service.png', selectedIconPath: 'assets/tab/service-active.png' },
      { pagePath: 'pages/mine/index', text: '我的', iconPath: 'assets/tab/mine.png', selectedIconPath: 'assets/tab/mine-active.png' },
    ],
  },
  // The QR page is also reached from 一户一码 mini-program codes (scene) without the tab bar.
  lazyCodeLoading: 'requiredComponents',
});
