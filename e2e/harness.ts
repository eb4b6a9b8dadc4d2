/**
 * End-to-end harness: a whole portal process as `npm start` runs it (WeChat sandbox, demo seed, workers,
 * built H5 and console), on its own database and ports, and Debian's Chromium driven by playwright-core.
 *
 *   const e2e = useE2E(); // the file's portal and browser, and a page-error check after each test
 *   it('…', async () => {
 *     const page = await e2e.phonePage();
 *     await page.goto(`${e2e.portal.url}/h5/`);
 *     await screenshot(page, 'home');
 *   });
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import {
  H5_BASE_PATH,
  PAGE_NAMES,
  parsePageLink,
  RESIDENT_PAGES,
  type PageName,
  type ParsedPageLink,
} from '@portal/types';
import { REPO_ROOT, startMongo, type RunningMongo } from '../server/src/platform/db/embeddedMongo';
import { startPortal, type Running } from '../server/src/platform/runtime';
import { demoHooks } from '../server/src/demo/hooks';
import { DEMO_RESIDENT } from '../server/src/demo/accounts';
import { UserModel } from '../server/src/modules/accounts/user.model';
import type { Clock } from '../server/src/deps';
import { SandboxClient } from '../server/sandbox/client';
import { expectAnswersDeclared, request, testMongoUri, type ApiResponse } from '../server/test/harness';
import { createApp } from '../server/src/app';
import { copyOfDemoTemplate, e2eConfig } from './demoTemplate';

export const RESULTS_DIR = path.join(REPO_ROOT, 'test-results');
export const SCREENSHOT_DIR = path.join(RESULTS_DIR, 'screenshots');

export type E2EPortal = Running & {
  sandbox: SandboxClient;
  api<T = any>(method: string, p: string, o?: { token?: string; body?: unknown }): Promise<ApiResponse<T>>;
};

/**
 * What this test file started, stopped when it ends whatever its own hooks did: a `beforeAll` that times out
 * leaves its portal starting, and a portal left running (workers, timers) would slow every file after it
 * and keep jest from exiting.
 */
const started = {
  portals: [] as Promise<Running>[],
  browsers: [] as Promise<Browser>[],
  database: undefined as Promise<RunningMongo> | undefined,
};
afterAll(async () => {
  const settled = <T>(p: Promise<T>) =>
    p.then(
      (v) => v,
      () => undefined,
    );
  await Promise.all(started.browsers.map(async (b) => (await settled(b))?.close()));
  const portals = (await Promise.all(started.portals.map(settled))).filter((p) => p !== undefined);
  await Promise.all(portals.map((p) => p.stop()));
  if (started.database) await (await settled(started.database))?.stop();
  // Every answer the pages and the tests got is one /openapi.json declares (as for every jest test server).
  if (portals.length) await expectAnswersDeclared(createApp(portals[0]!.deps));
}, 120_000);

/**
 * After a failed test, what every open page showed: its address, the toasts it had shown, the accessible
 * tree of what is on screen (the names a `getByRole` matches against) and a screenshot. A locator that
 * waited in vain then says whether its element was there under another name, covered, or gone.
 */
afterEach(async () => {
  if (!(globalThis as { __e2eTestFailed?: boolean }).__e2eTestFailed) return;
  const test = expect.getState().currentTestName ?? 'test';
  const browsers = await Promise.all(started.browsers.map((b) => b.catch(() => undefined)));
  const pages = browsers.flatMap((b) => b?.contexts().flatMap((c) => c.pages()) ?? []);
  for (const [i, page] of pages.entries()) {
    if (page.isClosed()) continue;
    const name = `failed-${test.slice(0, 40).replace(/[^\p{L}\p{N}]+/gu, '-')}-${i + 1}`;
    const shown = await Promise.all([
      screenshot(page, name).catch((e: Error) => `no screenshot (${e.message})`),
      recordedToasts(page).catch(() => []),
      page
        .locator('body')
        .ariaSnapshot({ timeout: 5_000 })
        .catch((e: Error) => `(no snapshot: ${e.message})`),
    ]);
    console.log(
      `page ${i + 1} of the failed test "${test}": ${page.url()}\n` +
        `screenshot: ${shown[0]}\ntoasts: ${JSON.stringify(shown[1])}\n` +
        `on screen:\n${shown[2].slice(0, 6_000)}`,
    );
  }
}, 60_000);

