/** Maps errors from libraries (body parser, mongoose, driver) onto the AppError vocabulary. */
import { AppError, errors } from './errors';

export function mapExternalError(e: unknown): AppError | undefined {
  if (typeof e !== 'object' || e === null) return undefined;
  const err = e as { status?: number; statusCode?: number; type?: string; code?: number | string; name?: string };
  const status = err.status ?? err.statusCode;
  if (err.type === 'entity.too.large' || status === 413) return errors.payloadTooLarge();
  if (err.type === 'entity.parse.failed' || (status === 400 && e instanceof SyntaxError)) {
    return errors.badRequest('MALFORMED_BODY', '请求体不是有效的 JSON');
  }
  if (status === 415 || err.type === 'encoding.unsupported' || err.type === 'charset.unsupported') {
    return new AppError('UNSUPPORTED_MEDIA_TYPE', 415, '不支持的请求格式');
  }
  if (err.code === 11000) return errors.conflict('DUPLICATE', '记录已存在');
  if (err.name === 'CastError') return errors.badRequest('VALIDATION_FAILED', '请求参数有误');
  if (err.name === 'MongoServerSelectionError' || err.name === 'MongoNetworkError' || err.name === 'MongoNotConnectedError') {
    return errors.unavailable('DATABASE_UNAVAILABLE');
  }
  return undefined;
}
