/**
 * The resident pages: every page of the mini-program (and of the same pages built as H5), with the
 * query parameters it reads. Whatever opens a page (the mini-program's own navigation, a subscribe or
 * official-account template message, a 一户一码 mini-program code, an H5 link, a printed QR sheet)
 * names it here by key, so a misspelled page, a missing parameter or one the page does not read is a
 * type error. `miniprogram/src/app.config.ts` builds the app's pages, subpackages and tab bar from
 * this table; no page path is written anywhere else (server/test/platform/pageContract.test.ts).
 *
 * Plain data with no zod import, so Taro's config loader and the web bundles can import this file
 * directly (`@portal/types/src/pages`).
 */

type Param = 'required' | 'optional';
type PageSpec = { path: string; tab?: true; query: Record<string, Param> };

export const RESIDENT_PAGES = {
  // Tab pages (the main package).
  home: { path: 'pages/home/index', tab: true, query: {} },
  bills: { path: 'pages/bills/index', tab: true, query: {} },
  service: { path: 'pages/service/index', tab: true, query: {} },
  mine: { path: 'pages/mine/index', tab: true, query: {} },
  // Subpackages: `packages/<feature>/…`, one subpackage per feature folder.
  bindAccount: { path: 'packages/accounts/bind/index', query: {} },
  accounts: { path: 'packages/accounts/list/index', query: {} },
  accountDetail: { path: 'packages/accounts/detail/index', query: { accountNo: 'required' } },
  /** 过户 / 销户 online for one household. */
  accountChange: { path: 'packages/accounts/change/index', query: { accountNo: 'required' } },
  /** 开户 online: a home without an account (from 我的户号 and a household's 户务办理). */
  accountOpening: { path: 'packages/accounts/open/index', query: {} },
  /** 报停 / 复供 for one household: its supply now, and the application. */
  supplyChange: { path: 'packages/accounts/supply/index', query: { accountNo: 'required' } },
  billDetail: { path: 'packages/bills/detail/index', query: { id: 'required' } },
  billHistory: { path: 'packages/bills/history/index', query: {} },
  payResult: { path: 'packages/pay/result/index', query: { outTradeNo: 'required' } },
  /**
   * 扫码缴费 (一户一码). The token arrives as `scene` from a mini-program code (WeChat URL-encodes it),
   * as `t` from an H5 link, or inside `q` (the whole URL of an ordinary QR code the mini-program opened).
   */
  qrPay: { path: 'packages/qr-pay/index', query: { scene: 'optional', t: 'optional', q: 'optional' } },
  createService: { path: 'packages/service/create/index', query: { type: 'optional' } },
  orders: { path: 'packages/orders/list/index', query: {} },
  orderDetail: { path: 'packages/orders/detail/index', query: { orderNo: 'required' } },
  meterReading: { path: 'packages/meter-reading/index', query: {} },
  notices: { path: 'packages/notices/list/index', query: {} },
  noticeDetail: { path: 'packages/notices/detail/index', query: { id: 'required' } },
  /**
   * Opens (or resumes) the resident's chat; the context named here is shown to the agent. With a
   * sessionId (from 我的咨询记录) it shows that conversation: a closed one read-only, to rate it.
   */
  chat: {
    path: 'packages/chat/index',
    query: { accountNo: 'optional', orderNo: 'optional', billId: 'optional', sessionId: 'optional' },
  },
  /** 我的咨询记录: the resident's past conversations. */
  chatHistory: { path: 'packages/chat/history/index', query: {} },
  /** Information pages staff keep in the console: 营业网点, 价格, 业务指南. */
  serviceHalls: { path: 'packages/info/halls/index', query: {} },
  prices: { path: 'packages/info/prices/index', query: {} },
  serviceGuides: { path: 'packages/info/guides/index', query: {} },
  subscriptions: { path: 'packages/profile/subscriptions/index', query: {} },
  privacy: { path: 'packages/profile/privacy/index', query: {} },
  /** 注销: what is deleted and what the law keeps, then the confirmation. */
  deleteAccount: { path: 'packages/profile/delete-account/index', query: {} },
} as const satisfies Record<string, PageSpec>;

export type PageName = keyof typeof RESIDENT_PAGES;
/** Pages on the tab bar (main package; opened with switchTab, which carries no query). */
export type TabPageName = {
  [N in PageName]: (typeof RESIDENT_PAGES)[N] extends { tab: true } ? N : never;
}[PageName];
export type PagePath = (typeof RESIDENT_PAGES)[PageName]['path'];
/** A page as WeChat takes it in a message or mini-program code: no leading slash, query after `?`. */
export type PageLink = PagePath | `${PagePath}?${string}`;

