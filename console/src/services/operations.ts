/**
 * Where each operationId lives. The console never hard-codes API paths: it reads the server's
 * /openapi.json once and finds every endpoint by its operationId (DESIGN.md: operationIds are the
 * stable contract). An operation the running server does not declare yet is reported as
 * NOT_AVAILABLE, which pages show as a clear "not available yet" state.
 */
export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';
export type OperationRef = { method: HttpMethod; path: string };
export type OperationIndex = Map<string, OperationRef>;

type OpenApiDoc = { paths?: Record<string, Partial<Record<HttpMethod, { operationId?: string }>>> };
const METHODS: HttpMethod[] = ['get', 'post', 'put', 'patch', 'delete'];

export function indexOperations(doc: OpenApiDoc): OperationIndex {
  const index: OperationIndex = new Map();
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of METHODS) {
      const id = item?.[method]?.operationId;
      if (id) index.set(id, { method, path });
    }
  }
  return index;
}

/** `/api/orders/{orderId}` + {orderId: 'WO1'} → `/api/orders/WO1`; a missing parameter is an error. */
export function fillPath(path: string, params: Record<string, string | number> = {}): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const v = params[name];
    if (v === undefined || v === '') throw new Error(`missing path parameter ${name}`);
    return encodeURIComponent(String(v));
  });
}

export type QueryValue = string | number | boolean | undefined | null | Array<string | number>;

/** Drops empty values so filters left blank are not sent; arrays become repeated keys. */
export function toQueryString(query: Record<string, QueryValue> = {}): string {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) v.forEach((x) => sp.append(k, String(x)));
    else sp.append(k, String(v));
  }
  const s = sp.toString();
  return s ? `?${s}` : '';
}
