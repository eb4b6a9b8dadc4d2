/**
 * Import throughput on generated data, for `npm run bench`: `await benchImport(20_000)` writes a CSV of
 * that many realistic accounts, imports it (all inserts), imports it again (all unchanged) and reports
 * rows per second for both. Needs a connected database; uses account numbers starting with "B".
 * `insertFloor(20_000)` is the database's own pace for the same documents, the ceiling of a first import.
 */
import { Readable } from 'node:stream';
import { AccountModel } from '../modules/accounts/account.model';
import { mapHeaders } from '../modules/accounts/import/columns';
import { importAccounts, newDocument } from '../modules/accounts/import/importAccounts';
import { countedBytes } from '../modules/accounts/import/runImport';
import { deriveAreaCode, validateRow } from '../modules/accounts/import/validateRow';
import { readRows } from '../platform/spreadsheet';

const DISTRICTS = ['朝阳区', '海淀区', '西城区', '东城区', '丰台区'];
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛'];

export function benchCsv(rows: number, prefix = 'B'): string {
  const lines = ['户号,户主,电话,区,小区,楼栋,单元,房号,类型,表号'];
  for (let i = 0; i < rows; i++) {
    const no = `${prefix}${String(i).padStart(9, '0')}`;
    const name = SURNAMES[i % SURNAMES.length]! + GIVEN[(i * 7) % GIVEN.length]!;
    const district = DISTRICTS[i % DISTRICTS.length]!;
    lines.push(
      `${no},${name},1380${String(i).padStart(7, '0')},${district},小区${(i >> 8) % 50},${(i % 20) + 1},${(i % 4) + 1},${(i % 30) + 101},燃气,M${no}`,
    );
  }
  return lines.join('\n') + '\n';
}

export type BenchImportResult = {
  rows: number;
  firstRun: { seconds: number; rowsPerSecond: number };
  reRun: { seconds: number; rowsPerSecond: number };
};

/**
 * `firstRun` brackets the first import (the bench meters its CPU there). The file is read in the pieces an import
 * job reads its stored file in (countedBytes), not in one piece. A first import of 200 other accounts, deleted
 * again, goes before it, as the bench warms getCustomer360 up before timing it: the figure is the import's pace,
 * not the first compilation of its parsing and checks.
 */
export async function benchImport(
  rows: number,
  firstRun?: { start(): void; end(): void },
): Promise<BenchImportResult> {
  const actor = { kind: 'system' as const, id: 'bench' };
  const run = async (csv: Buffer) => {
    const started = process.hrtime.bigint();
    const job = await importAccounts(countedBytes(csv).stream, { filename: 'bench.csv', actor });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (job.failed) throw new Error(`bench import reported ${job.failed} failed rows`);
    return { seconds: Math.round(seconds * 100) / 100, rowsPerSecond: Math.round(rows / seconds) };
  };
  await run(Buffer.from(benchCsv(200, 'W')));
  await AccountModel.collection.deleteMany({ accountNo: { $gte: 'W', $lt: 'W\uffff' } });
  const csv = Buffer.from(benchCsv(rows));
  firstRun?.start();
  const first = await run(csv);
  firstRun?.end();
  const reRun = await run(csv);
  return { rows, firstRun: first, reRun };
}

/**
 * The first import's ceiling: the documents a first import of `rows` generated accounts writes, inserted
 * as they are (insertMany, 1,000 a time, nothing read, parsed or recorded), then deleted. Account numbers
 * start with `prefix` (not "B", which the import uses).
 */
export async function insertFloor(
  rows: number,
  prefix = 'F',
  inserting?: { start(): void; end(): void },
): Promise<{ seconds: number; rowsPerSecond: number }> {
  const docs = [];
  let headers: string[] = [];
  let fields: ReturnType<typeof mapHeaders>['fields'] = [];
  const now = new Date();
  for await (const { row, cells } of readRows(Readable.from([Buffer.from(benchCsv(rows, prefix))]), 'csv')) {
    if (!headers.length) {
      headers = cells;
      fields = mapHeaders(cells).fields;
      continue;
    }
    const { account } = validateRow(row, cells, headers, fields);
    if (!account) continue;
    const { district, community } = account.address;
    docs.push(newDocument({ ...account, areaCode: deriveAreaCode(district, community) }, now));
  }
  inserting?.start();
  const started = process.hrtime.bigint();
  for (let i = 0; i < docs.length; i += 1000)
    await AccountModel.collection.insertMany(docs.slice(i, i + 1000), { ordered: false });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  inserting?.end();
  await AccountModel.collection.deleteMany({ accountNo: { $gte: prefix, $lt: `${prefix}\uffff` } });
  return { seconds: Math.round(seconds * 100) / 100, rowsPerSecond: Math.round(rows / seconds) };
}
