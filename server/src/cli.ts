/**
 * The server's command line (`npm run cli -w server -- <command>` or `npx tsx server/src/cli.ts <command>`):
 *
 *   create-admin   --username <name> --password <pw> [--name <display name>]   first admin (or re-enable one)
 *   reset-password --username <name> --password <pw>                          new password, unlock, end sessions
 *   import <file.xlsx|file.csv> [--kind accounts|bills] [--report <problems.csv>]   import accounts and meters, or bills
 *   bench-import [--rows 20000]                                                import throughput on generated rows
 *   migrate                                                                    build the declared indexes, fill in derived fields (before a deploy)
 *   migrate-uploads [--dir <DATA_DIR/uploads>]                                 copy photos from the local disk into the file store
 *
 * Database: MONGODB_URI when set; otherwise the demo's embedded database in <DATA_DIR>/db. The
 * embedded database can be opened by one process at a time: stop `npm start` first (or set MONGODB_URI).
 */
import fs from 'node:fs';
import path from 'node:path';
import { Transform } from 'node:stream';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { loadConfig, type Config } from '@portal/config';
import { closeDb, connectDb } from './platform/db/mongo';
import { buildIndexes } from './platform/db/indexes';
import { createFileStore } from './platform/storage/fileStore';
import { features } from './modules';
import { migrateLocalPhotos } from './modules/uploads';
import { startMongo } from './platform/db/embeddedMongo';
import {
  ensureAdmin,
  importAccounts,
  importJobProblems,
  problemsCsv,
  resetPassword,
} from './modules/accounts';
import { importBills } from './modules/billing';
import { benchImport } from './bench/accountsImport';

const USAGE = `usage:
  create-admin   --username <name> --password <pw> [--name <display name>]
  reset-password --username <name> --password <pw>
  import <file.xlsx|file.csv> [--kind accounts|bills] [--report <problems.csv>]
  bench-import [--rows 20000]
  migrate
  migrate-uploads [--dir <DATA_DIR/uploads>]`;

function fail(msg: string): never {
  console.error(msg);
  process.exit(2);
}

async function withDb<T>(fn: (config: Config) => Promise<T>, opts: { autoIndex?: boolean } = {}): Promise<T> {
  const config = loadConfig();
  const mongo = await startMongo({
    storageDir: config.MONGODB_URI ? undefined : path.join(config.dataDir, 'db'),
    env: {
      MONGODB_URI: config.MONGODB_URI,
      EMBEDDED_DB: config.EMBEDDED_DB,
      EMBEDDED_DB_PROBE_MS: String(config.EMBEDDED_DB_PROBE_MS),
    },
    log: (m) => console.error(m),
  });
  await connectDb(mongo.uri, config.MONGODB_URI ? undefined : 'portal', {
    autoIndex: opts.autoIndex ?? config.autoIndex,
  });
  try {
    return await fn(config);
  } finally {
    await closeDb();
    await mongo.stop();
  }
}

