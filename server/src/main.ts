/** The portal process: `npm start` (embedded demo with no configuration) and production. */
import { ConfigError, loadConfig, type Config } from '@portal/config';
import { demoHooks } from './demo/hooks';
import { DEMO_STAFF } from './demo/accounts';
import { PortUnavailable } from './platform/http/listen';
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
  // SIGTERM / SIGINT (npm start passes them on; systemd, pm2 and docker stop send SIGTERM): stop what this
  // process started, the database stand-in included. Repeats are ignored (Ctrl-C reaches both npm start
  // and this process); a stop that hangs is cut short after SHUTDOWN_TIMEOUT_MS plus a margin.
  const shutdown: { stop?: (signal: string) => void } = {};
  let signalled: string | undefined;
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
    process.on(signal, () => {
      if (signalled) return;
      signalled = signal;
      setTimeout(() => process.exit(1), config.SHUTDOWN_TIMEOUT_MS + 15_000).unref();
      shutdown.stop?.(signal);
    });
  }
  const running = await startPortal(config, demoHooks);
  const log = running.deps.logger;
  const stop = (signal: string) => {
    log.info({ signal }, 'shutting down');
    running.stop().then(
      () => {
        log.info('stopped');
        process.exit(0);
      },
      (err) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  shutdown.stop = stop;
  if (signalled) return stop(signalled);
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
        `  MongoDB:         ${running.mongo.description}`,
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
}

main().catch((err) => {
  // A port taken or not allowed is the configuration's mistake: its one line, not a stack trace.
  console.error(err instanceof PortUnavailable ? err.message : err);
  process.exit(1);
});
