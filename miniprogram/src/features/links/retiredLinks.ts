/**
 * Links printed before the page contract, kept working: door stickers carry
 * `…/h5/#/pages/qr/index?scene=<token>` (a hash route the H5 build, in browser mode, never read) and
 * early mini-program codes named `pages/qr/index`. Each retired path maps to the page that serves it
 * now (`RETIRED_PAGES` in the contract), with the query that page reads.
 */
import { H5_BASE_PATH, pageUrl, RESIDENT_PAGES, RETIRED_PAGES, type PageName } from '@portal/types/src/pages';

/** `/packages/qr-pay/index?scene=…` for a retired path and its query; undefined for any other path. */
export function retiredPageUrl(path: string, query: Record<string, string | undefined>): string | undefined {
  const name: PageName | undefined = RETIRED_PAGES[path.replace(/^\//, '') as keyof typeof RETIRED_PAGES];
  if (!name) return undefined;
  const reads = Object.keys(RESIDENT_PAGES[name].query);
  const kept = Object.fromEntries(
    Object.entries(query).filter((e): e is [string, string] => reads.includes(e[0]) && e[1] !== undefined),
  );
  return (pageUrl as (n: PageName, q: Record<string, string>) => string)(name, kept);
}

/**
 * The H5 address a retired link should show instead (`/h5/packages/qr-pay/index?scene=…`), for both
 * its hash form and its path form; undefined when `href` is not a retired link.
 */
export function retiredH5Url(href: string): string | undefined {
  const url = new URL(href);
  let path: string;
  let search: string;
  if (url.hash.startsWith('#/')) {
    [path, search = ''] = url.hash.slice(2).split('?', 2) as [string, string?];
  } else if (url.pathname.startsWith(`${H5_BASE_PATH}/`)) {
    path = url.pathname.slice(H5_BASE_PATH.length + 1);
    search = url.search.slice(1);
  } else {
    return undefined;
  }
  const target = retiredPageUrl(path, Object.fromEntries(new URLSearchParams(search)));
  return target && `${H5_BASE_PATH}${target}`;
}
