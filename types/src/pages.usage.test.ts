/**
 * No page path is written as a string outside the page contract: every string in the code of every
 * package (TypeScript's own parser finds them, so comments and import paths do not count) that looks
 * like a mini-program page (`pages/…`, `packages/…`, with or without a leading `/` or `/h5/`) fails
 * this test, naming the file and line. Use `pageLink` / `pageUrl` / `h5PageUrl` / `RESIDENT_PAGES`.
 * A line that must hold such a string on purpose (a test of how a wrong page is refused) ends with the
 * comment `// page-contract: off (<why>)`.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const ROOT = path.resolve(__dirname, '..', '..');
const SCANNED = [
  'types/src',
  'config/src',
  'server/src',
  'server/sandbox',
  'server/test',
  'miniprogram/src',
  'miniprogram/config',
  'miniprogram/scripts',
  'console/src',
  'e2e',
  'scripts',
  'bench',
];
const CONTRACT = ['types/src/pages.ts', 'types/src/pages.test.ts', 'types/src/pages.usage.test.ts'];
const PAGE_LIKE = /(?:^|^\/|\/h5\/)(?:pages|packages)\/[A-Za-z][\w-]*/;
const EXEMPT = /\/\/ page-contract: off\b/;
/** The same inside a regular expression (`/\/packages\/pay\/result\/index/`), once its escapes are dropped. */
const PAGE_LIKE_PATTERN = /(?:^|[/(^])(?:pages|packages)\/[A-Za-z][\w-]*/;

function sourceFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' || e.name === 'dist' ? [] : sourceFiles(p);
    return /\.(ts|tsx|js|mjs|cjs)$/.test(e.name) ? [p] : [];
  });
}

/** Every string literal (and template piece) outside import/export specifiers, with its line. */
export function pageStrings(
  file: string,
  text = fs.readFileSync(file, 'utf8'),
): { line: number; text: string }[] {
  const kind = file.endsWith('x')
    ? ts.ScriptKind.TSX
    : /\.(c|m)?js$/.test(file)
      ? ts.ScriptKind.JS
      : ts.ScriptKind.TS;
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, kind);
  const lines = text.split('\n');
  const found: { line: number; text: string }[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node) || ts.isExternalModuleReference(node))
      return;
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) return;
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'require')
      return;
    if (
      ts.isStringLiteralLike(node) ||
      ts.isTemplateHead(node) ||
      ts.isTemplateMiddle(node) ||
      ts.isTemplateTail(node)
    ) {
      const value = node.text;
      const line = source.getLineAndCharacterOfPosition(node.getStart()).line;
      if (PAGE_LIKE.test(value) && !EXEMPT.test(lines[line] ?? ''))
        found.push({ line: line + 1, text: value });
    }
    if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
      const pattern = node.getText().slice(1, node.getText().lastIndexOf('/')).replace(/\\/g, '');
      const line = source.getLineAndCharacterOfPosition(node.getStart()).line;
      if (PAGE_LIKE_PATTERN.test(pattern) && !EXEMPT.test(lines[line] ?? ''))
        found.push({ line: line + 1, text: node.getText() });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('the page contract is the only place a page is named', () => {
  it('finds a page written as a string, and not one in a comment or an import', () => {
    const sample = [
      "import x from './pages/home/index';",
      '// opens pages/orders/detail',
      "const a = 'pages/orders/detail?orderNo=1';",
      'const b = `${origin}/h5/packages/qr-pay/index?t=${t}`;',
      "const c = 'packages/chat/index'; // page-contract: off (a refusal test)",
      "const d = 'node_modules/x/packages/y';",
      'await page.waitForURL(/\\/h5\\/packages\\/pay\\/result\\/index/);',
    ].join('\n');
    expect(pageStrings('sample.ts', sample)).toEqual([
      { line: 3, text: 'pages/orders/detail?orderNo=1' },
      { line: 4, text: '/h5/packages/qr-pay/index?t=' },
      { line: 7, text: '/\\/h5\\/packages\\/pay\\/result\\/index/' },
    ]);
  });

  it('no package writes a page path outside types/src/pages.ts', () => {
    const offenders = SCANNED.flatMap((d) => sourceFiles(path.join(ROOT, d)))
      .filter((f) => !CONTRACT.includes(path.relative(ROOT, f)))
      .flatMap((f) => pageStrings(f).map((s) => `${path.relative(ROOT, f)}:${s.line}  ${s.text}`));
    expect(offenders).toEqual([]);
  });
});
