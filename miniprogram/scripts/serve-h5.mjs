#!/usr/bin/env node
// Serve dist/h5 under /h5/ with index.html fallback, as the server does; for trying the H5 build alone.
// Usage: node scripts/serve-h5.mjs [port]   (API calls go to the same origin and fail without a server)
import { createServer } from 'node:http';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'h5');
const port = Number(process.argv[2] ?? 5180);
const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
};

createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname === '/' || url.pathname === '/h5') return res.writeHead(302, { Location: '/h5/' }).end();
  if (!url.pathname.startsWith('/h5/'))
    return res
      .writeHead(404, { 'Content-Type': 'application/json' })
      .end('{"error":{"code":"NOT_FOUND","message":"资源不存在"}}');
  const rel = decodeURIComponent(url.pathname.slice('/h5/'.length));
  let file = path.join(root, rel);
  if (!file.startsWith(root) || !existsSync(file) || statSync(file).isDirectory())
    file = path.join(root, 'index.html');
  res
    .writeHead(200, { 'Content-Type': types[path.extname(file)] ?? 'application/octet-stream' })
    .end(readFileSync(file));
}).listen(port, '127.0.0.1', () => console.log(`H5 at http://127.0.0.1:${port}/h5/`));
