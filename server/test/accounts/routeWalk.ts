/**
 * Helpers that walk every declared route of the app (`app.routes`), so the role and IDOR tests cover
 * each feature's endpoints as they land, without a list to keep in sync.
 */
import type { RouteDef } from '../../src/platform/http/route';
import type { TestServer } from '../harness';

export type DocumentedOperation = {
  operationId: string;
  description: string;
  responses: Record<string, unknown>;
};

/** Every operation /openapi.json documents, read as a client reads it from the running server. */
export async function documentedOperations(t: TestServer): Promise<DocumentedOperation[]> {
  const doc = (await t.api('GET', '/openapi.json')).body as {
    paths: Record<string, Record<string, DocumentedOperation>>;
  };
  return Object.values(doc.paths).flatMap((ops) => Object.values(ops));
}

export const SAMPLE_OBJECT_ID = '0123456789abcdef01234567';

/** A concrete URL for a declared path: every `:param` gets a plausible value. */
export function concretePath(path: string, values: Record<string, string> = {}): string {
  return path.replace(/:(\w+)/g, (_m, name: string) => {
    if (values[name] !== undefined) return encodeURIComponent(values[name]);
    if (/accountNo/i.test(name)) return '3100000001';
    if (/orderNo/i.test(name)) return 'WO202611220001';
    if (/outTradeNo/i.test(name)) return 'P2026112200000001';
    if (/id$/i.test(name)) return SAMPLE_OBJECT_ID;
    return 'sample1';
  });
}

export const isProtected = (r: RouteDef) => r.spec.access.kind === 'protected';

export function staffRolesOf(r: RouteDef): readonly string[] | 'any' | 'none' {
  return r.spec.access.kind === 'protected' ? r.spec.access.staff : 'none';
}

export const residentAllowed = (r: RouteDef) => r.spec.access.kind === 'protected' && r.spec.access.resident;

export const describeRoute = (r: RouteDef) => `${r.spec.operationId} (${r.method.toUpperCase()} ${r.path})`;
