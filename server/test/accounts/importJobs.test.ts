/**
 * Imports as background jobs, against a real database, real HTTP and real outbox workers: the upload answers
 * with a queued job, a worker writes it chunk by chunk with its progress on the job, a worker that dies is
 * taken over after its lease and the job ends with every row once, a cancel stops it, a bad file is refused.
 */
import { AccountModel } from '../../src/modules/accounts/account.model';
import { importers } from '../../src/modules/accounts/import/import.routes';
import { ImportJobModel } from '../../src/modules/accounts/import/importJob.model';
import {
  IMPORT_RUN_JOB,
  importRunJob,
  MAX_IMPORT_RUNS,
  type Importers,
} from '../../src/modules/accounts/import/importJob.runner';
import { benchCsv } from '../../src/bench/accountsImport';
import { deriveAreaCode } from '../../src/modules/accounts/import/validateRow';
import { AuditLogModel } from '../../src/platform/audit';
import { OutboxModel } from '../../src/platform/outbox/outbox.model';
import { createWorker } from '../../src/platform/outbox/worker';
import { makeAccount, makeStaff, type TestStaff } from '../factories';
import { startTestServer, type TestServer } from '../harness';
import { runQueuedImports } from './importSupport';

let t: TestServer;
let admin: TestStaff;
beforeAll(async () => {
  t = await startTestServer();
  admin = await makeStaff(t.deps, ['admin']);
});
afterAll(() => t.close());

const CHUNK = 500;

/** The real importers, with the given chunk write held until released (a worker stuck or dead there). */
function heldAt(write: number) {
  let writes = 0;
  let release!: () => void;
  let reached!: () => void;
  const released = new Promise<void>((r) => (release = r));
  const atHold = new Promise<void>((r) => (reached = r));
  const hold =
    <K extends keyof Importers>(make: Importers[K]) =>
    (opts: Parameters<Importers[K]>[0]) => {
      const real = make(opts);
      return {
        ...real,
        write: async (...args: Parameters<typeof real.write>) => {
          if (++writes === write) {
            reached();
            await released;
          }
          return real.write(...args);
        },
      };
    };
  const held: Importers = { accounts: hold(importers.accounts), bills: hold(importers.bills) };
  return { importers: held, atHold, release };
}

/**
 * Worker A, whose lease is 1 ms, stuck writing chunk `write` as if killed (its lease is then over). `takeOver()`:
 * worker B finds the abandoned entry and finishes the job, then the dead worker wakes up and writes its chunk.
 */
async function workerDiesAt(write: number) {
  const a = heldAt(write);
  const workerA = createWorker({
    handlers: { [IMPORT_RUN_JOB]: importRunJob(t.deps, a.importers, CHUNK) },
    leaseMs: 1,
  });
  const runA = workerA.runOnce();
  await a.atHold;
  return {
    /** `beforeTheDeadWakes` runs once worker B is done, before worker A writes its chunk. */
    takeOver: async (beforeTheDeadWakes?: () => Promise<void>) => {
      const b = createWorker({ handlers: { [IMPORT_RUN_JOB]: importRunJob(t.deps, importers, CHUNK) } });
      expect(await b.drain()).toBe(1);
      await beforeTheDeadWakes?.();
      a.release();
      await runA;
    },
  };
}

const upload = (csv: string, name = 'accounts.csv') =>
  t.api('POST', `/api/staff/imports?filename=${encodeURIComponent(name)}`, {
    token: admin.token,
    rawBody: csv,
    headers: { 'content-type': 'text/csv' },
  });
const getJob = (id: string) => t.api('GET', `/api/staff/imports/${id}`, { token: admin.token });
const rowsOf = (prefix: string) =>
  AccountModel.countDocuments({
    accountNo: { $gte: prefix, $lt: String.fromCharCode(prefix.charCodeAt(0) + 1) },
  });

