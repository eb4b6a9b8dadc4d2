/**
 * Which database a machine without MONGODB_URI gets: mongod through mongodb-memory-server when it can be
 * had (cached, or downloaded once), else the SecantusDB stand-in, chosen quickly when the download does
 * not answer. The download is pointed at local servers that refuse, hang, or serve a broken archive.
 * And the stand-in on disk ends within its stop bound even when its orderly stop wedges, losing nothing.
 */
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import {
  ensureSecantus,
  findMongod,
  freePort,
  spawnStandIn,
  startMongo,
} from '../../src/platform/db/embeddedMongo';

const saved = { ...process.env };
let cache: string;

beforeEach(() => {
  // An empty binary cache, so nothing is found without a download.
  cache = fs.mkdtempSync(path.join(os.tmpdir(), 'mongod-cache-'));
  process.env.MONGOMS_DOWNLOAD_DIR = cache;
  delete process.env.MONGOMS_SYSTEM_BINARY;
  delete process.env.MONGOMS_DOWNLOAD_URL;
});
afterEach(() => {
  for (const k of [
    'MONGOMS_DOWNLOAD_DIR',
    'MONGOMS_DOWNLOAD_MIRROR',
    'MONGOMS_SYSTEM_BINARY',
    'MONGOMS_DOWNLOAD_URL',
    'MONGOMS_USE_HTTP',
  ]) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
  fs.rmSync(cache, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function listen(server: net.Server): Promise<number> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as net.AddressInfo).port;
}

describe('choosing the embedded database', () => {
  it('falls back to the stand-in within the probe time when the mongod download never answers', async () => {
    const held: net.Socket[] = [];
    const silent = net.createServer((s) => void held.push(s)); // accepts, never answers: a black-holed proxy
    process.env.MONGOMS_DOWNLOAD_MIRROR = `http://127.0.0.1:${await listen(silent)}`;
    try {
      const t0 = Date.now();
      const found = await findMongod(800);
      const ms = Date.now() - t0;
      expect(found).toEqual({ why: expect.stringContaining('no answer within 800 ms') });
      expect(ms).toBeLessThan(800 + 4_000); // the probe's limit plus module loading on a busy machine, not a download's minutes

      const mongo = await startMongo({ env: { EMBEDDED_DB_PROBE_MS: '800' } });
      try {
        expect(mongo.kind).toBe('secantusdb');
        expect(mongo.description).toMatch(
          /stand-in .* because mongod [\d.]+ is not in .* no answer within 800 ms/,
        );
      } finally {
        await mongo.stop();
      }
    } finally {
      held.forEach((s) => s.destroy());
      silent.close();
    }
  });

  it('falls back at once when the download host refuses the connection', async () => {
    process.env.MONGOMS_DOWNLOAD_MIRROR = `http://127.0.0.1:${await freePort()}`;
    const t0 = Date.now();
    const found = await findMongod(30_000);
    expect(found).toEqual({ why: expect.stringContaining('unreachable: ECONNREFUSED') });
    expect(Date.now() - t0).toBeLessThan(10_000); // nowhere near the 30 s limit
  });

  it('downloads mongod when the download answers, and falls back naming the failure when the archive is broken', async () => {
    const requests: string[] = [];
    const mirror = http.createServer((req, res) => {
      requests.push(`${req.method} ${req.url}`);
      const junk = Buffer.from('not a tarball');
      res.writeHead(200, { 'content-type': 'application/gzip', 'content-length': junk.length });
      res.end(req.method === 'HEAD' ? undefined : junk);
    });
    process.env.MONGOMS_DOWNLOAD_MIRROR = `http://127.0.0.1:${await listen(mirror)}`;
    process.env.MONGOMS_USE_HTTP = 'true'; // a local mirror; the real one is https
    try {
      const found = await findMongod(2_000);
      expect(found).toEqual({ why: expect.stringContaining('download failed') });
      expect(requests).toEqual([
        expect.stringMatching(/^HEAD \/linux\/mongodb-linux-.*\.tgz$/),
        expect.stringMatching(/^GET \/linux\/mongodb-linux-.*\.tgz$/),
      ]);
    } finally {
      mirror.close();
    }
  });

  it('refuses to start when mongod is demanded (EMBEDDED_DB=mongod) and cannot be had, saying why', async () => {
    process.env.MONGOMS_DOWNLOAD_MIRROR = `http://127.0.0.1:${await freePort()}`;
    await expect(startMongo({ env: { EMBEDDED_DB: 'mongod' } })).rejects.toThrow(
      /EMBEDDED_DB=mongod, but .*ECONNREFUSED/,
    );
  });

  it('uses MONGODB_URI when set, without looking for mongod', async () => {
    const requests: string[] = [];
    const mirror = http.createServer((req, res) => {
      requests.push(req.url ?? '');
      res.end();
    });
    process.env.MONGOMS_DOWNLOAD_MIRROR = `http://127.0.0.1:${await listen(mirror)}`;
    try {
      const mongo = await startMongo({ env: { MONGODB_URI: 'mongodb://db1.example:27017/portal' } });
      expect(mongo).toMatchObject({ kind: 'external', uri: 'mongodb://db1.example:27017/portal' });
      expect(requests).toEqual([]);
    } finally {
      mirror.close();
    }
  });
});

describe('starting the stand-in', () => {
  const bin = ensureSecantus();

  it('binds a port the system gives it and says which', async () => {
    const { child, port } = await spawnStandIn({ bin, storagePath: ':memory:', onParentDeath: 'SIGKILL' });
    try {
      const client = await MongoClient.connect(`mongodb://127.0.0.1:${port}/?directConnection=true`);
      const hello = await client.db('admin').command({ hello: 1 });
      await client.close();
      expect(hello.me).toBe(`127.0.0.1:${port}`); // the stand-in itself answers there
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('is not taken for ready when another server holds its port', async () => {
    const other = net.createServer((socket) => socket.end());
    other.listen(0, '127.0.0.1');
    await once(other, 'listening');
    const { port } = other.address() as net.AddressInfo;
    try {
      await expect(
        spawnStandIn({ bin, port, storagePath: ':memory:', onParentDeath: 'SIGKILL' }),
      ).rejects.toThrow(/SecantusDB exited with code 1: [^]*Address already in use/);
    } finally {
      other.close();
    }
  });
});

const linux = process.platform === 'linux' ? describe : describe.skip;

linux('stopping the stand-in on disk', () => {
  const bin = ensureSecantus();
  let dir: string;
  beforeEach(() => void (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stand-in-stop-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** The stand-in on `dir`, as the portal runs it, with `prelude` run first; resolves once it listens. */
  async function standIn(stopBoundS: number, prelude = ''): Promise<{ child: ChildProcess; uri: string }> {
    const { child, port } = await spawnStandIn({
      bin,
      storagePath: dir,
      logLevel: 'ERROR',
      onParentDeath: 'SIGTERM',
      prelude,
      stopBoundS,
    });
    return { child, uri: `mongodb://127.0.0.1:${port}/?directConnection=true` };
  }

  it('ends within its bound when its orderly stop wedges, and reopens with every acknowledged write', async () => {
    // Storage's close never returns, as a WiredTiger close left waiting on a session would.
    const wedged = await standIn(
      2,
      'import time, secantus.storage\nsecantus.storage.Storage.close = lambda self: time.sleep(3600)',
    );
    try {
      const client = await MongoClient.connect(wedged.uri);
      const paid = Array.from({ length: 500 }, (_, i) => ({ outTradeNo: `T${i}`, amountFen: 100 + i }));
      await client.db('stop').collection('payments').insertMany(paid);
      await client
        .db('stop')
        .collection('payments')
        .updateOne({ outTradeNo: 'T7' }, { $set: { status: 'paid' } });
      await client.close();

      const t0 = Date.now();
      wedged.child.kill('SIGTERM'); // what PR_SET_PDEATHSIG sends when the portal is killed outright
      const [code, signal] = (await once(wedged.child, 'exit')) as [number | null, NodeJS.Signals | null];
      expect({ code, signal }).toEqual({ code: null, signal: 'SIGALRM' }); // ended by its alarm, not by itself
      expect(Date.now() - t0).toBeLessThan(2_000 + 10_000); // the bound, plus a loaded machine's slack, not an hour
    } finally {
      wedged.child.kill('SIGKILL');
    }

    const again = await standIn(30);
    try {
      const client = await MongoClient.connect(again.uri);
      const payments = client.db('stop').collection('payments');
      expect(await payments.countDocuments()).toBe(500);
      expect(await payments.findOne({ outTradeNo: 'T7' }, { projection: { _id: 0 } })).toEqual({
        outTradeNo: 'T7',
        amountFen: 107,
        status: 'paid',
      });
      await client.close();
      // An orderly stop that finishes in time ends the process itself, with code 0.
      again.child.kill('SIGTERM');
      expect(await once(again.child, 'exit')).toEqual([0, null]);
    } finally {
      again.child.kill('SIGKILL');
    }
  });

  it('ends at once, without writing its files out, when they are to be deleted next', async () => {
    const mongo = await startMongo({ storageDir: dir, env: { EMBEDDED_DB: 'secantusdb' } });
    const client = await MongoClient.connect(mongo.uri);
    await client.db('discard').collection('payments').insertOne({ outTradeNo: 'D1' });
    await client.close();
    await mongo.stop({ discardData: true }); // what the browser tests do before deleting their copy of the demo
    expect(() => process.kill(mongo.pid!, 0)).toThrow(/ESRCH/);
    // The same directory serves again: nothing of the ended server holds it.
    const again = await startMongo({ storageDir: dir, env: { EMBEDDED_DB: 'secantusdb' } });
    await again.stop();
  });

  it('stops on a SIGTERM that one of its other threads took', async () => {
    const { child } = await standIn(30);
    try {
      // kill(2) with a thread's id sends the process its signal, and Linux hands it to that thread: as it may
      // any signal, to any thread that does not block it. The stand-in's own wait never woke for one.
      const threads = fs.readdirSync(`/proc/${child.pid}/task`).filter((tid) => tid !== String(child.pid));
      expect(threads.length).toBeGreaterThan(1);
      const taken = threads.reverse().find((tid) => {
        try {
          return process.kill(Number(tid), 'SIGTERM');
        } catch {
          return false; // a thread that ended meanwhile
        }
      });
      expect(taken).toBeDefined();
      let said = '';
      child.stderr?.on('data', (d: Buffer) => void (said += d.toString()));
      const exit = once(child, 'close');
      const ended = await Promise.race([exit, sleep(15_000).then(() => 'still running')]);
      expect({ ended, said }).toEqual({ ended: [0, null], said: '' }); // what it said, when it does not stop so
    } finally {
      child.kill('SIGKILL');
    }
  });
});

describe('TTL passes', () => {
  /**
   * Whether a long-expired document is still there `ms` after it was written. Dated 2001, not "two days ago": the
   * server reaps by the machine's clock, and the test may run on a shifted one (CI, ci84).
   */
  async function survives(uri: string, ms: number): Promise<boolean> {
    const client = await MongoClient.connect(uri);
    try {
      const attempts = client.db('ttl').collection('attempts');
      await attempts.createIndex({ at: 1 }, { expireAfterSeconds: 3600 });
      await attempts.insertOne({ at: new Date('2001-01-01T00:00:00Z') });
      const deadline = Date.now() + ms;
      while (Date.now() < deadline && (await attempts.countDocuments()) === 1) await sleep(250);
      return (await attempts.countDocuments()) === 1;
    } finally {
      await client.close();
    }
  }

  it('reap on the stand-in at the pace asked for, and never when turned off, as tests run it', async () => {
    const [sweeping, off] = await Promise.all([
      startMongo({ env: { EMBEDDED_DB: 'secantusdb' }, ttlSweepSeconds: 1 }),
      startMongo({ env: { EMBEDDED_DB: 'secantusdb' }, ttlSweepSeconds: 0 }),
    ]);
    try {
      // The pass that reaps proves the option reaches the server; 0 is off, not a pass without pause.
      expect(await survives(sweeping.uri, 15_000)).toBe(false);
      expect(await survives(off.uri, 4_000)).toBe(true);
    } finally {
      await Promise.all([sweeping.stop(), off.stop()]);
    }
  }, 60_000);

  // On the stand-in the case above stands for it; MONGODB_URI's server is the user's to set.
  const onMongod = process.env.TEST_MONGODB_KIND === 'mongod' ? it : it.skip;
  onMongod("are off on this run's own mongod", async () => {
    const client = await MongoClient.connect(process.env.TEST_MONGODB_URI!);
    try {
      const got = await client.db('admin').command({ getParameter: 1, ttlMonitorEnabled: 1 });
      expect(got.ttlMonitorEnabled).toBe(false);
    } finally {
      await client.close();
    }
  });
});
