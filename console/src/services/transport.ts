/**
 * The browser's fetch (calls) and XMLHttpRequest (uploads, which fetch cannot report progress for) as
 * the API client's transports. JSON answers are parsed; files come back as Blobs.
 */
import type { Transport, UploadTransport } from '@portal/types/src/client';

export const fetchTransport: Transport = async (req) => {
  const limit = deadline(req.timeoutMs, req.signal);
  try {
    const res = await fetch(req.url, {
      method: req.method,
      headers: req.headers,
      body: req.body === undefined ? undefined : JSON.stringify(req.body),
      signal: limit.signal,
    });
    if (res.status === 204) return { status: res.status, body: undefined };
    const json = (res.headers.get('content-type') ?? '').includes('application/json');
    // A file operation that failed answers the error shape in JSON; a JSON operation's answer is always JSON.
    const body =
      json || req.responseType === 'json'
        ? // A body that is not JSON reads as none; one cut off by the time limit or the caller is not that.
          await res.json().catch((e: unknown) => {
            if (limit.signal.aborted) throw e;
            return undefined;
          })
        : await res.blob();
    return { status: res.status, body };
  } catch (e) {
    // The time limit, not the caller, cut it short: a TimeoutError, which the client reports as 请求超时.
    throw limit.timedOut()
      ? new DOMException(`request timed out after ${req.timeoutMs} ms`, 'TimeoutError')
      : e;
  } finally {
    limit.done();
  }
};

/**
 * The request's time limit (the client's `timeoutMs`: 15 s for JSON, 120 s for a file, unless the call says
 * otherwise), joined with the caller's own signal, until the answer's body is read. Without it a request the
 * network lost stayed pending for good, and the screen's button with it. AbortSignal.any is not in the older
 * Chromium cores staff browsers still ship, so the two are joined by hand.
 */
function deadline(ms: number, caller?: AbortSignal) {
  const c = new AbortController();
  let late = false;
  const timer = setTimeout(() => {
    late = true;
    c.abort();
  }, ms);
  const follow = () => c.abort(caller?.reason);
  if (caller?.aborted) follow();
  else caller?.addEventListener('abort', follow, { once: true });
  return {
    signal: c.signal,
    timedOut: () => late,
    done: () => {
      clearTimeout(timer);
      caller?.removeEventListener('abort', follow);
    },
  };
}

/** A File or Blob as multipart/form-data, with progress. */
export const xhrUpload: UploadTransport<Blob> = (req) =>
  new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', req.url);
    for (const [name, value] of Object.entries(req.headers)) xhr.setRequestHeader(name, value);
    xhr.timeout = req.timeoutMs;
    xhr.upload.onprogress = (e) =>
      e.lengthComputable && req.onProgress?.(Math.round((e.loaded / e.total) * 100));
    xhr.onerror = () => reject(new TypeError('upload failed'));
    xhr.ontimeout = () => reject(new Error('upload timeout'));
    xhr.onload = () => {
      let body: unknown;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : undefined;
      } catch {
        body = undefined;
      }
      resolve({ status: xhr.status, body });
    };
    const form = new FormData();
    form.append(req.field, req.file, req.file instanceof File ? req.file.name : 'upload');
    xhr.send(form);
  });
