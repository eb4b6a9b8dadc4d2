/**
 * Declaring an endpoint: one call states method, path, operationId, who may call it, and the zod
 * schemas of its input and output. The same declaration mounts the Koa route (auth guard →
 * validation → handler → response parsed through its schema) and documents it in /openapi.json.
 *
 *   r.post('/api/accounts/bind', {
 *     operationId: 'bindAccount', summary: '绑定户号', access: access.resident,
 *     body: T.BindAccountBody, response: T.MyAccount,
 *   }, ({ body, auth }) => accounts.bind(auth.userId, body));
 */
import type Koa from 'koa';
import type { StaffRole } from '@portal/types';
import { IdempotencyKey, z } from '@portal/types';
import { errors, type FieldProblem } from './errors';
import { currentWork } from '../context';
import type { Auth, ResidentAuth, StaffAuth } from '../auth/auth';

type StaffAccess = { kind: 'protected'; resident: false; staff: readonly StaffRole[] | 'any' };
type ResidentOrStaffAccess = { kind: 'protected'; resident: true; staff: readonly StaffRole[] | 'any' };

export type Access =
  { kind: 'public' } | { kind: 'protected'; resident: boolean; staff: readonly StaffRole[] | 'any' | 'none' };

export const ALL_STAFF_ROLES: readonly StaffRole[] = [
  'agent',
  'dispatcher',
  'technician',
  'supervisor',
  'operator',
  'manager',
  'admin',
];

export const access = {
  public: { kind: 'public' } as const,
  resident: { kind: 'protected', resident: true, staff: 'none' } as const,
  staff: (...roles: StaffRole[]): StaffAccess => ({
    kind: 'protected',
    resident: false,
    staff: roles.length ? roles : 'any',
  }),
  residentOrStaff: (...roles: StaffRole[]): ResidentOrStaffAccess => ({
    kind: 'protected',
    resident: true,
    staff: roles.length ? roles : 'any',
  }),
};

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Schema = z.ZodType;
type ObjSchema = z.ZodObject;
type Infer<S> = S extends z.ZodType ? z.output<S> : undefined;

export type RouteSpec<
  B extends Schema | undefined,
  Q extends ObjSchema | undefined,
  P extends ObjSchema | undefined,
  R,
> = {
  operationId: string;
  summary: string;
  description?: string;
  tags?: string[];
  access: Access;
  body?: B;
  query?: Q;
  params?: P;
  /** The request body is a file: multipart/form-data with it in this field (or the raw bytes). Clients send
   * it through their upload transport (wx.uploadFile, FormData); the handler reads it. */
  upload?: { field: string };
  /** Schema of the success body; the handler's result is parsed through it (unknown keys stripped). */
  response?: R;
  /** Success status; default 200 (201 for creates if you say so). */
  status?: number;
  /** The handler writes ctx.body itself (files, images, WeChat's own reply formats). */
  raw?: {
    contentType: string;
    description?: string;
    /** Other types it may answer with (a format query). */ alsoContentTypes?: string[];
    /** Its errors are answered in its own format (WeChat Pay's `{ code: 'FAIL', message }`), not the Error schema. */
    ownErrors?: boolean;
  };
  /** Extra middleware run after the auth guard and before validation (e.g. rate limits). */
  before?: Koa.Middleware[];
  /** Documented error statuses besides 400/401/403 (e.g. { 404: '户号不存在' }). */
  errors?: Record<number, string>;
  /**
   * The caller names each attempt with an `Idempotency-Key` header (the same key on every retry of it), and
   * the handler makes a repeat land on the first attempt's result. 'required': a request without one is
   * refused (400) before the handler runs. The client sends it from `idempotencyKey` in the call's input.
   */
  idempotencyKey?: 'required';
};

export type HandlerInput<B, Q, P, A> = {
  body: B;
  query: Q;
  params: P;
  auth: A;
  /** The validated Idempotency-Key header on routes that declare `idempotencyKey`; '' on the others. */
  idempotencyKey: string;
  ctx: Koa.ParameterizedContext<AppState>;
};

export type AppState = { auth?: Auth; requestId: string; operationId?: string };

type AuthFor<A extends Access> = A extends { kind: 'public' }
  ? Auth | undefined
  : A extends { resident: true; staff: 'none' }
    ? ResidentAuth
    : A extends { resident: false }
      ? StaffAuth
      : Auth;