describe('an import is a background job', () => {
  it('answers the upload at once with a queued job, then shows its progress chunk by chunk', async () => {
    const res = await upload(benchCsv(2_000, 'P'));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'queued', processed: 0, filename: 'accounts.csv' });
    expect(await rowsOf('P')).toBe(0);

    const h = heldAt(3);
    const worker = createWorker({ handlers: { [IMPORT_RUN_JOB]: importRunJob(t.deps, h.importers, CHUNK) } });
    const running = worker.runOnce();
    await h.atHold;
    const mid = await getJob(res.body.id);
    expect(mid.body).toMatchObject({ status: 'running', processed: 1_000, total: 1_000, failed: 0 });
    expect(mid.body.bytesRead).toBeGreaterThan(0);
    expect(mid.body.bytesRead).toBeLessThan(mid.body.fileBytes);
    expect(mid.body.rowsPerSecond).toBeGreaterThan(0);
    h.release();
    await running;
    const done = await getJob(res.body.id);
    expect(done.body).toMatchObject({ status: 'done', total: 2_000, processed: 2_000, inserted: 2_000 });
    expect(done.body.bytesRead).toBe(done.body.fileBytes);
    expect(await rowsOf('P')).toBe(2_000);
  });

  it('a worker that dies mid-way is taken over after its lease, and every row is imported exactly once', async () => {
    const res = await upload(benchCsv(3_000, 'K'));
    // Worker A's lease is 1 ms: once it stops renewing (stuck in its fourth chunk, as if killed) it is over.
    const a = await workerDiesAt(4);
    expect(await ImportJobModel.findById(res.body.id).lean()).toMatchObject({
      status: 'running',
      committedRows: 1_500,
    });

    // Worker B finds the abandoned entry, takes the job over and resumes after the last committed chunk.
    // The dead worker wakes up and writes its chunk: the rows are already there, and it may not commit.
    await a.takeOver();

    const job = await ImportJobModel.findById(res.body.id).lean();
    expect(job).toMatchObject({
      status: 'done',
      runs: 2,
      committedRows: 3_000,
      total: 3_000,
      processed: 3_000,
      inserted: 3_000,
      updated: 0,
      unchanged: 0,
      failed: 0,
    });
    expect(job!.problems).toEqual([]);
    expect(await rowsOf('K')).toBe(3_000);
    expect(await AuditLogModel.countDocuments({ action: 'accounts.import', 'target.id': res.body.id })).toBe(
      1,
    );
    expect(await OutboxModel.findOne({ dedupeKey: `import:${res.body.id}` }).lean()).toMatchObject({
      status: 'done',
    });
  });

  it('rows refused by validation count in their own chunk: a take-over reports each once, while the next chunk is read during a write', async () => {
    // Every tenth row names an unknown utility: 50 refused rows in each chunk of 500.
    const lines = benchCsv(2_000, 'V').trimEnd().split('\n');
    const csv = lines.map((l, i) => (i > 0 && i % 10 === 0 ? l.replace(',燃气,', ',煤油,') : l)).join('\n');
    const res = await upload(csv + '\n');
    const a = await workerDiesAt(3);
    // Chunk 3 is being written and chunk 4 read: the job holds chunks 1 and 2 only, refused rows included.
    const mid = await ImportJobModel.findById(res.body.id).lean();
    expect(mid).toMatchObject({ committedRows: 1_000, total: 1_000, processed: 1_000, failed: 100 });
    expect(mid!.problems.map((p) => p.row)).toEqual(Array.from({ length: 100 }, (_, i) => 11 + i * 10));

    await a.takeOver();

    const job = await ImportJobModel.findById(res.body.id).lean();
    expect(job).toMatchObject({
      status: 'done',
      total: 2_000,
      processed: 2_000,
      inserted: 1_800,
      failed: 200,
    });
    expect(job!.problems.map((p) => p.row)).toEqual(Array.from({ length: 200 }, (_, i) => 11 + i * 10));
    expect(job!.problems[0]).toMatchObject({ column: '类型', problem: '无法识别"煤油"(燃气/水/供热)' });
    expect(await rowsOf('V')).toBe(1_800);
  });

  it('a row with no area code takes the one its community last had in the file, else a stored one, else its own; across a take-over too', async () => {
    // benchCsv: row i is in DISTRICTS[i % 5] (海淀区 for i % 5 = 1, 东城区 for 3), community 小区(i >> 8). Here
    // each district is renamed 南…, so that no other test's accounts are in this file's communities.
    await makeAccount({
      accountNo: 'GA00000001',
      areaCode: 'OLD-3',
      address: { district: '南东城区', community: '小区3', building: '9', unit: '1', room: '101' },
    });
    const given: Record<number, string> = { 1: 'Z-1', 496: 'Z-2' };
    const [header, ...rows] = benchCsv(1_500, 'G').trimEnd().split('\n');
    const csv =
      [
        `${header},片区编码`,
        ...rows.map((l, i) => `${l.replace(/,([^,]+区),小区/, ',南$1,小区')},${given[i] ?? ''}`),
      ].join('\n') + '\n';
    const res = await upload(csv);
    // Chunk 1 (rows 0–499) is committed and worker A dies writing chunk 2: worker B reads rows 0–499 again, to
    // learn the codes the file gave there, and writes from row 500 on.
    const a = await workerDiesAt(2);
    const codesNow = async () =>
      Object.fromEntries(
        (
          await AccountModel.find({ accountNo: /^G0/ }, { accountNo: 1, areaCode: 1 }).lean<
            { accountNo: string; areaCode: string }[]
          >()
        ).map((acc) => [Number(acc.accountNo.slice(1)), acc.areaCode]),
      );
    // The codes as worker B wrote them, before worker A wakes up and writes its chunk again (the same codes).
    let codes: Record<number, string> = {};
    await a.takeOver(async () => void (codes = await codesNow()));
    expect((await getJob(res.body.id)).body).toMatchObject({ status: 'done', inserted: 1_500, failed: 0 });
    expect(await codesNow()).toEqual(codes);
    expect(codes[0]).toBe(deriveAreaCode('南朝阳区', '小区0'));
    expect([codes[1], codes[6], codes[251]]).toEqual(['Z-1', 'Z-1', 'Z-1']);
    // Rows 256 to 491 of 小区1 come before row 496 gives it a code: they get its own, as any stored account there.
    expect([codes[256], codes[491]]).toEqual(Array(2).fill(deriveAreaCode('南海淀区', '小区1')));
    // After the take-over, a read of 小区1 finds one of those; the code the file gave in the chunk read again wins.
    expect([codes[496], codes[501], codes[506], codes[511]]).toEqual(['Z-2', 'Z-2', 'Z-2', 'Z-2']);
    expect([codes[768], codes[1023]]).toEqual(['OLD-3', 'OLD-3']);
    expect(codes[1028]).toBe(deriveAreaCode('南东城区', '小区4'));
  });

  it('a job whose workers keep dying ends failed instead of staying "running"', async () => {
    const res = await upload(benchCsv(10, 'F'));
    await ImportJobModel.updateOne({ _id: res.body.id }, { $set: { runs: MAX_IMPORT_RUNS } });
    await runQueuedImports(t);
    const job = await getJob(res.body.id);
    expect(job.body.status).toBe('failed');
    expect(job.body.error).toContain('多次中断');
    expect(job.body.finishedAt).toBeDefined();
  });

  it('cancelling a running import stops it after the chunk being written; the rows written stay', async () => {
    const res = await upload(benchCsv(3_000, 'C'));
    const h = heldAt(2);
    const worker = createWorker({ handlers: { [IMPORT_RUN_JOB]: importRunJob(t.deps, h.importers, CHUNK) } });
    const running = worker.runOnce();
    await h.atHold;
    const cancel = await t.api('POST', `/api/staff/imports/${res.body.id}/cancel`, { token: admin.token });
    expect(cancel.status).toBe(200);
    expect(cancel.body).toMatchObject({ status: 'running', cancelRequested: true });
    h.release();
    await running;
    const job = await getJob(res.body.id);
    expect(job.body).toMatchObject({ status: 'cancelled', processed: 1_000 });
    expect(await rowsOf('C')).toBe(1_000);
    const again = await t.api('POST', `/api/staff/imports/${res.body.id}/cancel`, { token: admin.token });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('IMPORT_ENDED');
  });

  it('a queued import cancelled before any worker runs it writes nothing', async () => {
    const res = await upload(benchCsv(100, 'Q'));
    const cancel = await t.api('POST', `/api/staff/imports/${res.body.id}/cancel`, { token: admin.token });
    expect(cancel.body.status).toBe('cancelled');
    await runQueuedImports(t);
    expect((await getJob(res.body.id)).body.status).toBe('cancelled');
    expect(await rowsOf('Q')).toBe(0);
  });

  it('only an admin may cancel, and an unknown job is a 404', async () => {
    const supervisor = await makeStaff(t.deps, ['supervisor']);
    const res = await upload(benchCsv(5, 'S'));
    const refused = await t.api('POST', `/api/staff/imports/${res.body.id}/cancel`, {
      token: supervisor.token,
    });
    expect(refused.status).toBe(403);
    const missing = await t.api('POST', '/api/staff/imports/64b7f0c2a1b2c3d4e5f60718/cancel', {
      token: admin.token,
    });
    expect(missing.status).toBe(404);
    const bad = await t.api('POST', '/api/staff/imports/nope/cancel', { token: admin.token });
    expect(bad.status).toBe(400);
    await runQueuedImports(t);
  });
});