/**
 * The database server of this file's portals when they seed their own demo (a copy of the demo template brings
 * its own: demoTemplate.ts). On the SecantusDB stand-in, a fresh in-memory one per file (a second or two to
 * start): one stand-in shared by the whole browser run twice stalled late in it (a
 * WiredTiger page-in spinning while it created a collection, every other command waiting), and a fresh one
 * bounds whatever the stand-in accumulates to one file. A real MongoDB (mongod, MONGODB_URI) is shared.
 * E2E_SHARED_DB=true shares the stand-in too.
 */
async function databaseServer(): Promise<{ uri: string; shared: boolean }> {
  if (process.env.TEST_MONGODB_KIND !== 'secantusdb' || process.env.E2E_SHARED_DB === 'true')
    return { uri: testMongoUri(), shared: true };
  started.database ??= startMongo({ env: { EMBEDDED_DB: 'secantusdb' }, ttlSweepSeconds: 0 });
  return { uri: (await started.database).uri, shared: false };
}

/**
 * A whole portal as `npm start` runs it, the demo seeded, on its own ports and data. On the stand-in it starts
 * from a copy of the run's demo template (demoTemplate.ts) when it can, else on a database of its own. A test
 * can pass its own clock.
 */
export async function startE2EPortal(
  env: Record<string, string> = {},
  opts: { clock?: Clock } = {},
): Promise<E2EPortal> {
  const copy = copyOfDemoTemplate(env, opts.clock !== undefined);
  const server = copy ? undefined : await databaseServer();
  const uri = server && new URL(server.uri);
  if (uri) uri.pathname = `/e2e_${randomBytes(4).toString('hex')}`;
  const config = await e2eConfig({
    DATA_DIR: copy ?? fs.mkdtempSync(path.join(os.tmpdir(), 'portal-e2e-')),
    // A copy of the template brings the stand-in's files: the portal starts the stand-in on them.
    ...(uri ? { MONGODB_URI: uri.toString() } : { EMBEDDED_DB: 'secantusdb' }),
    ...env,
  });
  const starting = startPortal(config, { ...demoHooks, clock: opts.clock }).then((r) => ({
    ...r,
    stop: async () => {
      // A copy's stand-in has nothing to keep: it is ended at once, not after writing a checkpoint of files deleted next.
      await r.stop({ discardData: copy !== undefined });
      if (copy) fs.rmSync(copy, { recursive: true, force: true });
      // A file's own stand-in goes with the file (afterAll): nothing to drop.
      else if (server?.shared) await dropDatabase(uri!.toString());
    },
  }));
  started.portals.push(starting);
  const running = await starting;
  const sandbox = new SandboxClient(running.deps.config.WECHAT_API_BASE);
  return {
    ...running,
    sandbox,
    api: (method, p, o = {}) => request(running.url, method, p, o),
    stop: async () => {
      await running.stop();
    },
  };
}

/**
 * Drops a stopped portal's database: left behind, the run's databases (a demo seed each, twenty files) would
 * pile up in a shared server. Bounded, so a database that does not answer cannot hold up the next file.
 */
async function dropDatabase(uri: string): Promise<void> {
  const conn = mongoose.createConnection(uri, { serverSelectionTimeoutMS: 5_000 });
  try {
    await Promise.race([
      conn.asPromise().then((c) => c.dropDatabase()),
      new Promise((resolve) => setTimeout(resolve, 15_000).unref()),
    ]);
  } catch {
    // The next file uses a database of its own either way.
  } finally {
    await conn.close(true).catch(() => undefined);
  }
}

/** A clock that starts at `start` and runs at the real pace (a whole portal needs time to pass). */
export function tickingClock(start: Date): Clock {
  const offset = start.getTime() - Date.now();
  return { now: () => new Date(Date.now() + offset) };
}

const FAKE_CLOCK_VARS = new Set(['LD_PRELOAD', 'FAKETIME', 'FAKETIME_DONT_FAKE_MONOTONIC']);

/**
 * Chromium runs without libfaketime (under it Chromium takes minutes to start: `npm test` shifts the test
 * processes' clock); each page's clock is set to this process's instead (`pageClockFromNode`).
 */
