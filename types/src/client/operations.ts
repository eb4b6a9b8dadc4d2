/**
 * The operation map as types a call is checked against: an operationId that does not exist, a path
 * parameter, query value or body field of the wrong name or type is a compile error, and the
 * response type follows from the operationId.
 */
import { operations, type OperationTypes } from '../operations.generated';

export { operations };

export type OperationId = keyof OperationTypes;
export type Operation<K extends OperationId = OperationId> = (typeof operations)[K];
export type HttpMethod = Operation['method'];

/** Who an app signs in as; it may call public operations and those open to its audience. */
export type Audience = 'resident' | 'staff';
export type OperationFor<A extends Audience> = {
  [K in OperationId]: Operation<K>['access'] extends 'public' | 'residentOrStaff' | A ? K : never;
}[OperationId];

/** Operations that answer a file (CSV, PDF, image) rather than JSON. */
export type RawOperationId = {
  [K in OperationId]: Operation<K> extends { raw: string } ? K : never;
}[OperationId];
/** Operations whose body is a file, sent through the app's upload transport. */
export type UploadOperationId = {
  [K in OperationId]: Operation<K> extends { upload: string } ? K : never;
}[OperationId];

/** What a query value may be on the wire (arrays become repeated keys; empty values are left out). */
export type QueryValue = string | number | boolean | null | undefined | ReadonlyArray<string | number>;
/** Query schemas coerce strings (`z.coerce.number()`), whose input type is `unknown`: any query value goes there. */
type LooseQuery<Q> = Q extends object ? { [P in keyof Q]: unknown extends Q[P] ? QueryValue : Q[P] } : Q;

export type ParamsOf<K extends OperationId> = OperationTypes[K]['params'];
export type QueryOf<K extends OperationId> = LooseQuery<OperationTypes[K]['query']>;
export type BodyOf<K extends OperationId> = OperationTypes[K]['body'];
export type ResponseOf<K extends OperationId> = OperationTypes[K]['response'];

/** Whether every field of V may be left out. */
type AllOptional<V> = Partial<V> extends V ? true : false;

/** An operation without this part refuses it; a part whose fields are all optional may be left out. */
type Part<Key extends string, V> = [V] extends [undefined]
  ? { [P in Key]?: never }
  : AllOptional<V> extends true
    ? { [P in Key]?: V }
    : { [P in Key]: V };

export type CallOptions = {
  /** Cancels the call (the transport rejects with an AbortError, which is passed through). */
  signal?: AbortSignal;
  timeoutMs?: number;
};

/** Operations that take an Idempotency-Key: the call names its attempt (the same key on every retry of it). */
type KeyPart<K extends OperationId> =
  Operation<K> extends { idempotencyKey: true } ? { idempotencyKey: string } : { idempotencyKey?: never };

export type CallInput<K extends OperationId> = Part<'params', ParamsOf<K>> &
  Part<'query', QueryOf<K>> &
  Part<'body', BodyOf<K>> &
  KeyPart<K> &
  CallOptions;
/** The input may be left out when nothing in it is required. */
export type CallArgs<K extends OperationId> =
  AllOptional<CallInput<K>> extends true ? [input?: CallInput<K>] : [input: CallInput<K>];

export type UploadInput<K extends OperationId, F> = Part<'params', ParamsOf<K>> &
  Part<'query', QueryOf<K>> & {
    /** The platform's file: a temp file path (wx.uploadFile) or a Blob/File (browser). */
    file: F;
    /** Upload progress in percent, where the platform reports it. */
    onProgress?: (percent: number) => void;
    timeoutMs?: number;
  };

/**
 * A page of rows, as every paged list operation answers (types/src/common.ts `paged`); `totalCapped` says the
 * count stopped at `total` and there are more (LIST_COUNT_UP_TO).
 */
export type Paged<T> = { items: T[]; total: number; totalCapped?: true; page: number; pageSize: number };

/** The row type of an operation answering a page or a plain array. */
export type RowOf<K extends OperationId> =
  ResponseOf<K> extends Paged<infer R> ? R : ResponseOf<K> extends Array<infer R> ? R : never;
/** Operations that answer a page or a plain array of rows (list screens). */
export type ListOperationId = { [K in OperationId]: [RowOf<K>] extends [never] ? never : K }[OperationId];
