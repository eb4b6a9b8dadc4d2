/**
 * Every operation has a screen that calls it, or is listed in the README's "API-only operations" table
 * with the reason: staff operations in the console, resident operations in the mini-program/H5, the ones
 * both may call in either. An operation counts as called when an app's source (tests excluded) names its
 * operationId as a string literal: the apps call the API only through the typed client, by operationId
 * (`api.call('listPayments', …)`, `useApiQuery('getKpis', …)`), so a misspelt one does not compile.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { operations } from '@portal/types/src/operations.generated';

const repoRoot = path.resolve(__dirname, '../../..');

/** The string literals in an app's source files (comments and tests excluded). */
function literalsIn(dir: string): Set<string> {
  const found = new Set<string>();
  const visit = (file: string) => {
    const text = fs.readFileSync(file, 'utf8');
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TSX);
    const walk = (node: ts.Node): void => {
      if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) found.add(node.text);
      ts.forEachChild(node, walk);
    };
    walk(source);
  };
  const walkDir = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'test' && entry.name !== 'node_modules') walkDir(p);
      } else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) visit(p);
    }
  };
  walkDir(path.join(repoRoot, dir));
  return found;
}

/** The README's "API-only operations" table: operationId → reason. */
function apiOnly(): Map<string, string> {
  const readme = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
  const start = readme.indexOf('### API-only operations');
  if (start < 0) throw new Error('README.md has no "### API-only operations" section');
  const section = readme.slice(start).split(/\n#{1,3} /)[0];
  const rows = new Map<string, string>();
  for (const line of section.split('\n')) {
    const m = /^\|\s*`(\w+)`\s*\|\s*(.+?)\s*\|\s*$/.exec(line);
    if (m) rows.set(m[1], m[2]);
  }
  return rows;
}

const consoleCalls = literalsIn('console/src');
const residentCalls = literalsIn('miniprogram/src');
const listed = apiOnly();
const ops = Object.entries(operations) as [string, { access: string }][];

/** Which app must call an operation, by who may call it (public ones: neither must). */
function callers(access: string): { app: string; calls: Set<string> }[] {
  if (access === 'staff') return [{ app: 'the console', calls: consoleCalls }];
  if (access === 'resident') return [{ app: 'the resident app', calls: residentCalls }];
  if (access === 'residentOrStaff')
    return [
      { app: 'the console', calls: consoleCalls },
      { app: 'the resident app', calls: residentCalls },
    ];
  return [];
}

it('every staff and resident operation is called by a screen, or is listed as API-only with its reason', () => {
  const uncovered = ops.flatMap(([id, { access }]) => {
    const apps = callers(access);
    if (!apps.length || apps.some((a) => a.calls.has(id)) || listed.has(id)) return [];
    return [`${id} (${access}): no call in ${apps.map((a) => a.app).join(' or ')}`];
  });
  expect(uncovered).toEqual([]);
});

it('lists as API-only only operations that exist and that no screen calls, each with a reason', () => {
  const known = new Map(ops);
  const wrong = [...listed].flatMap(([id, reason]) => {
    const op = known.get(id);
    if (!op) return [`${id}: no such operation`];
    if (callers(op.access).some((a) => a.calls.has(id))) return [`${id}: a screen calls it; drop the row`];
    if (reason.length < 10) return [`${id}: say why it has no screen`];
    return [];
  });
  expect(wrong).toEqual([]);
});
