/**
 * End-to-end harness: a whole portal process as `npm start` runs it (WeChat sandbox, demo seed, workers,
 * built H5 and console), on its own database and ports, and Debian's Chromium driven by playwright-core.
 *
 *   const portal = await startE2EPortal();
 *   const browser = await launchBrowser();
 *   const page = await phonePage(browser);
 *   await page.goto(`${portal.url}/h5/`);
 *   await screenshot(page, 'home');
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { chromium, type Browser, type Page } from 'playwright-core';
import { loadConfig } from '@portal/config';
import { freePort, REPO_ROOT } from '../server/src/platform/db/embeddedMongo';
import { startPortal, type Running } from '../server/src/platform/runtime';
import { demoHooks } from '../server/src/demo/hooks';
import type { Clock } from '../server/src/deps';
import { SandboxClient } from '../server/sandbox/client';
import { request, testMongoUri, type ApiResponse } from '../server/test/harness';

export const RESULTS_DIR = path.join(REPO_ROOT, 'test-results');
export const SCREENSHOT_DIR = path.join(RESULTS_DIR, 'screenshots');

export type E2EPortal = Running & {
  sandbox: SandboxClient;
  api<T = any>(method: string, p: string, o?: { token?: string; body?: unknown }): Promise<ApiResponse<T>>;
};

/**
 * The e2e portal never depends on the hour it runs at: chat answers all day unless a test sets
 * CHAT_SERVICE_HOURS itself (only the after-hours tests close the service), and a test can pass its own clock.
 */
export async function startE2EPortal(env: Record<string, string> = {}, opts: { clock?: Clock } = {}): Promise<E2EPortal> {
  const uri = new URL(testMongoUri());
  uri.pathname = `/e2e_${randomBytes(4).toString('hex')}`;
  const port = await freePort();
  const config = loadConfig({
    NODE_ENV: 'development',
    HOST: '127.0.0.1',
    PORT: String(port),
    SANDBOX_PORT: String(await freePort()),
    DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'portal-e2e-')),
    MONGODB_URI: uri.toString(),
    WECHAT_SANDBOX: 'true',
    DEMO_SEED: 'true',
    DEMO_ACCOUNTS: '40',
    LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'warn',
    CHAT_SERVICE_HOURS: '00:00-24:00',
    ...env,
  });
  const running = await startPortal(config, { ...demoHooks, clock: opts.clock });
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

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
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
  return context.newPage();
}

/** A desktop page (the staff console). */
export async function desktopPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  return context.newPage();
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