export async function launchBrowser(): Promise<Browser> {
  const launching = chromium.launch({
    env: Object.fromEntries(Object.entries(process.env).filter(([k]) => !FAKE_CLOCK_VARS.has(k))),
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
  started.browsers.push(launching);
  return launching;
}

/** A phone-sized page (the resident's view): 390×844, touch, zh-CN. */
export async function phonePage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  await pageClockFromNode(context);
  await context.addInitScript(RECORD_TOASTS);
  return context.newPage();
}

/** A desktop page (the staff console). */
export async function desktopPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 1440, height: 900 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  await pageClockFromNode(context);
  await context.addInitScript(RECORD_TOASTS);
  return context.newPage();
}

/** The pages' clock reads what this process's does (shifted or not), and keeps running. */
async function pageClockFromNode(context: BrowserContext): Promise<void> {
  if (process.env.FAKETIME) await context.clock.setSystemTime(Date.now());
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Fails the test on any uncaught page error (a blank screen is a bug, not a pass). */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

/** The contract page a browser address shows in the H5 build (the bare `/h5/` is the first page, home). */
export function pageOf(address: URL | string): ParsedPageLink | undefined {
  const url = new URL(String(address));
  if (!url.pathname.startsWith(`${H5_BASE_PATH}/`)) return undefined;
  const rel = url.pathname.slice(H5_BASE_PATH.length + 1);
  if (rel === '')
    return {
      name: PAGE_NAMES[0]!,
      path: RESIDENT_PAGES[PAGE_NAMES[0]!].path,
      query: Object.fromEntries(url.searchParams),
    };
  return parsePageLink(rel + url.search);
}

/**
 * A session token of the demo resident, as the mini-program ('mp') or the official account's H5 ('oa') signs
 * them in: for a test's API calls beside the pages. The resident must have signed in that way once.
 */
export async function demoResidentToken(portal: E2EPortal, app: 'mp' | 'oa'): Promise<string> {
  const openid = app === 'mp' ? DEMO_RESIDENT.openidMp : DEMO_RESIDENT.openidOa;
  const user = await UserModel.findOne(app === 'mp' ? { openidMp: openid } : { openidOa: openid }).lean();
  if (!user) throw new Error(`the demo resident has not signed in through ${app} yet`);
  return portal.deps.tokens.sign({ kind: 'resident', userId: String(user._id), openid, app });
}

/**
 * The resident on the (sandbox) OAuth authorize page confirms as `openid`. A resident not yet joined to a
 * mini-program user is then sent once to WeChat's snsapi_userinfo consent page, and allows it there.
 */
export async function confirmOauth(page: Page, openid: string): Promise<void> {
  await page.fill('#openid', openid);
  const { body: first } = await h5OauthLogin<OauthAnswer>(page, () => page.click('#confirm'));
  if (!first.link?.askUserinfo) return loggedIn(page, first.token);
  await page.waitForURL(
    (u) => u.pathname === '/connect/oauth2/authorize' && u.searchParams.get('scope') === 'snsapi_userinfo',
  );
  const { body: second } = await h5OauthLogin<OauthAnswer>(page, () =>
    page.getByRole('button', { name: '允许' }).click(),
  );
  return loggedIn(page, second.token);
}

type OauthAnswer = { token: string; link?: { askUserinfo: boolean } };

/**
 * Does `act` and returns the h5-oauth login that follows: its status, its answer and what the page sent. The
 * answer is read on its way to the page: the page may navigate on as soon as it has it, after which the browser
 * no longer holds the body (`response.json()` after `waitForResponse` then fails now and then).
 */
export async function h5OauthLogin<T = any>(
  page: Page,
  act: () => Promise<void>,
): Promise<{ status: number; body: T; sent: string | null }> {
  const login = '**/api/auth/h5-oauth';
  const answered = new Promise<{ status: number; body: T; sent: string | null }>((resolve, reject) => {
    void page.route(
      login,
      async (route) => {
        try {
          const response = await route.fetch();
          const body = (await response.json()) as T;
          await route.fulfill({ response });
          resolve({ status: response.status(), body, sent: route.request().postData() });
        } catch (e) {
          reject(e);
        }
      },
      { times: 1 },
    );
  });
  await act();
  const answer = await answered;
  await page.unroute(login);
  return answer;
}

/** In the page (the e2e project has no DOM types). */
declare const localStorage: { getItem(key: string): string | null };

/**
 * Waits until the page has stored the session it was given. Until then the code exchange is still under way,
 * and a test that navigated on would cut it off: the next page, finding no session, goes to OAuth again.
 */
async function loggedIn(page: Page, token: string): Promise<void> {
  await page.waitForFunction((t) => (localStorage.getItem('portal.session.v1') ?? '').includes(t), token);
}

/** For `page.waitForURL(atPage('orderDetail'))`: the browser shows that page. */
export const atPage = (name: PageName) => (url: URL) => pageOf(url)?.name === name;

/** An antd button by its text (antd puts a space between two Chinese characters: "登 录"). */
export const antButton = (scope: Page | Locator, text: string) =>
  scope.getByRole('button', { name: new RegExp(`^${[...text].join('\\s*')}$`) });

/**
 * An antd modal once its opening zoom has finished (antd gives the dialog `ant-zoom-appear`/`ant-zoom-enter`
 * classes while it scales up). A click during the zoom is aimed at where its target was a frame earlier and
 * can land beside it, and the click is lost.
 */
export async function settledModal(page: Page, hasText?: string | RegExp): Promise<Locator> {
  const modal = page.locator('.ant-modal', hasText === undefined ? {} : { hasText });
  await modal.and(page.locator('.ant-modal:not([class*="ant-zoom-"])')).waitFor();
  return modal;
}

/**
 * Picks an option of an antd Select (`select`: the `.ant-select`, its combobox, or a form item or dialog holding
 * it) and waits until the select shows it. `search` is typed first, for selects that search. The option is
 * looked for in the dropdown that is open, not in one still fading out. A pick can be lost (CI lost two made while a dialog
 * zoomed in): the select then still shows its placeholder, and the pick is made once more before failing.
 */
export async function pickOption(
  select: Locator,
  option: string | RegExp,
  opts: { search?: string } = {},
): Promise<void> {
  const page = select.page();
  // The select holding `select` (its combobox) or inside it (a form item, a dialog), pinned by a mark: a
  // locator by its text (the placeholder, the value) no longer matches once the pick has taken.
  const mark = `pick-${Math.random().toString(36).slice(2)}`;
  await select.evaluate((el, m) => {
    const found = el.closest('.ant-select') ?? el.querySelector('.ant-select');
    if (!found) throw new Error('no antd select here');
    found.setAttribute('data-e2e-pick', m);
  }, mark);
  const root = page.locator(`[data-e2e-pick="${mark}"]`);
  const shown = root.locator('.ant-select-selection-item', { hasText: option });
  const choice = page
    .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', {
      hasText: option,
    })
    .first();
  for (let attempt = 1; ; attempt++) {
    if (!(await choice.isVisible())) {
      await root.locator('.ant-select-selector').click();
      if (opts.search !== undefined)
        await root.locator('.ant-select-selection-search-input').fill(opts.search);
    }
    await choice.click();
    try {
      await shown.first().waitFor({ timeout: 3_000 });
      return;
    } catch (error) {
      // Picking again when the select already shows it would take it off a multiple select.
      if ((await shown.count()) > 0) return;
      if (attempt === 2)
        throw new Error(`the select does not show ${String(option)} after two picks`, { cause: error });
    }
  }
}

