/**
 * One error vocabulary. Services throw AppError (through these factories); the error middleware turns
 * it into DESIGN.md's shape. Messages are for residents and staff, in Chinese.
 */
export type FieldProblem = { path: string; message: string };

export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly extra: { fields?: FieldProblem[]; retryAfterSeconds?: number; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const errors = {
  validation: (fields: FieldProblem[]) =>
    new AppError('VALIDATION_FAILED', 400, `请求参数有误:${fields.map((f) => f.path || '(body)').join(', ')}`, {
      fields,
    }),
  badRequest: (code: string, message: string) => new AppError(code, 400, message),
  unauthenticated: (message = '请先登录') => new AppError('UNAUTHENTICATED', 401, message),
  forbidden: (message = '没有权限执行此操作') => new AppError('FORBIDDEN', 403, message),
  notFound: (what = '资源', code = 'NOT_FOUND') => new AppError(code, 404, `${what}不存在`),
  conflict: (code: string, message: string) => new AppError(code, 409, message),
  rule: (code: string, message: string) => new AppError(code, 422, message),
  tooMany: (retryAfterSeconds: number, message = '操作过于频繁,请稍后再试', code = 'RATE_LIMITED') =>
    new AppError(code, 429, message, {
      retryAfterSeconds,
      headers: { 'Retry-After': String(Math.max(1, Math.ceil(retryAfterSeconds))) },
    }),
  payloadTooLarge: (message = '请求内容过大') => new AppError('PAYLOAD_TOO_LARGE', 413, message),
  unavailable: (code = 'SERVICE_UNAVAILABLE', message = '服务暂时不可用,请稍后再试') =>
    new AppError(code, 503, message),
};

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;
