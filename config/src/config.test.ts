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
      for (const v of ['SESSION_SECRET', 'QR_SECRET', 'WECHAT_MP_APPID', 'WECHAT_PAY_APIV3_KEY', 'PUBLIC_BASE_URL']) {
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