/**
 * Takes one of an antd AutoComplete's suggestions (`box`: its combobox): types `typed`, clicks `option` in the
 * dropdown that is open, and waits until the box holds it. Unlike a Select's pick, the value is the box's text.
 */
export async function pickSuggestion(box: Locator, typed: string, option: string): Promise<void> {
  const page = box.page();
  for (let attempt = 1; ; attempt++) {
    await box.fill(typed);
    await page
      .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', {
        hasText: option,
      })
      .first()
      .click();
    if ((await box.inputValue()) === option) return;
    if (attempt === 2)
      throw new Error(`the box holds "${await box.inputValue()}" after picking ${option} twice`);
  }
}

/**
 * Runs in every page the harness opens: each toast (antd message or notification) is recorded as it appears, so that a
 * test can tell what the page said even when the toast was gone again before it looked (`toastShown`).
 */
const RECORD_TOASTS = `
  window.__toasts = [];
  const selector = '.ant-message-notice-content, .ant-notification-notice';
  new MutationObserver((changes) => {
    for (const change of changes)
      for (const node of change.addedNodes) {
        if (!(node instanceof Element)) continue;
        const toasts = node.matches(selector) ? [node] : node.querySelectorAll(selector);
        for (const t of toasts) if (t.textContent) window.__toasts.push(t.textContent);
      }
  }).observe(document, { childList: true, subtree: true });
`;

