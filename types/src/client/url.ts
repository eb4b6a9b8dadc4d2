/** URLs from the operation map: path parameters filled in and encoded, empty query values left out. */
import type { QueryValue } from './operations';

/** `/api/bills/:billId` + {billId: 'b 1'} → `/api/bills/b%201`; a missing parameter is a programming error. */
export function fillPath(path: string, params: Record<string, unknown> = {}): string {
  return path.replace(/:(\w+)/g, (_, name: string) => {
    const v = params[name];
    if (v === undefined || v === null || v === '') throw new Error(`missing path parameter ${name}`);
    return encodeURIComponent(String(v));
  });
}

/** Drops empty values so filters left blank are not sent; arrays become repeated keys. */
export function toQueryString(query: Record<string, QueryValue> = {}): string {
  const pairs: string[] = [];
  const add = (k: string, v: string | number | boolean) =>
    pairs.push(`${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) v.forEach((x: string | number) => add(k, x));
    else add(k, v as string | number | boolean);
  }
  return pairs.length ? `?${pairs.join('&')}` : '';
}

/** Base URL + path without doubled slashes ('' keeps the path relative to the page). */
export const joinUrl = (baseUrl: string, path: string): string => `${baseUrl.replace(/\/+$/, '')}${path}`;
