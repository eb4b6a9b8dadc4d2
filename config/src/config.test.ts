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

describe('production refuses demo leftovers', () => {
  /** A production environment that passes every check; each test spoils one thing. */
  const good = {
    NODE_ENV: 'production',
    MONGODB_URI: 'mongodb://db:27017/portal?replicaSet=rs0',
    PUBLIC_BASE_URL: 'https://portal.shgas.cn',
    SESSION_SECRET: 'kT9vQ2mX7pL4wR8zN1cF6hJ3bY5gD0sA-session-2026',
    QR_SECRET: 'uE4rW9qT2yI7oP1aS6dF3gH8jK5lZ0xC-qr-2026-portal',
    WECHAT_MP_APPID: 'wx8f3a91c2d4e5b607',
    WECHAT_MP_SECRET: '3c9e1f7a5b2d8e4f6a0b1c2d3e4f5a6b',
    WECHAT_PAY_MCHID: '1900012345',
    WECHAT_PAY_SERIAL: '5157F09EFDC096DE15EBE81A47057A7232F1B8E1',
    WECHAT_PAY_PRIVATE_KEY_PATH: '/secrets/apiclient_key.pem',
    WECHAT_PAY_CERT_PATH: '/secrets/apiclient_cert.pem',
    WECHAT_PAY_APIV3_KEY: 'Zq8Wm3Rt6Yp1Lk4Hs7Dv0Bn2Cx5Fg9Ja',
    WECHAT_PAY_NOTIFY_URL: 'https://portal.shgas.cn/api/wechatpay/notify',
    SMS_PROVIDER: 'none',
  };
  const problemsOf = (env: Record<string, string>): string => {
    try {
      loadConfig(env);
      return '';
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      return (e as Error).message;
    }
  };

  it('starts with real settings', () => {
    expect(problemsOf(good)).toBe('');
    expect(loadConfig(good).seedDemo).toBe(false);
  });

  it('refuses DEMO_SEED, which would create admin/admin123', () => {
    expect(problemsOf({ ...good, DEMO_SEED: 'true' })).toMatch(/DEMO_SEED: must not be true in production/);
    expect(problemsOf({ ...good, DEMO_SEED: 'false' })).toBe('');
  });

  it('refuses every placeholder secret and id of .env.example, naming each', () => {
    const fs = require('node:fs') as typeof import('node:fs');
    const path = require('node:path') as typeof import('node:path');
    const dotenv = require('dotenv') as typeof import('dotenv');
    const example = dotenv.parse(fs.readFileSync(path.resolve(__dirname, '../../.env.example')));
    // The example file as copied, with only the settings it leaves blank filled in.
    const filled = Object.fromEntries(Object.entries(example).filter(([, v]) => v !== ''));
    const msg = problemsOf({ ...good, ...filled, SMS_PROVIDER: 'none' });
    for (const k of ['SESSION_SECRET', 'QR_SECRET', 'WECHAT_MP_APPID'])
      expect(msg).toContain(`${k}: still the placeholder from .env.example`);
    for (const k of ['PUBLIC_BASE_URL', 'WECHAT_PAY_NOTIFY_URL'])
      expect(msg).toContain(`${k}: still the example domain from .env.example`);
    expect(problemsOf({ ...good, WECHAT_PAY_APIV3_KEY: 'change-me-change-me-change-me-32' })).toMatch(
      /WECHAT_PAY_APIV3_KEY: still the placeholder/,
    );
  });

  it('refuses plain-http public URLs', () => {
    const msg = problemsOf({
      ...good,
      PUBLIC_BASE_URL: 'http://portal.shgas.cn',
      WECHAT_PAY_NOTIFY_URL: 'http://portal.shgas.cn/api/wechatpay/notify',
      WECHAT_API_BASE: 'http://api.weixin.qq.com',
    });
    for (const k of ['PUBLIC_BASE_URL', 'WECHAT_PAY_NOTIFY_URL', 'WECHAT_API_BASE'])
      expect(msg).toContain(`${k}: must be an https URL in production`);
    // An internal system the portal signs every request to may stay on the internal network.
    expect(problemsOf({ ...good, EXTERNAL_WO_BASE_URL: 'http://fsm.intra:8080' })).toBe('');
  });

  it('lets development keep plain http and the demo seed', () => {
    const dev = loadConfig({ PUBLIC_BASE_URL: 'http://localhost:3000', DEMO_SEED: 'true' });
    expect(dev.seedDemo).toBe(true);
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
