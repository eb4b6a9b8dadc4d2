/** The one logger. Structured JSON (pino); request logs carry the request id. */
import pino from 'pino';

export type Logger = pino.Logger;

export function createLogger(level: string = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    level,
    base: { service: 'utility-portal' },
    redact: {
      paths: ['req.headers.authorization', '*.password', '*.sessionKey', '*.secret', '*.apiV3Key'],
      censor: '[redacted]',
    },
  });
}
