/**
 * The typed API client's operation map (types/src/operations.generated.ts) is generated from the route
 * declarations; these tests keep it true to them and keep every contract schema nameable by type.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import * as contract from '@portal/types';
import { z } from '@portal/types';
import { createApp } from '../../src/app';
import { access, collectRoutes } from '../../src/platform/http/route';
import {
  formatOperationMap,
  OPERATION_MAP_FILE,
  REGENERATE_COMMAND,
  renderOperationMap,
} from '../../src/platform/http/operationMap';
import { createTestDeps } from '../harness';

const repoRoot = path.resolve(__dirname, '../../..');

describe('the operation map the apps call the API by', () => {
  it('is up to date with the route declarations', async () => {
    const expected = formatOperationMap(createApp(createTestDeps()).routes, repoRoot);
    const actual = fs.readFileSync(path.join(repoRoot, OPERATION_MAP_FILE), 'utf8');
    if (actual !== expected)
      throw new Error(
        `${OPERATION_MAP_FILE} is out of date with the routes: run \`${REGENERATE_COMMAND}\` and commit it`,
      );
  });

  it('lists every declared operation with its method, path and who may call it', async () => {
    const { operations } = await import('@portal/types/src/operations.generated');
    const routes = createApp(createTestDeps()).routes;
    expect(Object.keys(operations).sort()).toEqual(routes.map((r) => r.spec.operationId).sort());
    expect(operations.getBill).toEqual({
      method: 'GET',
      path: '/api/bills/:billId',
      access: 'residentOrStaff',
    });
    expect(operations.uploadPhoto).toMatchObject({ method: 'POST', upload: 'file' });
    expect(operations.getQrSheet).toMatchObject({ access: 'staff', raw: 'application/pdf' });
  });

  it('refuses a route whose schema is not a named export of types/, naming it', () => {
    const routes = collectRoutes((r) => {
      r.post(
        '/api/things',
        {
          operationId: 'createThing',
          summary: 'x',
          access: access.resident,
          body: z.object({ name: z.string() }),
          response: contract.Ok,
        },
        () => ({ ok: true as const }),
      );
    });
    expect(() => renderOperationMap(routes)).toThrow(/createThing\.body/);
  });

  it('names an array of an exported schema as an array of that type', () => {
    const routes = collectRoutes((r) => {
      r.get(
        '/api/slots',
        { operationId: 'listSlots', summary: 'x', access: access.resident, response: z.array(contract.Slot) },
        () => [],
      );
    });
    expect(renderOperationMap(routes)).toContain('response: z.output<typeof T.Slot>[];');
  });
});

describe('the contract in types/', () => {
  it('exports a z.infer type beside every schema it exports', () => {
    const schemas = new Set(
      Object.entries(contract)
        .filter(([, v]) => v instanceof z.ZodType)
        .map(([k]) => k),
    );
    const missing: string[] = [];
    const dir = path.join(repoRoot, 'types/src');
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.generated.ts'))) {
      const source = ts.createSourceFile(
        file,
        fs.readFileSync(path.join(dir, file), 'utf8'),
        ts.ScriptTarget.Latest,
      );
      const exported = (s: ts.Statement) =>
        ts.canHaveModifiers(s) && ts.getModifiers(s)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
      const typeNames = new Set(
        source.statements
          .filter((s) => ts.isTypeAliasDeclaration(s) && exported(s))
          .map((s) => (s as ts.TypeAliasDeclaration).name.text),
      );
      for (const s of source.statements) {
        if (!ts.isVariableStatement(s) || !exported(s)) continue;
        for (const d of s.declarationList.declarations) {
          if (ts.isIdentifier(d.name) && schemas.has(d.name.text) && !typeNames.has(d.name.text))
            missing.push(`${file}: ${d.name.text}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });
});
