/** /openapi.json, generated from the same route declarations and zod schemas the server validates with. */
import { OpenAPIRegistry, OpenApiGeneratorV3 } from '@asteasolutions/zod-to-openapi';
import { ErrorBody, IdempotencyKey, z } from '@portal/types';
import type { RouteDef } from './route';

const toOpenApiPath = (p: string) => p.replace(/:(\w+)/g, '{$1}');

const describeAccess = (def: RouteDef): string => {
  const a = def.spec.access;
  if (a.kind === 'public') return 'Public.';
  const who: string[] = [];
  if (a.resident) who.push('resident');
  if (a.staff === 'any') who.push('any staff');
  else if (a.staff !== 'none') who.push(`staff roles: ${a.staff.join(', ')}`);
  return `Allowed: ${who.join('; ')}.`;
};

/**
 * The error statuses an operation declares, by status: those every operation of its kind can answer, then its own
 * (`spec.errors`). `bare`: the answer is not the Error schema (a raw route's own reply format).
 */
export function errorStatuses(def: RouteDef): Record<string, { description: string; bare?: boolean }> {
  const { spec } = def;
  const out: Record<string, { description: string; bare?: boolean }> = {};
  if (spec.body || spec.query || spec.params || spec.upload || spec.idempotencyKey)
    out['400'] = { description: '参数错误' };
  if (spec.body || spec.upload) {
    out['413'] = { description: '请求内容过大' };
    // A file of a type the operation does not take, or a body in a charset it cannot read.
    out['415'] = { description: '不支持的请求格式' };
  }
  // A record the path names may not exist, or not be the caller's to see (404, never 403).
  if (def.path.includes(':')) out['404'] = { description: '记录不存在' };
  // A public operation's credentials travel in its body (a login code, a password, a refresh token, a
  // WeChat Pay signature); a wrong one is a 401 (in the route's own format where it says so: raw.ownErrors).
  if (spec.access.kind === 'public' && def.method !== 'get') out['401'] = { description: '凭证无效' };
  if (spec.access.kind !== 'public') {
    out['401'] = { description: '未登录' };
    out['403'] = { description: '无权限' };
  }
  for (const [status, description] of Object.entries(spec.errors ?? {})) out[status] = { description };
  if (spec.raw?.ownErrors) for (const e of Object.values(out)) e.bare = true;
  return out;
}

/** Every status an operation declares: its success (`spec.status`, else 200) and its errors. */
export const declaredStatuses = (def: RouteDef): Set<number> =>
  new Set([def.spec.status ?? 200, ...Object.keys(errorStatuses(def)).map(Number)]);

export function buildOpenApi(routes: RouteDef[], info: { title: string; version: string }): object {
  const registry = new OpenAPIRegistry();
  registry.register('Error', ErrorBody);
  registry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
  });
  const errorContent = { 'application/json': { schema: ErrorBody } };

  for (const def of routes) {
    const { spec } = def;
    const responses: Record<
      string,
      { description: string; content?: Record<string, { schema: z.ZodType }> }
    > = {};
    const ok = String(spec.status ?? 200);
    if (spec.raw) {
      const schemaOf = (type: string) =>
        type === 'application/json'
          ? z.record(z.string(), z.unknown())
          : z.string().openapi({ format: 'binary' });
      const types = [spec.raw.contentType, ...(spec.raw.alsoContentTypes ?? [])];
      // 204 has no body: `contentType` is then what its errors come in.
      responses[ok] =
        ok === '204'
          ? { description: spec.raw.description ?? 'No Content' }
          : {
              description: spec.raw.description ?? 'OK',
              content: Object.fromEntries(types.map((type) => [type, { schema: schemaOf(type) }])),
            };
    } else {
      responses[ok] = {
        description: 'OK',
        ...(spec.response ? { content: { 'application/json': { schema: spec.response as z.ZodType } } } : {}),
      };
    }
    for (const [status, { description, bare }] of Object.entries(errorStatuses(def)))
      responses[status] = bare ? { description } : { description, content: errorContent };
    registry.registerPath({
      method: def.method,
      path: toOpenApiPath(def.path),
      operationId: spec.operationId,
      summary: spec.summary,
      description: [spec.description, describeAccess(def)].filter(Boolean).join('\n\n'),
      tags: spec.tags,
      ...(spec.access.kind === 'public' ? {} : { security: [{ bearer: [] }] }),
      request: {
        ...(spec.params ? { params: spec.params } : {}),
        ...(spec.query ? { query: spec.query } : {}),
        ...(spec.idempotencyKey ? { headers: z.object({ 'Idempotency-Key': IdempotencyKey }) } : {}),
        ...(spec.body
          ? { body: { content: { 'application/json': { schema: spec.body as z.ZodType } } } }
          : {}),
        ...(spec.upload
          ? {
              body: {
                content: {
                  'multipart/form-data': {
                    schema: z.object({ [spec.upload.field]: z.string().openapi({ format: 'binary' }) }),
                  },
                },
              },
            }
          : {}),
      },
      responses,
    });
  }
  return nullableRefs(
    new OpenApiGeneratorV3(registry.definitions).generateDocument({
      openapi: '3.0.3',
      info: {
        ...info,
        description: 'Utility customer self-service portal API. Errors use the Error schema.',
      },
      servers: [{ url: '/' }],
    }),
  );
}

/**
 * OpenAPI 3.0 ignores every keyword beside a `$ref`, so `{ $ref, nullable: true }` (a nullable named
 * schema) would forbid the null the server sends; and 3.0.3 reads `nullable` only beside a `type`, so
 * `{ allOf: [{ $ref }], nullable: true }` does not say it either. `anyOf: [{ $ref }, null-only]` does.
 */
function nullableRefs<T>(node: T): T {
  if (Array.isArray(node)) return node.map(nullableRefs) as T;
  if (!node || typeof node !== 'object') return node;
  const o = node as Record<string, unknown>;
  const orNull = ($ref: unknown) => ({ anyOf: [{ $ref }, { type: 'object', nullable: true, enum: [null] }] });
  if (typeof o.$ref === 'string' && o.nullable === true) {
    const { $ref, nullable: _nullable, ...rest } = o;
    return { ...rest, ...orNull($ref) } as T;
  }
  // The generator's own spelling of the same: `allOf: [{ $ref }, { nullable: true }]`.
  const all = o.allOf as Record<string, unknown>[] | undefined;
  if (
    all?.length === 2 &&
    typeof all[0]!.$ref === 'string' &&
    Object.keys(all[1]!).length === 1 &&
    all[1]!.nullable === true
  ) {
    const { allOf: _allOf, ...rest } = o;
    return { ...rest, ...orNull(all[0]!.$ref) } as T;
  }
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, nullableRefs(v)])) as T;
}