/** Every toast the page has shown so far (RECORD_TOASTS). */
const recordedToasts = (page: Page) => page.evaluate<string[]>('window.__toasts ?? []');

/**
 * Waits until the console page has shown a toast with this text (now or earlier: a toast lasts 3 s). When it
 * never comes, the error lists every toast the page did show, such as the refusal the action got instead.
 */
export async function toastShown(page: Page, text: string, timeoutMs = 30_000): Promise<void> {
  try {
    await page.waitForFunction(
      (t) => ((globalThis as { __toasts?: string[] }).__toasts ?? []).some((s) => s.includes(t)),
      text,
      { timeout: timeoutMs },
    );
  } catch (e) {
    const toasts = await recordedToasts(page);
    throw new Error(`no toast "${text}" within ${timeoutMs} ms; the page showed: ${JSON.stringify(toasts)}`, {
      cause: e,
    });
  }
}

/** Signs a demo staff member (password `<username>123`) into the console on a fresh desktop page. */
export async function consolePage(
  browser: Browser,
  portal: E2EPortal,
  username: string,
  pageErrors: string[][],
): Promise<Page> {
  const page = await desktopPage(browser);
  pageErrors.push(collectPageErrors(page));
  await signInToConsole(page, portal, username);
  return page;
}

/** Signs a demo staff member (password `<username>123`) into the console on this page. */
async function signInToConsole(page: Page, portal: E2EPortal, username: string): Promise<void> {
  await page.goto(`${portal.url}/console/login`);
  await page.getByPlaceholder('用户名').fill(username);
  await page.getByPlaceholder('密码').fill(`${username}123`);
  await antButton(page, '登录').click();
  await page.waitForURL((u) => !u.pathname.endsWith('/login'));
}

export type E2E = {
  /** The file's portal (started in `beforeAll`: read it in hooks and tests, not at the top of the file). */
  readonly portal: E2EPortal;
  readonly browser: Browser;
  phonePage(): Promise<Page>;
  desktopPage(): Promise<Page>;
  /** A staff member signed into the console, on a desktop page or (`phone`, as a technician uses it) a phone. */
  consolePage(username: string, o?: { phone?: boolean }): Promise<Page>;
  /** A page the file made itself, watched like the others: its uncaught errors fail the test. */
  watchErrors(page: Page): Page;
};

/**
 * The setup of a browser test file: one portal (with `env`, and a clock starting at `clockStart` and running at
 * the real pace) and one Chromium, started in `beforeAll` (within `timeout` ms, 150 s unless given); every page opened through it is
 * watched, and any uncaught page error fails the test it happened in (checked after each test). The harness
 * stops the portal and the browser when the file ends. A file's own `beforeAll` after this call runs once both
 * are up:
 *
 *   const e2e = useE2E({ env: { KPI_ROLLUP_EVERY_SECONDS: '86400' } });
 *   it('…', async () => {
 *     const page = await e2e.consolePage('admin');
 *     await page.goto(`${e2e.portal.url}/console/kpi`);
 *   });
 */
export function useE2E(o: { env?: Record<string, string>; clockStart?: Date; timeout?: number } = {}): E2E {
  let portal: E2EPortal | undefined;
  let browser: Browser | undefined;
  const pageErrors: string[][] = [];
  beforeAll(async () => {
    const clock = o.clockStart && tickingClock(o.clockStart);
    [portal, browser] = await Promise.all([startE2EPortal(o.env, { clock }), launchBrowser()]);
  }, o.timeout ?? 150_000);
  afterEach(() => {
    expect(pageErrors.splice(0).flat()).toEqual([]);
  });
  const up = <T>(v: T | undefined): T => {
    if (v === undefined)
      throw new Error('the portal and the browser start in beforeAll: use them in hooks and tests');
    return v;
  };
  const e2e: E2E = {
    get portal() {
      return up(portal);
    },
    get browser() {
      return up(browser);
    },
    phonePage: async () => e2e.watchErrors(await phonePage(e2e.browser)),
    desktopPage: async () => e2e.watchErrors(await desktopPage(e2e.browser)),
    consolePage: async (username, { phone = false } = {}) => {
      const page = await (phone ? e2e.phonePage() : e2e.desktopPage());
      await signInToConsole(page, e2e.portal, username);
      return page;
    },
    watchErrors: (page) => {
      pageErrors.push(collectPageErrors(page));
      return page;
    },
  };
  return e2e;
}
