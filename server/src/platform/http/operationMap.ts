/**
 * The operation map the apps' typed API client is built from (types/src/operations.generated.ts),
 * rendered from the same route declarations that mount and document the API. Each spec's schemas are
 * named by their export in @portal/types (an identity map over the package's exports), so the map
 * carries types without copying them; a schema that is not exported there cannot be named and is
 * reported, to be moved into types/.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import * as contract from '@portal/types';
import type { RouteDef } from './route';

/** Where the map lives, relative to the repository root, and how to bring it up to date. */
export const OPERATION_MAP_FILE = 'types/src/operations.generated.ts';
export const REGENERATE_COMMAND = 'npm run generate:operations';

export type OperationAccess = 'public' | 'resident' | 'staff' | 'residentOrStaff';

type ZodLike = { _zod: { def: { type: string; element?: unknown } } };
const isSchema = (v: unknown): v is ZodLike => typeof v === 'object' && v !== null && '_zod' in v;

/** Schema object → its export name in @portal/types (the first name, when one schema has two). */
function exportedNames(): Map<unknown, string> {
  const names = new Map<unknown, string>();
  for (const [name, value] of Object.entries(contract))
    if (isSchema(value) && !names.has(value)) names.set(value, name);
  return names;
}

export function accessOf(def: RouteDef): OperationAccess {
  const a = def.spec.access;
  if (a.kind === 'public') return 'public';
  if (a.staff === 'none') return 'resident';
  return a.resident ? 'residentOrStaff' : 'staff';
}

type Part = 'params' | 'query' | 'body' | 'response';

/** The TypeScript type of one part, by name: `z.input<typeof T.X>`, or `…[]` for an array of a named schema. */
function typeExpression(schema: unknown, part: Part, names: Map<unknown, string>): string | undefined {
  const zodType = part === 'response' ? 'z.output' : 'z.input';
  const name = names.get(schema);
  if (name) return `${zodType}<typeof T.${name}>`;
  if (isSchema(schema) && schema._zod.def.type === 'array') {
    const element = names.get(schema._zod.def.element);
    if (element) return `${zodType}<typeof T.${element}>[]`;
  }
  return undefined;
}

/** The file's text, before formatting. Throws naming every schema that is not exported from types/. */
export function renderOperationMap(routes: RouteDef[]): string {
  const names = exportedNames();
  const unnamed: string[] = [];
  const sorted = [...routes].sort((a, b) => a.spec.operationId.localeCompare(b.spec.operationId));
  const runtime: string[] = [];
  const types: string[] = [];
  for (const def of sorted) {
    const { spec } = def;
    const id = spec.operationId;
    const entry = [
      `method: '${def.method.toUpperCase()}'`,
      `path: '${def.path}'`,
      `access: '${accessOf(def)}'`,
    ];
    if (spec.raw) entry.push(`raw: '${spec.raw.contentType}'`);
    if (spec.upload) entry.push(`upload: '${spec.upload.field}'`);
    if (spec.idempotencyKey) entry.push('idempotencyKey: true');
    runtime.push(`  ${id}: { ${entry.join(', ')} },`);

    const parts = (['params', 'query', 'body', 'response'] as const).map((part) => {
      const schema = spec[part];
      if (!schema) return `${part}: ${part === 'response' ? 'unknown' : 'undefined'};`;
      const expression = typeExpression(schema, part, names);
      if (!expression) unnamed.push(`${id}.${part}`);
      return `${part}: ${expression ?? 'unknown'};`;
    });
    types.push(`  ${id}: { ${parts.join(' ')} };`);
  }
  if (unnamed.length) {
    throw new Error(
      `These route schemas are not exported from @portal/types, so the operation map cannot name them: ${unnamed.join(', ')}.\n` +
        'Declare each as a named schema in types/src/<feature>.ts (with its z.infer type) and use that in the route.',
    );
  }
  return [
    '/**',
    ` * GENERATED from the server's route declarations by \`${REGENERATE_COMMAND}\`: do not edit.`,
    ' * server/test/platform/operationMap.test.ts fails when this file is out of date.',
    ' *',
    ' * `operations`: every operationId with its method, path, who may call it (`access`), and whether it',
    ' * answers a file (`raw`: content type) or takes one (`upload`: multipart field), and whether each call',
    ' * carries an Idempotency-Key (`idempotencyKey`). Plain data, no zod.',
    ' * `OperationTypes`: its path params, query, body (what a client sends: z.input) and response (z.output),',
    ' * named by their schemas in this package; `unknown` response: the operation declares none.',
    ' */',
    "import type { z } from './zod';",
    "import type * as T from './index';",
    '',
    'export const operations = {',
    ...runtime,
    '} as const;',
    '',
    'export type OperationTypes = {',
    ...types,
    '};',
    '',
  ].join('\n');
}

/**
 * The rendered map, formatted as the repository's Prettier settings say (so `prettier --check` agrees).
 * Prettier runs as its CLI in a child process: its API loads ES modules, which jest's module system refuses.
 */
export function formatOperationMap(routes: RouteDef[], repoRoot: string): string {
  const prettier = require.resolve('prettier/bin/prettier.cjs', { paths: [repoRoot] });
  return execFileSync(
    process.execPath,
    [prettier, '--stdin-filepath', path.join(repoRoot, OPERATION_MAP_FILE)],
    {
      cwd: repoRoot,
      input: renderOperationMap(routes),
      encoding: 'utf8',
    },
  );
}
