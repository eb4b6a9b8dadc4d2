/**
 * Outbound HTTP for the portal's busiest calls to the world: WeChat's API (an outage notice is one call per
 * household) and WeChat Pay (every payment). undici's `request`, not the global `fetch`: fetch wraps every call
 * in WHATWG streams, clones the request and tees its body, which cost several times the call itself (on one local
 * server, 0.38–0.59 ms of process CPU per call against 0.11–0.18; bench/README.md). Connections are kept alive
 * per origin, as many as there are calls in flight, as fetch keeps them. No redirect is followed and no
 * answer is decompressed (nothing asks for a compressed one).
 */
import { request } from 'undici';

export type HttpAnswer = {
  status: number;
  /** Lower-case names; a repeated header's values joined by ", ". */
  headers: Record<string, string>;
  body: Buffer;
};

export const isOk = (a: HttpAnswer) => a.status >= 200 && a.status < 300;

/**
 * One call, its whole answer read. Throws when no answer came (a refused connection, or none within
 * `timeoutMs`: then an error named `TimeoutError`, as fetch's); an HTTP error status is an answer.
 */
export async function httpCall(
  url: string | URL,
  o: { method?: 'GET' | 'POST'; headers?: Record<string, string>; body?: string; timeoutMs: number },
): Promise<HttpAnswer> {
  const res = await request(url, {
    method: o.method ?? (o.body === undefined ? 'GET' : 'POST'),
    headers: o.headers,
    body: o.body,
    signal: AbortSignal.timeout(o.timeoutMs),
  });
  const body = Buffer.from(await res.body.arrayBuffer());
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(res.headers))
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  return { status: res.statusCode, headers, body };
}
