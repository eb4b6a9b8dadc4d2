/**
 * The point of the typed client: a wrong call does not compile. Each snippet below is compiled with the
 * TypeScript compiler against the real contract; the right calls must compile clean (with the response
 * type inferred), each wrong one must fail with the error a developer would see.
 */
import path from 'node:path';
import ts from 'typescript';

const clientModule = path.resolve(__dirname, '../src/client');
const header = `
import { createApiClient } from ${JSON.stringify(clientModule)};
const sessions = { get: () => undefined, save() {}, clear() {} };
const resident = createApiClient({ audience: 'resident', sessions, transport: async () => ({ status: 200, body: {} }) });
const staff = createApiClient({ audience: 'staff', sessions, transport: async () => ({ status: 200, body: {} }) });
export async function run() {
`;

const snippets: Record<string, string> = {
  rightCalls: `
    const bill = await resident.call('getBill', { params: { billId: '6740a1b2c3d4e5f601234567' } });
    const period: string = bill.period;
    const fen: number = bill.amountDue;
    const owed = await resident.call('listBills', { query: { status: 'unpaid,overdue', pageSize: 100 } });
    const first: string | undefined = owed.items[0]?.id;
    const me = await resident.call('getMe');
    await resident.call('bindAccount', { body: { accountNo: '3101000123', holderName: '张三' } });
    await resident.call('listNotices');
    await staff.call('getKpis', { query: { from: '2026-11-01', to: '2026-11-30' } });
    return [period, fen, first, me.id];
  `,
  misspelledOperationId: `await resident.call('getBil', { params: { billId: 'x' } });`,
  wrongBody: `await resident.call('bindAccount', { body: { accountNumber: '3101000123' } });`,
  wrongBodyValue: `await resident.call('bindAccount', { body: { accountNo: 3101000123 } });`,
  wrongPathParam: `await resident.call('getBill', { params: { id: 'x' } });`,
  missingPathParams: `await resident.call('getBill');`,
  bodyWhereNoneIsTaken: `await resident.call('getMe', { body: { x: 1 } });`,
  staffOperationFromTheResidentApp: `await resident.call('getKpis', { query: { from: '2026-11-01', to: '2026-11-30' } });`,
  responseUsedAsTheWrongType: `const bill = await resident.call('getBill', { params: { billId: 'x' } }); const n: number = bill.period; return n;`,
};

const expected: Record<string, RegExp> = {
  misspelledOperationId: /"getBil"/,
  wrongBody: /accountNumber/,
  wrongBodyValue: /number.*not assignable to type 'string'/,
  wrongPathParam: /'id' does not exist|billId/,
  missingPathParams: /Expected 2 arguments|An argument for 'input' was not provided/,
  bodyWhereNoneIsTaken: /not assignable to type 'undefined'/,
  staffOperationFromTheResidentApp: /"getKpis"/,
  responseUsedAsTheWrongType: /Type 'string' is not assignable to type 'number'/,
};

function diagnosticsBySnippet(): Record<string, string[]> {
  const dir = path.resolve(__dirname, '__typed_calls__');
  const files = Object.fromEntries(
    Object.entries(snippets).map(([name, body]) => [path.join(dir, `${name}.ts`), `${header}${body}\n}\n`]),
  );
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
    types: [],
    strict: true,
    skipLibCheck: true,
    noEmit: true,
  };
  const host = ts.createCompilerHost(options);
  const readSource = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, ...rest) =>
    files[fileName] !== undefined
      ? ts.createSourceFile(fileName, files[fileName]!, languageVersion, true)
      : readSource(fileName, languageVersion, ...rest);
  const exists = host.fileExists.bind(host);
  host.fileExists = (fileName) => files[fileName] !== undefined || exists(fileName);
  const program = ts.createProgram(Object.keys(files), options, host);
  return Object.fromEntries(
    Object.keys(files).map((file) => [
      path.basename(file, '.ts'),
      ts
        .getPreEmitDiagnostics(program, program.getSourceFile(file))
        .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')),
    ]),
  );
}

describe('calls through the typed API client', () => {
  let found: Record<string, string[]>;
  beforeAll(() => {
    found = diagnosticsBySnippet();
  }, 300_000);

  it('compile when the operationId, params, query and body are right, and type the response', () => {
    expect(found.rightCalls).toEqual([]);
  });

  it.each(Object.keys(expected))('do not compile: %s', (name) => {
    expect(found[name]!.length).toBeGreaterThan(0);
    expect(found[name]!.join('\n')).toMatch(expected[name]!);
  });
});
