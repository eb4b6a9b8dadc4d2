/**
 * Process lifecycle: readiness follows the database without a restart, SIGTERM refuses new connections
 * at once, lets in-flight requests finish and closes chat sockets with 1001 before the process exits,
 * and a port already taken stops the start with a clear line.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import WebSocket from 'ws';
import { ChatCloseCode } from '@portal/types';
import { freePort, startMongo, type RunningMongo } from '../../src/platform/db/embeddedMongo';
import { connectDb } from '../../src/platform/db/mongo';
import { startTestServer, testMongoUri, type TestServer } from '../harness';
import { databaseUri, runPortalToExit } from '../processes';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitForStatus(t: TestServer, status: number, withinMs: number): Promise<number> {
  const deadline = Date.now() + withinMs;
  let last = 0;
  while (Date.now() < deadline) {
    last = (await t.api('GET', '/readyz')).status;
    if (last === status) return last;
    await sleep(250);
  }
  return last;
}

// Stopping and restarting the database needs one this test owns: the stand-in, started here.
const ownDb = process.env.TEST_MONGODB_KIND === 'secantusdb' ? describe : describe.skip;

ownDb('readiness', () => {
  let mongo: RunningMongo;
  let t: TestServer;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'readyz-'));
  let port: number;

  beforeAll(async () => {
    port = await freePort();
    mongo = await startMongo({ storageDir: dir, port, env: { EMBEDDED_DB: 'secantusdb' } });
    await connectDb(mongo.uri, 'readyz');
    t = await startTestServer({ db: { dbName: 'readyz', drop: () => mongoose.disconnect() } });
  });
  afterAll(async () => {
    await t?.close();
    await mongo?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('turns 503 while the database is down and 200 when it is back, without restarting the server', async () => {
    expect((await t.api('GET', '/readyz')).status).toBe(200);
    await mongo.stop();
    expect(await waitForStatus(t, 503, 20_000)).toBe(503);
    expect((await t.api('GET', '/healthz')).status).toBe(200); // the process itself is fine
    mongo = await startMongo({ storageDir: dir, port, env: { EMBEDDED_DB: 'secantusdb' } });
    expect(await waitForStatus(t, 200, 30_000)).toBe(200);
  });
});

describe('graceful shutdown', () => {
  it('on SIGTERM stops accepting, finishes the request in flight, then exits 0', async () => {
    const port = await freePort();
    const uri = new URL(testMongoUri());
    uri.pathname = `/shutdown_${process.pid}`;
    const child = spawn(path.resolve(__dirname, '../../../node_modules/.bin/tsx'), ['src/main.ts'], {
      cwd: path.resolve(__dirname, '../..'),
      env: {
        ...process.env,
        NODE_ENV: 'development',
        PORT: String(port),
        HOST: '127.0.0.1',
        MONGODB_URI: uri.toString(),
        WECHAT_SANDBOX: 'false',
        DEMO_SEED: 'false',
        WORKERS: 'false',
        SHUTDOWN_TIMEOUT_MS: '30000',
        LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
        DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'shutdown-')),
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const deadline = Date.now() + 60_000;
      for (;;) {
        const up = await fetch(`http://127.0.0.1:${port}/healthz`).then(
          (r) => r.ok,
          () => false,
        );
        if (up) break;
        if (Date.now() > deadline) throw new Error('portal did not start');
        await sleep(200);
      }

      // A request in flight: headers sent, body still coming.
      const body = JSON.stringify({ code: 1234567890 }); // invalid: answered with 400 once the body is in
      const socket = net.connect(port, '127.0.0.1');
      await new Promise((r) => socket.once('connect', r));
      let response = '';
      socket.on('data', (d) => (response += d.toString()));
      const closed = new Promise((r) => socket.once('close', r));
      // Expect: 100-continue makes the server say when it has parsed the headers: from then on the
      // request is in flight, whatever the machine's load.
      socket.write(
        `POST /api/auth/wechat-login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n`,
      );
      const parsedBy = Date.now() + 30_000;
      while (!response.includes('100 Continue') && Date.now() < parsedBy) await sleep(20);
      socket.write(body.slice(0, 5));
      // A chat socket open at the signal: told the server is going away (1001), not dropped.
      const chat = new WebSocket(`ws://127.0.0.1:${port}/ws`);
      await new Promise((r, j) => chat.once('open', r).once('error', j));
      const chatClosed = new Promise<number>((r) => chat.once('close', (code) => r(code)));

      child.kill('SIGTERM');
      // The listener closes once the signal is handled; a busy machine may take more than a second
      // (it once did, in CI). Ask until refused, well inside the 30 s the request in flight is given.
      const refusedBy = Date.now() + 15_000;
      let refused = false;
      while (!refused && Date.now() < refusedBy) {
        refused = await fetch(`http://127.0.0.1:${port}/healthz`).then(
          () => false,
          () => true,
        );
        if (!refused) await sleep(200);
      }
      expect(refused).toBe(true);

      socket.end(body.slice(5));
      await closed;
      expect(response).toMatch(/HTTP\/1\.1 400/);
      expect(response).toContain('"error"'); // a complete answer in the error shape, not a dropped connection
      expect(await chatClosed).toBe(ChatCloseCode.shuttingDown);
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  });
});

describe('a port that cannot be had', () => {
  it('stops the start with one line naming the setting to change, not a stack trace', async () => {
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as net.AddressInfo).port;
    try {
      const { code, output } = await runPortalToExit({
        HOST: '127.0.0.1',
        PORT: String(port),
        MONGODB_URI: databaseUri(`porttaken_${process.pid}`),
      });
      expect(code).toBe(1);
      expect(output).toContain(`端口 ${port} 已被占用`);
      expect(output).toContain(`PORT=${port + 1} npm start`);
      expect(output).not.toMatch(/\n\s+at /); // no stack frames
    } finally {
      taken.close();
    }
  });
});