describe('a bad file is refused at upload, naming the file', () => {
  function multipart(filename: string, content: Buffer) {
    const boundary = '----portal' + Date.now();
    return {
      token: admin.token,
      rawBody: Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
        ),
        content,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]),
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    };
  }
  const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

  it('a picture named .xlsx, a file without the required columns, a .txt: each a 400 naming it, no job', async () => {
    const jobs = await ImportJobModel.countDocuments();
    const picture = await t.api('POST', '/api/staff/imports', multipart('户号表.xlsx', PNG));
    expect(picture.status).toBe(400);
    expect(picture.body.error.fields[0].message).toContain('「户号表.xlsx」');

    const columns = await t.api(
      'POST',
      '/api/staff/imports/bills',
      multipart('八月账单.csv', Buffer.from('户号,用量\n3205000001,10\n')),
    );
    expect(columns.status).toBe(400);
    expect(columns.body.error.fields.map((f: { path: string }) => f.path)).toContain('file.账期');
    expect(columns.body.error.fields[0].message).toContain('「八月账单.csv」');

    const text = await t.api('POST', '/api/staff/imports', multipart('说明.txt', Buffer.from('hello')));
    expect(text.status).toBe(400);
    expect(text.body.error.fields[0].message).toContain('「说明.txt」');

    const empty = await t.api('POST', '/api/staff/imports', multipart('空.csv', Buffer.alloc(0)));
    expect(empty.status).toBe(400);
    expect(empty.body.error.fields[0].message).toContain('「空.csv」');
    expect(await ImportJobModel.countDocuments()).toBe(jobs);
  });
});
