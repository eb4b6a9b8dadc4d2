/**
 * The demo's invoicing system: the sandbox double (server/sandbox/invoicing.ts) on a free local port,
 * with a shared secret kept in DATA_DIR, unless the operator pointed INVOICING_BASE_URL elsewhere.
 */
import type { Config } from '@portal/config';
import type { Logger } from '../platform/log';
import { loadOrCreateSecret } from '../platform/secrets';
import { startInvoicingSandbox } from '../../sandbox/invoicing';

export async function startDemoInvoicing(
  config: Config,
  logger: Logger,
): Promise<{ config: Partial<Config>; stop(): Promise<void> }> {
  if (config.INVOICING_BASE_URL) return { config: {}, stop: async () => undefined };
  const secret = config.INVOICING_SECRET ?? loadOrCreateSecret(config.dataDir, 'invoicing');
  const invoicing = await startInvoicingSandbox({ secret });
  logger.info({ url: invoicing.url }, 'invoicing sandbox started');
  return { config: { INVOICING_BASE_URL: invoicing.url, INVOICING_SECRET: secret }, stop: invoicing.stop };
}
