/**
 * Pages and packaging, from the page contract (`types/src/pages.ts`): tab pages in the main package,
 * every other page in its feature's subpackage, so the main package stays under its 1 MB budget
 * (scripts/check-size.mjs enforces it). The H5 router takes its routes from this file too.
 */
import { appPackages, RESIDENT_PAGES, type TabPageName } from '@portal/types/src/pages';

const { pages, subPackages } = appPackages();

const tab = (page: TabPageName, text: string, icon: string) => ({
  pagePath: RESIDENT_PAGES[page].path,
  text,
  iconPath: `assets/tab/${icon}.png`,
  selectedIconPath: `assets/tab/${icon}-active.png`,
});

export default defineAppConfig({
  pages,
  subPackages,
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
      tab('home', '首页', 'home'),
      tab('bills', '缴费', 'bills'),
      tab('service', '服务', 'service'),
      tab('mine', '我的', 'mine'),
    ],
  },
  // 营业网点 sorts halls by distance once the resident taps and grants their location (WeChat requires both).
  requiredPrivateInfos: ['getLocation'],
  permission: { 'scope.userLocation': { desc: '用于计算您与营业网点的距离' } },
  // The QR pay page is also reached from 一户一码 mini-program codes (scene) without the tab bar.
  lazyCodeLoading: 'requiredComponents',
});
