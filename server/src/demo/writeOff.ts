/**
 * The demo's billing system of record (营收系统) for 销账: the sandbox receiver (server/sandbox/writeOff.ts)
 * on a free local port, with a shared secret kept in DATA_DIR, unless the operator pointed
 * WRITEOFF_WEBHOOK_URL elsewhere.
 */
import type { Config } from '@portal/config';
import type { Logger } from '../platform/log';
import { loadOrCreateSecret } from '../platform/secrets';
import { startWriteOffSandbox } from '../../sandbox/writeOff';

export async function startDemoWriteOff(
  config: Config,
  logger: Logger,
): Promise<{ config: Partial<Config>; stop(): Promise<void> }> {
  if (config.WRITEOFF_WEBHOOK_URL) return { config: {}, stop: async () => undefined };
  const secret = config.WRITEOFF_WEBHOOK_SECRET ?? loadOrCreateSecret(config.dataDir, 'writeoff');
  const ledger = await startWriteOffSandbox({ secret });
  logger.info({ url: ledger.url }, 'billing system of record (销账) sandbox started');
  return {
    config: { WRITEOFF_WEBHOOK_URL: `${ledger.url}/write-offs`, WRITEOFF_WEBHOOK_SECRET: secret },
    stop: ledger.stop,
  };
}
