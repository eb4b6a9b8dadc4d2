/**
 * 长辈版 and narrow phones, measured in a real browser on every resident page of the H5 build, against
 * MIIT's 《移动互联网应用(App)适老化通用设计规范》 as issue 18 quotes it:
 * - on a 320-px phone, standard mode: nothing runs off the screen, tap targets ≥ 44 × 44, contrast ≥ 4.5:1;
 * - in 长辈版: every text ≥ 18 px and the largest ≥ 30 px, line height ≥ 1.3×, tap targets ≥ 60 × 60,
 *   contrast ≥ 4.5:1 (3:1 for text of 24 px = 18 pt and more), still nothing off the screen.
 * The pages come from the page contract the app config is built from (types/src/pages.ts), so a page
 * added there is measured too. Screenshots of each page in both modes are kept in test-results/screenshots.
 * Also the journeys around it: the home's switch, the 我的 entry, the choice kept on the resident's
 * record, and the hotline staff save in the console's settings shown on the H5 with no new build.
 * Needs the H5 build (`npm run build:h5`).
 */
import type { Page } from 'playwright-core';
import { h5PageUrl, PAGE_NAMES, RESIDENT_PAGES, type PageName } from '@portal/types';
import { DEMO_RESIDENT } from '../server/src/demo/accounts';
import { BindingModel } from '../server/src/modules/accounts/binding.model';
import { UserModel } from '../server/src/modules/accounts/user.model';
import { BillModel } from '../server/src/modules/billing/bill.model';
import { NoticeModel } from '../server/src/modules/notices/notice.model';
import { WorkOrderModel } from '../server/src/modules/workorders/orders/workorder.model';
import { confirmOauth, screenshot, useE2E } from './harness';

/** The little of the DOM the in-page measuring uses (this file compiles without the DOM library). */
type El = {
  getBoundingClientRect(): { width: number; height: number; right: number };
  tagName: string;
  classList: ArrayLike<string> & { contains(c: string): boolean };
  textContent: string | null;
  childNodes: ArrayLike<{ nodeType: number; textContent: string | null }>;
  parentElement: El | null;
  querySelectorAll(selector: string): ArrayLike<El>;
  closest(selector: string): El | null;
};
type Style = Record<
  | 'fontSize'
  | 'lineHeight'
  | 'color'
  | 'backgroundColor'
  | 'backgroundImage'
  | 'visibility'
  | 'display'
  | 'opacity'
  | 'fontWeight'
  | 'position',
  string
>;
declare const document: {
  querySelector(s: string): El | null;
  documentElement: El & { clientWidth: number };
};
declare function getComputedStyle(e: El): Style;
declare const localStorage: { removeItem(key: string): void };

type Figures = { minText: number; minLargest: number; minLine: number; minTap: number };
const STANDARD: Figures = { minText: 0, minLargest: 0, minLine: 0, minTap: 44 };
const ELDER: Figures = { minText: 18, minLargest: 30, minLine: 1.3, minTap: 60 };

const e2e = useE2E({ timeout: 240_000 });
let page: Page;
const query: Record<string, string> = {};

beforeAll(async () => {
  const context = await e2e.browser.newContext({
    viewport: { width: 320, height: 640 },
    deviceScaleFactor: 1,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  page = e2e.watchErrors(await context.newPage());
  // Real values for the pages' required parameters: the demo resident's own records.
  const user = await UserModel.findOne({ openidMp: DEMO_RESIDENT.openidMp }).lean();
  const binding = await BindingModel.findOne({ userId: user!._id }).lean();
  query.accountNo = binding!.accountNo;
  query.billId = String((await BillModel.findOne({ accountNo: binding!.accountNo }).lean())!._id);
  query.noticeId = String((await NoticeModel.findOne().lean())?._id ?? '0123456789abcdef01234567');
  query.orderNo =
    (await WorkOrderModel.findOne({ accountNo: binding!.accountNo }).lean())?.orderNo ?? 'WO202611220001';
});

/** What `read` gives once it settles on `want` (or its last value after 10 s). */
async function eventually<T>(read: () => Promise<T>, want: T): Promise<T> {
  const until = Date.now() + 10_000;
  let got = await read();
  while (got !== want && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 100));
    got = await read();
  }
  return got;
}
const elderOnRecord = async () =>
  (await UserModel.findOne({ openidOa: DEMO_RESIDENT.openidOa }).lean())?.preferences?.elderMode;

