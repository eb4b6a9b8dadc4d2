import fs from 'node:fs';
import path from 'node:path';
import {
  appPackages,
  h5PageUrl,
  isPageLink,
  pageLink,
  pageLinkProblems,
  pageUrl,
  parsePageLink,
  RESIDENT_PAGES,
  TAB_PAGES,
} from './pages';

describe('the resident page contract', () => {
  it('links a page with the parameters it reads, encoded', () => {
    expect(pageLink('orderDetail', { orderNo: 'WO202611220001' })).toBe(
      'packages/orders/detail/index?orderNo=WO202611220001',
    );
    expect(pageLink('notices')).toBe('packages/notices/list/index');
    expect(pageLink('qrPay', { t: 'a b&c' })).toBe('packages/qr-pay/index?t=a%20b%26c');
    expect(pageUrl('billDetail', { id: '65f0c0ffee' })).toBe('/packages/bills/detail/index?id=65f0c0ffee');
    expect(h5PageUrl('https://portal.example-gas.cn/', 'qrPay', { t: 'Tok.123' })).toBe(
      'https://portal.example-gas.cn/h5/packages/qr-pay/index?t=Tok.123',
    );
  });

  it('refuses a misspelled page and a missing or unread parameter at compile time', () => {
    // Each line below must stay a type error: tsc fails on an unused @ts-expect-error.
    // @ts-expect-error no such page
    expect(() => pageLink('orderDetails', { orderNo: 'x' })).toThrow();
    // @ts-expect-error the order page needs its orderNo
    pageLink('orderDetail');
    // @ts-expect-error the notice page reads id, not noticeId
    pageLink('noticeDetail', { noticeId: 'x' });
    // @ts-expect-error the chat page reads sessionId, not id
    pageLink('chat', { id: 'x' });
  });

  it('reads a link back, telling what is wrong with its query', () => {
    expect(parsePageLink('/packages/orders/detail/index?orderNo=WO1')).toEqual({
      name: 'orderDetail',
      path: 'packages/orders/detail/index',
      query: { orderNo: 'WO1' },
    });
    expect(parsePageLink('pages/orders/detail?orderNo=WO1')).toBeUndefined();
    expect(pageLinkProblems('packages/orders/detail/index')).toEqual(['missing orderNo']);
    expect(pageLinkProblems('packages/chat/index?id=1')).toEqual(['unread id']);
    expect(isPageLink('packages/chat/index?orderNo=WO1')).toBe(true);
    expect(isPageLink('pages/qr/index?scene=x')).toBe(false);
  });

  it('packs tab pages into the main package and every other page into its feature subpackage', () => {
    const { pages, subPackages } = appPackages();
    expect(pages).toEqual(TAB_PAGES.map((n) => RESIDENT_PAGES[n].path));
    expect(pages[0]).toBe(RESIDENT_PAGES.home.path);
    expect(subPackages).toContainEqual({ root: 'packages/qr-pay', pages: ['index'] });
    expect(subPackages).toContainEqual({ root: 'packages/orders', pages: ['list/index', 'detail/index'] });
    const all = [...pages, ...subPackages.flatMap((s) => s.pages.map((p) => `${s.root}/${p}`))];
    expect(all.sort()).toEqual(
      Object.values(RESIDENT_PAGES)
        .map((p) => p.path)
        .sort(),
    );
  });
});

describe('the README', () => {
  it("lists every page path a utility may have to enter on WeChat's side", () => {
    const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf("## WeChat: what a utility sets up on WeChat's side"));
    const named = [...section.matchAll(/`([^`]+)`/g)].flatMap(([, t]) => {
      const brace = /^(.*)\{([^}]+)\}(.*)$/.exec(t!);
      return brace ? brace[2]!.split(',').map((part) => `${brace[1]}${part}${brace[3]}`) : [t!];
    });
    const missing = Object.values(RESIDENT_PAGES)
      .map((p) => p.path)
      .filter((p) => !named.includes(p));
    expect(missing).toEqual([]);
  });
});