type QueryOf<N extends PageName> = (typeof RESIDENT_PAGES)[N]['query'];
type Simplify<T> = { [K in keyof T]: T[K] };
/** The query a page reads: its required parameters must be given, and nothing it does not read. */
export type PageQuery<N extends PageName> = Simplify<
  { [K in keyof QueryOf<N> as QueryOf<N>[K] extends 'required' ? K : never]: string } & {
    [K in keyof QueryOf<N> as QueryOf<N>[K] extends 'optional' ? K : never]?: string;
  }
>;
/** The query argument: optional when the page has no required parameter. */
export type PageQueryArg<N extends PageName> =
  object extends PageQuery<N> ? [query?: PageQuery<N>] : [query: PageQuery<N>];

export const PAGE_NAMES = Object.keys(RESIDENT_PAGES) as PageName[];
export const PAGE_PATHS: PagePath[] = PAGE_NAMES.map((n) => RESIDENT_PAGES[n].path);
export const TAB_PAGES = PAGE_NAMES.filter((n): n is TabPageName => 'tab' in RESIDENT_PAGES[n]);

/**
 * Paths printed before the page contract existed, and the page that now serves them. Door stickers
 * carry `/h5/#/pages/qr/index?scene=<token>` (and early mini-program codes `pages/qr/index`); both
 * keep opening the QR pay page with the same token.
 */
export const RETIRED_PAGES = { 'pages/qr/index': 'qrPay' } as const satisfies Record<string, PageName>;

/** Where the server serves the H5 build (Taro's `publicPath` and router `basename` too). */
export const H5_BASE_PATH = '/h5';

function queryString(query: Record<string, string | undefined> = {}): string {
  return Object.entries(query)
    .filter((e): e is [string, string] => e[1] !== undefined)
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join('&');
}

/** `packages/bills/detail/index?id=…`: the form subscribe messages, template messages and wxacode take. */
export function pageLink<N extends PageName>(name: N, ...[query]: PageQueryArg<N>): PageLink {
  const { path } = RESIDENT_PAGES[name];
  const qs = queryString(query as Record<string, string | undefined>);
  return (qs ? `${path}?${qs}` : path) as PageLink;
}

/** `/packages/bills/detail/index?id=…`: the form Taro.navigateTo and friends take. */
export function pageUrl<N extends PageName>(name: N, ...query: PageQueryArg<N>): `/${PageLink}` {
  return `/${pageLink(name, ...query)}`;
}

/** The same page in the H5 build: `${origin}/h5/packages/bills/detail/index?id=…`. */
export function h5PageUrl<N extends PageName>(origin: string, name: N, ...query: PageQueryArg<N>): string {
  return `${origin.replace(/\/$/, '')}${H5_BASE_PATH}${pageUrl(name, ...query)}`;
}

export type ParsedPageLink = { name: PageName; path: PagePath; query: Record<string, string> };

/**
 * Reads a page link back (a message's `page`, a wxacode's `page`, an app-relative URL): the page it
 * names and its query, or undefined when it names no page of the contract. A leading slash is allowed.
 */
export function parsePageLink(link: string): ParsedPageLink | undefined {
  const [rawPath, rawQuery = ''] = link.replace(/^\//, '').split('?', 2) as [string, string?];
  const name = PAGE_NAMES.find((n) => RESIDENT_PAGES[n].path === rawPath);
  if (!name) return undefined;
  const query: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(rawQuery)) query[k] = v;
  return { name, path: RESIDENT_PAGES[name].path, query };
}

/**
 * What is wrong with a link's query for its page: a required parameter missing or a parameter the page
 * does not read. An empty list for a good link; undefined when the link names no page.
 */
export function pageLinkProblems(link: string): string[] | undefined {
  const parsed = parsePageLink(link);
  if (!parsed) return undefined;
  const reads: Record<string, Param> = RESIDENT_PAGES[parsed.name].query;
  const problems: string[] = [];
  for (const [k, rule] of Object.entries(reads))
    if (rule === 'required' && !parsed.query[k]) problems.push(`missing ${k}`);
  for (const k of Object.keys(parsed.query)) if (!(k in reads)) problems.push(`unread ${k}`);
  return problems;
}

/** True when the link names a page of the contract with exactly the parameters that page reads. */
export const isPageLink = (link: string): link is PageLink => pageLinkProblems(link)?.length === 0;

/** The mini-program's packaging, as app.json lists it: tab pages in the main package, one subpackage per feature. */
export function appPackages(): { pages: PagePath[]; subPackages: { root: string; pages: string[] }[] } {
  const pages: PagePath[] = [];
  const subPackages: { root: string; pages: string[] }[] = [];
  for (const path of PAGE_PATHS) {
    const m = /^(packages\/[^/]+)\/(.+)$/.exec(path);
    if (!m) {
      pages.push(path);
      continue;
    }
    const [, root, page] = m as unknown as [string, string, string];
    const sub =
      subPackages.find((s) => s.root === root) ?? subPackages[subPackages.push({ root, pages: [] }) - 1]!;
    sub.pages.push(page);
  }
  return { pages, subPackages };
}
