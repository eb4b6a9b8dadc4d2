import { RESIDENT_PAGES, RETIRED_PAGES } from '@portal/types/src/pages';
import { ConfigError, loadConfig } from './index';

describe('configuration', () => {
  it('runs the embedded demo with no settings at all', () => {
    const c = loadConfig({}, '/srv/portal');
    expect(c.PORT).toBe(3000);
    expect(c.isDemo).toBe(true);
    expect(c.sandbox).toBe(true);
    expect(c.seedDemo).toBe(true);
    expect(c.dataDir).toBe('/srv/portal/.data');
  });

  it('names the variable that is malformed', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ MONGODB_URI: 'postgres://x' })).toThrow(/MONGODB_URI/);
  });

  it('refuses to start production without its required settings, naming each', () => {
    try {
      loadConfig({ NODE_ENV: 'production', MONGODB_URI: 'mongodb://db:27017/portal?replicaSet=rs0' });
      throw new Error('should have thrown');
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const msg = (e as Error).message;
      for (const v of [
        'SESSION_SECRET',
        'QR_SECRET',
        'WECHAT_MP_APPID',
        'WECHAT_PAY_APIV3_KEY',
        'PUBLIC_BASE_URL',
      ]) {
        expect(msg).toContain(v);
      }
      expect(msg).not.toContain('MONGODB_URI');
    }
  });

  it('opens printed mini-program codes on the QR pay page, and refuses a page that does not read the scene', () => {
    expect(loadConfig({}).QR_MP_PAGE).toBe(RESIDENT_PAGES.qrPay.path);
    expect(() => loadConfig({ QR_MP_PAGE: Object.keys(RETIRED_PAGES)[0] })).toThrow(/QR_MP_PAGE/);
    expect(() => loadConfig({ QR_MP_PAGE: RESIDENT_PAGES.home.path })).toThrow(/QR_MP_PAGE/);
  });

  it('never runs the sandbox in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', WECHAT_SANDBOX: 'true' })).toThrow(/WECHAT_SANDBOX/);
  });

  it('refuses to start production with the sandbox SMS double, and asks for Tencent Cloud SMS settings when chosen', () => {
    const production = { NODE_ENV: 'production' };
    expect(() => loadConfig(production)).toThrow(
      /SMS_PROVIDER: the sandbox double is not allowed in production/,
    );
    expect(() => loadConfig({ ...production, SMS_PROVIDER: 'sandbox' })).toThrow(/SMS_PROVIDER/);
    try {
      loadConfig({ ...production, SMS_PROVIDER: 'tencent', TENCENT_SMS_SECRET_ID: 'AKID1' });
      throw new Error('should have thrown');
    } catch (e) {
      const msg = (e as Error).message;
      for (const v of ['TENCENT_SMS_SECRET_KEY', 'TENCENT_SMS_SDK_APP_ID', 'SMS_TEMPLATE_IDS'])
        expect(msg).toContain(`${v}: required with SMS_PROVIDER=tencent`);
      expect(msg).not.toContain('TENCENT_SMS_SECRET_ID:');
      expect(msg).not.toContain('SMS_PROVIDER: the sandbox');
    }
    // 'none' is an explicit choice: no SMS problem is reported.
    expect(() => loadConfig({ ...production, SMS_PROVIDER: 'none' })).not.toThrow(/SMS/);
  });

  it('accepts only a Token WeChat would take for the official-account message push', () => {
    expect(loadConfig({ WECHAT_OA_TOKEN: 'portalPushToken2026' }).WECHAT_OA_TOKEN).toBe(
      'portalPushToken2026',
    );
    expect(() => loadConfig({ WECHAT_OA_TOKEN: 'has space' })).toThrow(/WECHAT_OA_TOKEN/);
  });
});

describe('documentation', () => {
  it('the README documents every setting', () => {
    const fs = require('node:fs') as typeof import('node:fs');
    const path = require('node:path') as typeof import('node:path');
    const { envSchema } = require('./index') as typeof import('./index');
    const readme = fs.readFileSync(path.resolve(__dirname, '../../README.md'), 'utf8');
    const documented = (key: string) =>
      readme.includes(`\`${key}\``) ||
      // grouped rows such as `NOTICE_LEAD_HOURS_GAS` / `_WATER`
      readme.includes(`\`_${key.split('_').pop()}\``);
    expect(Object.keys(envSchema.shape).filter((k) => !documented(k))).toEqual([]);
  });
});
