/**
 * The typed API client both apps use, and the chat protocol on /ws (README.md beside this file).
 * Zod-free at run time: it needs only the operation map's plain data, so the mini-program's bundle stays small.
 */
export {
  createApiClient,
  type ApiClient,
  type ClientOptions,
  type RenewedSession,
  type SessionStore,
  type SessionTokens,
  type Transport,
  type TransportRequest,
  type TransportResponse,
  type UploadRequest,
  type UploadTransport,
} from './createApiClient';
export {
  ApiError,
  NETWORK_ERROR,
  TIMEOUT,
  defaultErrorMessages,
  errorFromFailure,
  errorFromResponse,
  isAbort,
  type ErrorMessages,
  type FieldProblem,
} from './apiError';
export {
  operations,
  type Audience,
  type BodyOf,
  type CallArgs,
  type CallInput,
  type CallOptions,
  type HttpMethod,
  type ListOperationId,
  type Operation,
  type OperationFor,
  type OperationId,
  type Paged,
  type ParamsOf,
  type QueryOf,
  type QueryValue,
  type RawOperationId,
  type ResponseOf,
  type RowOf,
  type UploadInput,
  type UploadOperationId,
} from './operations';
export { fillPath, joinUrl, toQueryString } from './url';
export {
  CHAT_SOCKET_PATH,
  backoffMs,
  chatSocketUrl,
  connectChat,
  lastSeq,
  mergeMessages,
  newClientMsgId,
  resumeAfterSeq,
  type ChatConnection,
  type ChatConnectionOptions,
  type ChatStatus,
  type OpenSocket,
  type SocketEvents,
  type SocketHandle,
} from './chat';
