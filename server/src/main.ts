/** The portal process: `npm start` (embedded demo with no configuration) and production. */
import { ConfigError, loadConfig, type Config } from '@portal/config';
import { demoHooks } from './demo/hooks';
import { DEMO_STAFF } from './modules/accounts/demoSeed';
import { startPortal } from './platform/runtime';

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(78);
    }
    throw e;
  }
  const running = await startPortal(config, demoHooks);
  const log = running.deps.logger;
  log.info(
    { url: running.url, mongo: running.mongo.kind, sandbox: running.deps.config.sandbox },
    `portal listening on ${running.url}`,
  );
  if (!config.isProduction) {
    console.log(
      [
        '',
        `  公用事业客户自助服务平台 demo is running`,
        `  Start here:      ${running.url}/`,
        `  API reference:   ${running.url}/docs (OpenAPI: ${running.url}/openapi.json)`,
        `  Resident H5:     ${running.url}/h5/`,
        `  Staff console:   ${running.url}/console/`,
        `  MongoDB:         ${running.mongo.kind}${config.MONGODB_URI ? '' : ` (data in ${config.dataDir}/db)`}`,
        `  WeChat:          ${running.deps.config.sandbox ? `sandbox at ${running.deps.config.WECHAT_API_BASE}` : 'real WeChat'}`,
        ...(config.seedDemo
          ? [
              '',
              '  Console logins (demo): ' + DEMO_STAFF.map((s) => `${s.username}/${s.password}`).join('  '),
              '  Resident H5: confirm the sandbox authorisation page as the demo resident (three homes with bills),',
              '  or type another openid to start as a new resident and bind a 户号 (holders: staff 客户 screen).',
            ]
          : []),
        '',
      ].join('\n'),
    );
  }
  const shutdown = (signal: string) => {
    log.info({ signal }, 'shutting down');
    running.stop().then(
      () => process.exit(0),
      (err) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