async function runImport(
  file: string,
  reportPath?: string,
  kind: 'accounts' | 'bills' = 'accounts',
): Promise<number> {
  if (!fs.existsSync(file)) fail(`no such file: ${file}`);
  const size = fs.statSync(file).size;
  const bar = new cliProgress.SingleBar(
    {
      format:
        '导入 [{bar}] {percentage}% | {rows} 行 | 新增 {inserted} 更新 {updated} 未变 {unchanged} 失败 {failed}',
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(size, 0, { rows: 0, inserted: 0, updated: 0, unchanged: 0, failed: 0 });
  let read = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _e, cb) {
      read += chunk.length;
      cb(null, chunk);
    },
  });
  const job = await (kind === 'bills' ? importBills : importAccounts)(
    fs.createReadStream(file).pipe(counter),
    {
      filename: path.basename(file),
      actor: { kind: 'system', id: 'cli', name: process.env.USER },
      onProgress: (p) => bar.update(read, { rows: p.processed, ...p }),
    },
  );
  bar.update(size, { rows: job.processed, ...job });
  bar.stop();
  console.log(
    `${job.filename}: ${job.total} 行,新增 ${job.inserted},更新 ${job.updated},未变 ${job.unchanged},失败 ${job.failed}(${job.rowsPerSecond} 行/秒)`,
  );
  if (job.failed) {
    const problems = await importJobProblems(job.id);
    const out = reportPath ?? file.replace(/\.(xlsx|csv)$/i, '') + '.problems.csv';
    fs.writeFileSync(out, problemsCsv(problems));
    console.log(`问题报告: ${out}`);
    for (const p of problems.slice(0, 10)) console.log(`  第${p.row}行 ${p.column}: ${p.problem}`);
  }
  return job.failed ? 1 : 0;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      username: { type: 'string' },
      password: { type: 'string' },
      name: { type: 'string' },
      report: { type: 'string' },
      rows: { type: 'string' },
      kind: { type: 'string' },
      dir: { type: 'string' },
    },
  });
  switch (command) {
    case 'create-admin': {
      if (!values.username || !values.password) fail(USAGE);
      if (values.password.length < 8) fail('password: at least 8 characters');
      const { created } = await withDb(() => ensureAdmin(values.username!, values.password!, values.name));
      console.log(
        created
          ? `admin ${values.username} created`
          : `${values.username} exists: password reset, admin role ensured`,
      );
      return 0;
    }
    case 'reset-password': {
      if (!values.username || !values.password) fail(USAGE);
      if (values.password.length < 8) fail('password: at least 8 characters');
      await withDb(() => resetPassword(values.username!, values.password!));
      console.log(`password of ${values.username} reset; their sessions were ended`);
      return 0;
    }
    case 'import': {
      const file = positionals[0];
      if (!file) fail(USAGE);
      const kind = values.kind ?? 'accounts';
      if (kind !== 'accounts' && kind !== 'bills') fail('--kind: accounts or bills');
      return withDb(() => runImport(path.resolve(file), values.report, kind));
    }
    case 'bench-import': {
      const rows = Number(values.rows ?? 20_000);
      const r = await withDb(() => benchImport(rows));
      console.log(JSON.stringify(r));
      return 0;
    }
    case 'migrate': {
      // Every feature's models, so that every declared index is known.
      console.log(`${features.length} features`);
      const built = await withDb(
        async () => {
          const plans = await buildIndexes((p) => {
            for (const i of p.missing) console.log(`  built   ${p.collection}.${i}`);
            for (const i of p.extra)
              console.log(
                `  kept    ${p.collection}.${i} (no longer declared; drop it by hand once no running version uses it)`,
              );
          });
          // Then the data each feature derives that an older version did not write.
          for (const f of features) for (const line of (await f.migrate?.()) ?? []) console.log(line);
          return plans.reduce((n, p) => n + p.missing.length, 0);
        },
        { autoIndex: false },
      );
      console.log(`indexes: ${built} built, every declared index present`);
      return 0;
    }
    case 'migrate-uploads': {
      const r = await withDb(async (config) => {
        const dir = path.resolve(values.dir ?? path.join(config.dataDir, 'uploads'));
        console.log(`copying photos from ${dir} into ${config.FILE_STORAGE}`);
        return migrateLocalPhotos(
          { files: createFileStore(config) },
          dir,
          (n) => n % 500 === 0 && console.log(`  ${n} uploads`),
        );
      });
      console.log(
        `${r.uploads} uploads: ${r.copied} files copied, ${r.alreadyStored} already in the store, ${r.missing.length} missing on disk`,
      );
      for (const f of r.missing.slice(0, 20)) console.log(`  missing: ${f}`);
      return r.missing.length ? 1 : 0;
    }
    default:
      fail(USAGE);
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    const err = e as {
      code?: string;
      message?: string;
      extra?: { fields?: { path: string; message: string }[] };
    };
    console.error(err.extra?.fields?.map((f) => `${f.path}: ${f.message}`).join('\n') ?? err.message ?? e);
    process.exit(1);
  },
);
