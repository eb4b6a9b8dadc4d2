/**
 * The one logger. Structured JSON (pino). Every line written while a request or an outbox job runs carries
 * its requestId and operationId (or outboxKind/outboxId, with the requestId of the request that caused the
 * job): context.ts.
 */
import pino from 'pino';
import { workLogFields } from './context';

export type Logger = pino.Logger;

export function createLogger(level: string = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    level,
    base: { service: 'utility-portal' },
    mixin: workLogFields,
    redact: {
      paths: ['req.headers.authorization', '*.password', '*.sessionKey', '*.secret', '*.apiV3Key'],
      censor: '[redacted]',
    },
  });
}
