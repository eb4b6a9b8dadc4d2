/**
 * An accounts import costs the same database round trips per chunk of the file whatever the file's size:
 * new accounts are one insert per chunk with no read of their 户号, known ones one read per chunk, changed ones one
 * bulk update and one audit insert per chunk, and a chunk that names communities no earlier row did one read of
 * their stored area codes; no round trip per row (importAccounts.ts, runImport.ts). Counted
 * from the driver's command monitoring while a real outbox worker runs the job of a real upload.
 */
import { benchCsv } from '../../src/bench/accountsImport';
import { AccountModel } from '../../src/modules/accounts/account.model';
import { importers } from '../../src/modules/accounts/import/import.routes';
import { IMPORT_RUN_JOB, importRunJob } from '../../src/modules/accounts/import/importJob.runner';
import { createWorker } from '../../src/platform/outbox/worker';
import { bindResident, makeResident, makeStaff, type TestStaff } from '../factories';
import { BindingModel } from '../../src/modules/accounts/binding.model';
import { connectTestDb, startTestServer, type TestServer } from '../harness';
import { expectWithinBudget, jobCommands, type Command } from '../roundTripBudget';

const CHUNK = 250;

/**
 * The job's own round trips, once per job: taking it (1), its file from the store (3), ending it (1), deleting its
 * file (3), its audit entry (1) and the outbox entry's completion (1). No read of every account's community.
 */
const JOB = 10;
/**
 * A chunk that names a community no earlier row of the file named (every chunk of these files: a community is 256
 * rows): the stored area codes of all such communities, in one read.
 */
const AREAS = 1;
/** A chunk of new accounts: one insert, the chunk's record on the job, the worker's lease. */
const NEW_CHUNK = AREAS + 3;
/** A chunk of known, unchanged accounts: one range read, the chunk's record, the lease. */
const KNOWN_CHUNK = AREAS + 3;
/** The first chunk of a file starts by inserting (a first import reads nothing); known 户号 are refused. */
const FIRST_GUESS = 1;
/**
 * A chunk of changed accounts spread thinly over the 户号 (every third): the range read stops at its
 * limit, then the 户号 in lists of 100 (3 for 250 rows), one bulk update, the bindings of the new holders,
 * the audit entries, the chunk's record and the lease.
 */
const CHANGED_SPREAD_CHUNK = AREAS + 1 + Math.ceil(CHUNK / 100) + 1 + 1 + 1 + 2;
/** A chunk where some of the new holders' accounts were bound: their current revision, the delete. */
const STALE_BINDINGS = 2;

let t: TestServer;
let admin: TestStaff;
beforeAll(async () => {
  t = await startTestServer({ db: await connectTestDb(undefined, { monitorCommands: true }) });
  admin = await makeStaff(t.deps, ['admin']);
});
afterAll(() => t.close());

/** Uploads a CSV, runs its job with one worker, and returns the finished job and the job's commands. */
async function importJob(csv: string) {
  const res = await t.api('POST', '/api/staff/imports?filename=accounts.csv', {
    token: admin.token,
    rawBody: csv,
    headers: { 'content-type': 'text/csv' },
  });
  expect(res.status).toBe(201);
  const worker = createWorker({ handlers: { [IMPORT_RUN_JOB]: importRunJob(t.deps, importers, CHUNK) } });
  const commands = await jobCommands(IMPORT_RUN_JOB, async () => expect(await worker.runOnce()).toBe(true));
  const job = await t.api('GET', `/api/staff/imports/${res.body.id}`, { token: admin.token });
  return { job: job.body, commands };
}

const count = (commands: Command[], command: Command) => commands.filter((c) => c === command).length;

it('a file of new accounts is one insert per chunk and no read of its 户号, for 500 rows as for 1,500', async () => {
  const short = await importJob(benchCsv(500, 'R'));
  const long = await importJob(benchCsv(1_500, 'S'));

  expect(short.job).toMatchObject({ status: 'done', inserted: 500, failed: 0 });
  expect(long.job).toMatchObject({ status: 'done', inserted: 1_500, failed: 0 });
  expectWithinBudget('importing 500 new accounts', short.commands, JOB + 2 * NEW_CHUNK);
  expectWithinBudget('importing 1,500 new accounts', long.commands, JOB + 6 * NEW_CHUNK);
  expect(count(long.commands, 'insert accounts')).toBe(6);
  expect(count(long.commands, 'find accounts')).toBe(0);
  expect(long.commands.length - short.commands.length).toBeLessThanOrEqual(4 * NEW_CHUNK);
}, 180_000);

it('the same file again is one read per chunk and writes no account', async () => {
  const again = await importJob(benchCsv(1_500, 'S'));

  expect(again.job).toMatchObject({ status: 'done', unchanged: 1_500, inserted: 0, updated: 0, failed: 0 });
  expectWithinBudget('re-importing 1,500 accounts', again.commands, JOB + FIRST_GUESS + 6 * KNOWN_CHUNK);
  expect(count(again.commands, 'update accounts')).toBe(0);
}, 180_000);

it('changed holders spread thinly over the accounts: a bounded read, one update and one audit insert per chunk', async () => {
  // A resident bound to one of the accounts whose holder changes: the new holder ends that binding.
  const resident = await makeResident(t.deps);
  await bindResident(resident.userId, 'S000000003');
  const lines = benchCsv(1_500, 'S').trimEnd().split('\n');
  // Every third account, its holder renamed (王伟 → 王伟新).
  const rows = lines.slice(1).filter((_, i) => i % 3 === 0);
  const renamed = rows.map((l) => l.replace(/^([^,]+),([^,]+),/, '$1,$2新,'));
  const changed = await importJob([lines[0], ...renamed].join('\n') + '\n');

  expect(changed.job).toMatchObject({ status: 'done', updated: 500, inserted: 0, failed: 0 });
  expectWithinBudget(
    'changing 500 holders',
    changed.commands,
    JOB + FIRST_GUESS + 2 * CHANGED_SPREAD_CHUNK + STALE_BINDINGS,
  );
  expect(count(changed.commands, 'update accounts')).toBe(2);
  // Only the renamed accounts changed.
  const renamedNow = await AccountModel.countDocuments({
    accountNo: { $gte: 'S', $lt: 'T' },
    'holder.name': /新$/,
  });
  expect(renamedNow).toBe(500);
  expect(await BindingModel.countDocuments({ accountNo: 'S000000003' })).toBe(0);
}, 180_000);
