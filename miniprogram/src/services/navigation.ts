/**
 * Moving between pages, by the page contract's names (`types/src/pages.ts`): a misspelled page or a
 * missing or unread query parameter is a type error. Tab pages switch tabs; others navigate into
 * their subpackage. Pages read their query with `usePageQuery(name)`.
 */
import Taro, { useRouter } from '@tarojs/taro';
import {
  pageUrl,
  TAB_PAGES,
  type PageName,
  type PageQuery,
  type PageQueryArg,
  type TabPageName,
} from '@portal/types/src/pages';

const isTab = (name: PageName): name is TabPageName => (TAB_PAGES as PageName[]).includes(name);
const tabUrl = (name: TabPageName) => pageUrl(name);

/** Opens a page on top of this one (a tab page: switches to that tab). */
export function go<N extends PageName>(name: N, ...query: PageQueryArg<N>) {
  if (isTab(name)) return Taro.switchTab({ url: tabUrl(name) });
  return Taro.navigateTo({ url: pageUrl(name, ...query) });
}

/** Replaces this page (after a form is done: the order it created, not the form again). */
export function replaceWith<N extends PageName>(name: N, ...query: PageQueryArg<N>) {
  if (isTab(name)) return Taro.switchTab({ url: tabUrl(name) });
  return Taro.redirectTo({ url: pageUrl(name, ...query) });
}

/** Closes every page and opens a tab page afresh (after logging out). */
export function restartAt(name: TabPageName) {
  return Taro.reLaunch({ url: tabUrl(name) });
}

/** The query this page was opened with, as the contract names it (every parameter may be absent). */
export function usePageQuery<N extends PageName>(_name: N): Partial<PageQuery<N>> {
  return useRouter().params as Partial<PageQuery<N>>;
}
