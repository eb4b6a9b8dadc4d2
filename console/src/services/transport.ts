/**
 * The browser's fetch (calls) and XMLHttpRequest (uploads, which fetch cannot report progress for) as
 * the API client's transports. JSON answers are parsed; files come back as Blobs.
 */
import type { Transport, UploadTransport } from '@portal/types/src/client';

export const fetchTransport: Transport = async (req) => {
  const res = await fetch(req.url, {
    method: req.method,
    headers: req.headers,
    body: req.body === undefined ? undefined : JSON.stringify(req.body),
    signal: req.signal,
  });
  if (res.status === 204) return { status: res.status, body: undefined };
  const json = (res.headers.get('content-type') ?? '').includes('application/json');
  // A file operation that failed answers the error shape in JSON; a JSON operation's answer is always JSON.
  const body =
    json || req.responseType === 'json' ? await res.json().catch(() => undefined) : await res.blob();
  return { status: res.status, body };
};

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