/** A page's required parameters, filled from the demo resident's records. */
function urlOf(name: PageName): string {
  const params: Record<string, string> = {};
  for (const [key, need] of Object.entries(RESIDENT_PAGES[name].query)) {
    if (need !== 'required') continue;
    params[key] =
      key === 'id'
        ? name.toLowerCase().includes('notice')
          ? query.noticeId!
          : query.billId!
        : key === 'accountNo'
          ? query.accountNo!
          : key === 'orderNo'
            ? query.orderNo!
            : 'P000000000000000';
  }
  return (h5PageUrl as (o: string, n: PageName, q?: Record<string, string>) => string)(
    e2e.portal.url,
    name,
    params,
  );
}

/** Measured in the page: each visible text and tap target, with what it fails. */
function measure(figures: Figures) {
  const px = (v: string) => parseFloat(v) || 0;
  const parse = (c: string) => (c.match(/[\d.]+/g) ?? []).map(Number);
  const lum = ([r, g, b]: number[]) => {
    const f = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
    return 0.2126 * f(r!) + 0.7152 * f(g!) + 0.0722 * f(b!);
  };
  const backgroundOf = (el: El | null): number[] => {
    for (let e = el; e; e = e.parentElement) {
      const style = getComputedStyle(e);
      // A gradient (NutUI's primary buttons): its first colour.
      const gradient = style.backgroundImage.match(/gradient\((?:[^,]*deg,)?\s*(rgba?\([^)]*\))/);
      if (gradient) return parse(gradient[1]!).slice(0, 3);
      const c = parse(style.backgroundColor);
      if (c.length >= 3 && (c.length < 4 || c[3]! > 0.5)) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const visible = (el: El) => {
    const r = el.getBoundingClientRect();
    const s = getComputedStyle(el);
    return (
      r.width > 0 &&
      r.height > 0 &&
      s.visibility !== 'hidden' &&
      s.display !== 'none' &&
      Number(s.opacity) > 0
    );
  };
  const label = (el: El) =>
    `${el.tagName.toLowerCase()}.${Array.from(el.classList).join('.')} "${(el.textContent ?? '').trim().slice(0, 12)}"`;
  const problems: string[] = [];
  let largest = 0;
  const root = document.querySelector('#app')!;
  for (const el of Array.from(root.querySelectorAll('*'))) {
    const own = Array.from(el.childNodes).some((n) => n.nodeType === 3 && n.textContent!.trim());
    if (!own || !visible(el)) continue;
    // Inactive controls are exempt from the contrast figure (WCAG 1.4.3), not from size.
    const inactive = Boolean(el.closest('[disabled], .nut-button-disabled'));
    const s = getComputedStyle(el);
    const size = px(s.fontSize);
    largest = Math.max(largest, size);
    if (size < figures.minText) problems.push(`text ${size}px < ${figures.minText}: ${label(el)}`);
    const line = s.lineHeight === 'normal' ? 1.2 * size : px(s.lineHeight);
    if (figures.minLine && line < figures.minLine * size - 0.5)
      problems.push(`line ${line.toFixed(1)}px < ${figures.minLine}×: ${label(el)}`);
    const fg = parse(s.color);
    const [a, b] = [lum(fg), lum(backgroundOf(el))].sort((x, y) => y - x);
    const ratio = (a! + 0.05) / (b! + 0.05);
    const need = size >= 24 || (size >= 18.5 && Number(s.fontWeight) >= 700) ? 3 : 4.5;
    if (!inactive && ratio < need) problems.push(`contrast ${ratio.toFixed(2)} < ${need}: ${label(el)}`);
  }
  const targets = root.querySelectorAll(
    '.tap, .nut-button, .row-link[onclick], [role=button], [role=switch], button, input, textarea, .nut-radio, .weui-tabbar__item',
  );
  for (const el of Array.from(targets)) {
    if (!visible(el)) continue;
    const r = el.getBoundingClientRect();
    if (Math.round(r.height) < figures.minTap || Math.round(r.width) < figures.minTap)
      problems.push(`tap ${Math.round(r.width)}×${Math.round(r.height)} < ${figures.minTap}: ${label(el)}`);
  }
  const width = document.documentElement.clientWidth;
  for (const el of Array.from(root.querySelectorAll('*'))) {
    const r = el.getBoundingClientRect();
    if (visible(el) && r.right > width + 1 && getComputedStyle(el).position !== 'fixed')
      problems.push(`off screen (${Math.round(r.right)} > ${width}): ${label(el)}`);
  }
  return { problems: [...new Set(problems)], largest };
}

/** Opens a page and waits until its content (not the loading state) is drawn. */
async function open(name: PageName) {
  await page.goto(urlOf(name));
  await page.locator('#app *').first().waitFor();
  await page
    .locator('[aria-busy="true"]')
    .first()
    .waitFor({ state: 'detached', timeout: 10_000 })
    .catch(() => undefined);
  await page.waitForTimeout(150); // the last paint after the data arrives
}

/** Each page's findings, and the app's largest text (the standard's "largest ≥ 30": the biggest size the app offers). */
async function measureEveryPage(mode: 'standard' | 'elder', figures: Figures) {
  const findings: Record<string, string[]> = {};
  let largest = 0;
  for (const name of PAGE_NAMES) {
    await open(name);
    expect(await page.evaluate(() => document.documentElement.classList.contains('elder'))).toBe(
      mode === 'elder',
    );
    const measured = await page.evaluate(measure, figures);
    if (measured.problems.length) findings[name] = measured.problems;
    largest = Math.max(largest, measured.largest);
    if (name === 'home' && measured.largest < figures.minLargest)
      findings.home = [
        ...(findings.home ?? []),
        `largest text ${measured.largest}px < ${figures.minLargest}`,
      ];
    await screenshot(page, `320px-${mode}-${name}`);
  }
  expect(largest).toBeGreaterThanOrEqual(figures.minLargest);
  return findings;
}

it('signs in at 320 px, and every page fits and has tap targets of 44 px with readable contrast', async () => {
  // Staff changed the hotline in the console's 服务设置: the H5 shows the new one with no new build.
  const admin = await e2e.portal.api('POST', '/api/staff/login', {
    body: { username: 'admin', password: 'admin123' },
  });
  const saved = await e2e.portal.api('PUT', '/api/staff/settings', {
    token: admin.body.token,
    body: { hotline: '96777', chatServiceHours: '00:00-24:00' },
  });
  expect(saved.status).toBe(200);
  await page.goto(`${e2e.portal.url}/h5/`);
  await page.waitForSelector('#openid');
  await confirmOauth(page, DEMO_RESIDENT.openidOa);
  await page.waitForURL(/\/h5\//);
  await page.getByText('96777').first().waitFor();

  expect(await measureEveryPage('standard', STANDARD)).toEqual({});
});

it('turns 长辈版 on from the home page: a simpler home, kept on the resident, and every page meets the figures', async () => {
  await open('home');
  await page.getByText('切换到长辈版').click();
  // The simpler home: pay, report a fault, call the hotline, my orders.
  const home = page.locator('.elder-home');
  for (const label of ['缴费', '报修', '拨打服务热线', '我的工单'])
    await home.getByText(label, { exact: true }).waitFor();
  await home.getByText('96777').waitFor();
  expect(await eventually(elderOnRecord, true)).toBe(true);

  expect(await measureEveryPage('elder', ELDER)).toEqual({});

  // A new visit (local storage cleared: another device) opens in 长辈版 from the resident's record.
  await page.evaluate(() => localStorage.removeItem('portal.elderMode'));
  await open('home');
  await page.getByText('拨打服务热线').waitFor();
  // 我的 → 设置 → 长辈版 switches back.
  await open('mine');
  await page.getByRole('switch').click();
  const elderClassOn = () => page.evaluate(() => document.documentElement.classList.contains('elder'));
  expect(await eventually(elderClassOn, false)).toBe(false);
  expect(await eventually(elderOnRecord, false)).toBe(false);
});
