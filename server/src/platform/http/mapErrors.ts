/** Maps errors from libraries (body parser, mongoose, driver) onto the AppError vocabulary. */
import { errors, type AppError } from './errors';

export function mapExternalError(e: unknown): AppError | undefined {
  if (typeof e !== 'object' || e === null) return undefined;
  const err = e as {
    status?: number;
    statusCode?: number;
    type?: string;
    code?: number | string;
    name?: string;
  };
  const status = err.status ?? err.statusCode;
  if (err.type === 'entity.too.large' || status === 413) return errors.payloadTooLarge();
  if (err.type === 'entity.parse.failed' || (status === 400 && e instanceof SyntaxError)) {
    return errors.malformedJson();
  }
  if (status === 415 || err.type === 'encoding.unsupported' || err.type === 'charset.unsupported') {
    return errors.unsupportedMediaType();
  }
  if (err.code === 11000) return errors.duplicate();
  if (err.name === 'CastError') return errors.badParameter();
  if (
    err.name === 'MongoServerSelectionError' ||
    err.name === 'MongoNetworkError' ||
    err.name === 'MongoNotConnectedError'
  ) {
    return errors.databaseUnavailable();
  }
  return undefined;
}
