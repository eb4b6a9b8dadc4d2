/**
 * 长辈版 on the mini-program: it has no shared root element (H5 puts the class on <html>), so every page of
 * the page contract must render inside ElderRoot, every return of its page component included, or carry
 * the class itself as home and 我的 do (their elder layouts differ).
 */
import fs from 'node:fs';
import path from 'node:path';
import { RESIDENT_PAGES } from '@portal/types/src/pages';

const SRC = path.join(__dirname, '..', '..');
const sourceOf = (page: string) => fs.readFileSync(path.join(SRC, `${page}.tsx`), 'utf8');
/** The page component's body: from `export default function` to the first line that closes it. */
const pageComponent = (src: string) => {
  const start = src.indexOf('export default function');
  return src.slice(start, src.indexOf('\n}\n', start));
};

describe('长辈版 on every mini-program page', () => {
  const pages = Object.entries(RESIDENT_PAGES).map(([name, p]) => [name, p.path] as const);

  it.each(pages)('%s (%s) renders inside ElderRoot or carries the elder class', (_name, page) => {
    const src = sourceOf(page);
    if (src.includes('elderClass(')) return;
    const body = pageComponent(src);
    // Every JSX return of the page component itself (its body's statements and their ifs, not callbacks in
    // its JSX) starts with ElderRoot.
    const returns = [...body.matchAll(/^ {2,4}(?:if \(.*\) )?return\s*\(?\s*(<[A-Za-z]*)/gm)].map(
      (m) => m[1],
    );
    expect(returns.length).toBeGreaterThan(0);
    expect(returns.filter((tag) => tag !== '<ElderRoot')).toEqual([]);
  });
});
