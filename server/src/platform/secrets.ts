/** Secrets the demo generates on first start into DATA_DIR (never committed); production reads them from config. */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '@portal/config';

export function loadOrCreateSecret(dataDir: string, name: string, bytes = 32): string {
  const file = path.join(dataDir, 'secrets', name);
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const value = randomBytes(bytes).toString('base64url');
  fs.writeFileSync(file, value, { mode: 0o600, flag: 'wx' });
  return value;
}

export function resolveSecrets(config: Config): { session: string; qr: string } {
  return {
    session: config.SESSION_SECRET ?? loadOrCreateSecret(config.dataDir, 'session'),
    qr: config.QR_SECRET ?? loadOrCreateSecret(config.dataDir, 'qr'),
  };
}