export type RouteDef = {
  method: Method;
  path: string;
  spec: RouteSpec<Schema | undefined, ObjSchema | undefined, ObjSchema | undefined, unknown>;
  handler: (input: HandlerInput<unknown, unknown, unknown, unknown>) => unknown;
};

export type RouteBuilder = {
  [M in Method]: <
    B extends Schema | undefined = undefined,
    Q extends ObjSchema | undefined = undefined,
    P extends ObjSchema | undefined = undefined,
    R extends Schema | undefined = undefined,
    A extends Access = Access,
  >(
    path: string,
    spec: RouteSpec<B, Q, P, R> & { access: A },
    handler: (
      input: HandlerInput<Infer<B>, Infer<Q>, Infer<P>, AuthFor<A>>,
    ) => Promise<R extends Schema ? z.input<R> : unknown> | (R extends Schema ? z.input<R> : unknown),
  ) => void;
};

/** Collects route declarations; createApp mounts them and documents them. */
export function collectRoutes(define: (r: RouteBuilder) => void): RouteDef[] {
  const defs: RouteDef[] = [];
  const add =
    (method: Method) =>
    (path: string, spec: RouteDef['spec'], handler: RouteDef['handler']): void => {
      defs.push({ method, path, spec, handler });
    };
  define({
    get: add('get'),
    post: add('post'),
    put: add('put'),
    patch: add('patch'),
    delete: add('delete'),
  } as unknown as RouteBuilder);
  return defs;
}

export function zodProblems(error: z.ZodError, prefix?: string): FieldProblem[] {
  return error.issues.map((i) => ({
    path: [prefix, ...i.path.map(String)].filter(Boolean).join('.'),
    message: i.message,
  }));
}

function parseInput<S extends Schema>(schema: S | undefined, value: unknown, where: string): unknown {
  if (!schema) return undefined;
  const r = schema.safeParse(value);
  if (!r.success) throw errors.validation(zodProblems(r.error, where));
  return r.data;
}

/** The Idempotency-Key header of a route that declares one, validated like any other input. */
function idempotencyKeyOf(spec: RouteDef['spec'], ctx: Koa.Context): string {
  if (!spec.idempotencyKey) return '';
  const r = IdempotencyKey.safeParse(ctx.get('idempotency-key') || undefined);
  if (!r.success) throw errors.validation(zodProblems(r.error, 'headers.idempotency-key'));
  return r.data;
}

export function guard(spec: Access, auth: Auth | undefined): void {
  if (spec.kind === 'public') return;
  if (!auth) throw errors.unauthenticated();
  if (auth.kind === 'resident') {
    if (!spec.resident) throw errors.forbidden();
    return;
  }
  if (spec.staff === 'none') throw errors.forbidden();
  if (spec.staff !== 'any' && !auth.roles.some((r) => (spec.staff as readonly StaffRole[]).includes(r))) {
    throw errors.forbidden();
  }
}

/** The Koa middleware chain for one declared route. */
export function toMiddleware(def: RouteDef): Koa.Middleware<AppState>[] {
  const { spec, handler } = def;
  const check: Koa.Middleware<AppState> = async (ctx, next) => {
    // For the access log, the request metrics and every log line of this request (context.ts).
    ctx.state.operationId = spec.operationId;
    const work = currentWork();
    if (work) work.operationId = spec.operationId;
    guard(spec.access, ctx.state.auth);
    await next();
  };
  const run: Koa.Middleware<AppState> = async (ctx) => {
    const req = ctx.request as unknown as { body?: unknown };
    const input = {
      body: parseInput(spec.body, req.body ?? {}, 'body'),
      query: parseInput(spec.query, ctx.query, 'query'),
      params: parseInput(spec.params, (ctx as unknown as { params: unknown }).params, 'params'),
      auth: ctx.state.auth,
      idempotencyKey: idempotencyKeyOf(spec, ctx),
      ctx,
    };
    const result = await handler(input);
    if (spec.raw) return;
    ctx.status = spec.status ?? 200;
    if (spec.response) ctx.body = (spec.response as Schema).parse(result);
    else ctx.body = result === undefined ? { ok: true } : result;
  };
  return [check, ...((spec.before ?? []) as Koa.Middleware<AppState>[]), run];
}
