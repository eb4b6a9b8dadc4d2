/**
 * The mini-program pages the sandbox knows, as WeChat knows the released version's: a subscribe or
 * template message, or a wxacode with check_path, naming any other page is refused with 41030.
 */
import fs from 'node:fs';
import { PAGE_PATHS } from '@portal/types/src/pages';

/** `'any'` accepts every page: only for a test that needs leniency and says why. */
export type SandboxPages = string[] | 'any';

/** Every page an app.json lists: the main package's and each subpackage's (`root/page`). */
export function appJsonPages(file: string): string[] {
  const app = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    pages?: string[];
    subPackages?: { root: string; pages: string[] }[];
    subpackages?: { root: string; pages: string[] }[];
  };
  const subs = app.subPackages ?? app.subpackages ?? [];
  return [
    ...(app.pages ?? []),
    ...subs.flatMap((s) => s.pages.map((p) => `${s.root.replace(/\/$/, '')}/${p}`)),
  ];
}

/** The built app.json's pages when that file exists, else the page contract's (what the build will list). */
export function miniProgramPages(appJson?: string): string[] {
  return appJson && fs.existsSync(appJson) ? appJsonPages(appJson) : [...PAGE_PATHS];
}

/** True when `page` (a message's `page` or `pagepath`, with or without its query) is a page the app has. */
export function pageExists(pages: SandboxPages, page: string): boolean {
  if (page.startsWith('/')) return false;
  return pages === 'any' || pages.includes(page.split('?')[0]!);
}
