/**
 * Bulk import of accounts (with their meters) from .xlsx or .csv. Good rows go in, bad rows are reported
 * as (row, column, problem); each row is one single-document write, so nothing is half-written.
 * Upsert by 户号, writing only fields that differ: re-importing the same file changes nothing.
 * A batch of mostly new accounts (a first import) is inserted as it is, in one insert, and only the
 * 户号 the unique index refuses are read and compared; a batch of mostly known accounts (a re-import) is
 * read first. Each batch sets the way of the next.
 *
 *   const job = await importAccounts(fs.createReadStream(file), { filename, actor });
 */
import type { Readable } from 'node:stream';
import type { AnyBulkWriteOperation } from 'mongodb';
import type { ImportJob, ImportProblem } from '@portal/types';
import type { AuditInput } from '../../../platform/audit';
import { inChunks } from '../../../platform/db/batches';
import { errors } from '../../../platform/http/errors';
import { AccountModel } from '../account.model';
import { COLUMNS, mapHeaders, type Field } from './columns';
import type { ImportOptions } from './importJobLifecycle';
import {
  bulkWriteRefusals,
  rowUpdateAudit,
  runImport,
  sameValue as same,
  type Importer,
  type ImportRun,
} from './runImport';
import { deriveAreaCode, validateRow, type ImportedAccount, type ValidatedAccount } from './validateRow';
import { dropStaleBindingsFor, holderChange } from '../occupancy.service';

type Row = { row: number; item: ImportedAccount };

function get(doc: Record<string, unknown>, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>(
      (o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined),
      doc,
    );
}

/** The fields a row sets, as dotted paths (absent cells leave the stored value alone). */
function desiredPaths(a: ImportedAccount): Record<string, unknown> {
  const p: Record<string, unknown> = {
    'holder.name': a.holder.name,
    'address.district': a.address.district,
    'address.community': a.address.community,
    'address.building': a.address.building,
    'address.unit': a.address.unit,
    'address.room': a.address.room,
    areaCode: a.areaCode,
    utility: a.utility,
  };
  if (a.holder.phone) p['holder.phone'] = a.holder.phone;
  if (a.holder.idNumberMasked) p['holder.idNumberMasked'] = a.holder.idNumberMasked;
  if (a.customerType) p.customerType = a.customerType;
  if (a.status) p.status = a.status;
  if (a.contract?.no) p['contract.no'] = a.contract.no;
  if (a.contract?.startAt) p['contract.startAt'] = a.contract.startAt;
  if (a.contract?.tariff) p['contract.tariff'] = a.contract.tariff;
  if (a.tags) p.tags = a.tags;
  if (a.specialNeeds) p.specialNeeds = a.specialNeeds;
  return p;
}

/** Meters named in the file are added or updated; meters already on the account stay (with readings). */
function mergeMeters(
  existing: ImportedAccount['meters'] & Record<string, unknown>[],
  incoming: ImportedAccount['meters'],
) {
  const out = existing.map((m) => ({ ...m }));
  for (const m of incoming) {
    const cur = out.find((e) => e.meterNo === m.meterNo);
    if (!cur) out.push({ ...m });
    else {
      if (m.model) cur.model = m.model;
      if (m.installedAt) cur.installedAt = m.installedAt;
    }
  }
  return out;
}

/** The stored account a row of a new 户号 becomes (exported for the bench's insert floor). */
export function newDocument(a: ImportedAccount, now: Date) {
  return {
    accountNo: a.accountNo,
    holder: a.holder,
    address: a.address,
    areaCode: a.areaCode,
    utility: a.utility,
    customerType: a.customerType ?? 'residential',
    status: a.status ?? 'active',
    meters: a.meters,
    appliances: [],
    contract: { tariff: 'residential-tiered', ...a.contract },
    tags: a.tags ?? [],
    ...(a.specialNeeds ? { specialNeeds: a.specialNeeds } : {}),
    qrRevision: 1,
    notes: [],
    createdAt: now,
    updatedAt: now,
  };
}

/** What a row may change, read for comparison: the fields `desiredPaths` sets, and the meters. */
const COMPARED = {
  _id: 0,
  accountNo: 1,
  holder: 1,
  address: 1,
  areaCode: 1,
  utility: 1,
  customerType: 1,
  status: 1,
  contract: 1,
  tags: 1,
  specialNeeds: 1,
  meters: 1,
};
type Stored = Record<string, unknown> & { accountNo: string };

/**
 * The stored accounts of these 户号 (sorted, distinct). One range read from the first 户号 to the last
 * when the batch covers its range densely (a file exported in 户号 order: the usual case); when the
 * range holds many other accounts too, the read stops at its limit and the 户号 are read by value
 * instead, in $in lists of 100 in parallel (a long $in list costs the test stand-in quadratic time).
 */
async function readAccounts(accountNos: string[]): Promise<Map<string, Stored>> {
  const byNo = new Map<string, Stored>();
  if (!accountNos.length) return byNo;
  const wanted = new Set(accountNos);
  const limit = accountNos.length * 2 + 20;
  const range = await AccountModel.collection
    .find<Stored>(
      { accountNo: { $gte: accountNos[0]!, $lte: accountNos.at(-1)! } },
      { projection: COMPARED, limit, batchSize: limit },
    )
    .toArray();
  const docs =
    range.length < limit
      ? range
      : await inChunks(accountNos, 100, (chunk) =>
          AccountModel.collection
            .find<Stored>({ accountNo: { $in: chunk } }, { projection: COMPARED })
            .toArray(),
        );
  for (const d of docs) if (wanted.has(d.accountNo)) byNo.set(d.accountNo, d);
  return byNo;
}

/** The distinct 户号 of rows, sorted as the database orders them (ASCII: byte order). */
const accountNosOf = (rows: Row[]) => [...new Set(rows.map((r) => r.item.accountNo))].sort();

/** Inserts the rows in one unordered insert; returns the rows whose 户号 exists (other refusals are reported). */
async function insertNew(rows: Row[], run: ImportRun, now: Date): Promise<Row[]> {
  if (!rows.length) return [];
  const docs = rows.map((r) => newDocument(r.item, now));
  try {
    await AccountModel.collection.insertMany(docs, { ordered: false });
    run.counts.inserted += rows.length;
    return [];
  } catch (e) {
    const { refused } = bulkWriteRefusals(e);
    const existing: Row[] = [];
    for (const r of refused) {
      if (r.duplicate) existing.push(rows[r.index]!);
      else {
        run.counts.failed++;
        run.problems.push({ row: rows[r.index]!.row, column: COLUMNS.accountNo[0], problem: '写入失败' });
      }
    }
    run.counts.inserted += rows.length - refused.length;
    return existing;
  }
}

/** How the next batch is written: inserted first while batches are mostly new accounts. */
type WriteMode = { insertFirst: boolean };

/**
 * One batch, in a fixed number of round trips whatever its rows: the known accounts read at once (not
 * while batches are mostly new: then the insert finds them), the new ones in one insert, and the ones
 * that changed in one bulk update; an unchanged row writes nothing. A 户号 another import inserted
 * between the read and the insert is refused by the unique index, read, and updated like a known one.
 */
async function writeBatch(rows: Row[], run: ImportRun, opts: ImportOptions, mode: WriteMode) {
  if (!rows.length) return; // the last flush of a file whose rows filled the batches exactly
  const now = new Date();
  const known = mode.insertFirst ? new Map<string, Stored>() : await readAccounts(accountNosOf(rows));
  const fresh = rows.filter((r) => !known.has(r.item.accountNo));
  const refused = await insertNew(fresh, run, now);
  if (refused.length) for (const [no, doc] of await readAccounts(accountNosOf(refused))) known.set(no, doc);
  const inserted = fresh.length - refused.length;
  mode.insertFirst = inserted * 2 >= rows.length;
  for (const { row, item } of refused) {
    if (known.has(item.accountNo)) continue;
    // Refused as a duplicate, yet gone when read: deleted in between. The row is reported, not retried.
    run.counts.failed++;
    run.problems.push({ row, column: COLUMNS.accountNo[0], problem: '户号冲突,请重试' });
  }
  await updateChanged(
    rows.filter((r) => known.has(r.item.accountNo)),
    known,
    run,
    opts,
    now,
  );
}

/** Compares each row with its stored account; writes what differs in one bulk update, audited per row. */
async function updateChanged(
  rows: Row[],
  known: Map<string, Stored>,
  run: ImportRun,
  opts: ImportOptions,
  now: Date,
): Promise<void> {
  const { counts: c, problems, auditEntries } = run;
  const ops: AnyBulkWriteOperation[] = [];
  const opRows: { row: number; accountNo: string; newHolder: boolean; audit: AuditInput }[] = [];
  for (const { row, item: account } of rows) {
    const cur = known.get(account.accountNo)!;
    const set: Record<string, unknown> = {};
    const before: Record<string, unknown> = {};
    for (const [path, value] of Object.entries(desiredPaths(account))) {
      const old = get(cur, path);
      if (!same(old, value)) {
        set[path] = value;
        before[path] = old;
      }
    }
    const meters = mergeMeters((cur.meters as never) ?? [], account.meters);
    if (!same(cur.meters ?? [], meters)) {
      set.meters = meters;
      before.meters = cur.meters;
    }
    if (!Object.keys(set).length) {
      c.unchanged++;
      continue;
    }
    // A new holder name or phone is a new holder: old bindings and QR codes end in the same write.
    const newHolder = 'holder.name' in set || 'holder.phone' in set;
    const change = newHolder ? holderChange(now) : undefined;
    ops.push({
      updateOne: {
        filter: { accountNo: account.accountNo },
        update: {
          $set: { ...set, ...change?.$set, updatedAt: now },
          ...(change ? { $inc: change.$inc } : {}),
        },
      },
    });
    const audit = rowUpdateAudit(
      opts,
      'account.import.update',
      { kind: 'account', id: account.accountNo },
      { before, after: set },
      now,
    );
    opRows.push({ row, accountNo: account.accountNo, newHolder, audit });
  }
  if (!ops.length) return;
  const failedIdx = new Set<number>();
  try {
    await AccountModel.collection.bulkWrite(ops, { ordered: false });
  } catch (e) {
    for (const we of bulkWriteRefusals(e).refused) {
      failedIdx.add(we.index);
      problems.push({ row: opRows[we.index]!.row, column: COLUMNS.accountNo[0], problem: '写入失败' });
    }
  }
  const written = opRows.filter((_, i) => !failedIdx.has(i));
  c.failed += failedIdx.size;
  c.updated += written.length;
  auditEntries.push(...written.map((o) => o.audit));
  await dropStaleBindingsFor(written.filter((o) => o.newHolder).map((o) => o.accountNo));
}

type Community = { district: string; community: string };
const communityKey = (a: { address: Community }) => `${a.address.district}|${a.address.community}`;

/**
 * The stored area codes of these communities, one account's each, in one round trip: a `$unionWith` of one indexed
 * read per community (the district/community/building index), each stopping at its first account.
 */
async function storedAreaCodes(communities: Community[]): Promise<Map<string, string>> {
  const codes = new Map<string, string>();
  if (!communities.length) return codes;
  const one = ({ district, community }: Community) => [
    { $match: { 'address.district': district, 'address.community': community } },
    { $limit: 1 },
    { $project: { _id: 0, district: '$address.district', community: '$address.community', areaCode: 1 } },
  ];
  const [first, ...rest] = communities;
  const found = await AccountModel.aggregate<Community & { areaCode?: string }>([
    ...one(first!),
    ...rest.map((c) => ({ $unionWith: { coll: AccountModel.collection.collectionName, pipeline: one(c) } })),
  ]);
  for (const a of found) if (a.areaCode) codes.set(communityKey({ address: a }), a.areaCode);
  return codes;
}

/**
 * The area codes an import gives the rows whose file has none, learnt as it goes, in row order: the code the file
 * last gave the row's community, else that of an account already stored there, else one derived from its names.
 * A chunk reads the stored codes of the communities it is first to need, in one round trip; an import no longer
 * reads every account's community at its start (seconds at a utility's size, whatever the file's).
 */
function areaCodes() {
  const known = new Map<string, string>();
  return {
    /** A row an earlier run of the job wrote: the code the file gave it, if any, holds for the rows after it. */
    written(item: ValidatedAccount) {
      if (item.areaCode) known.set(communityKey(item), item.areaCode);
    },
    /** The chunk's rows, each with its code; what the rows give and get holds for the rows after them. */
    async assign(batch: { row: number; item: ValidatedAccount }[]): Promise<Row[]> {
      // Communities neither known nor named by an earlier row of the chunk, first reached by a row with no code.
      const needed = new Map<string, Community>();
      const named = new Set<string>();
      for (const { item } of batch) {
        const key = communityKey(item);
        if (!item.areaCode && !known.has(key) && !named.has(key)) needed.set(key, item.address);
        named.add(key);
      }
      const stored = await storedAreaCodes([...needed.values()]);
      return batch.map(({ row, item }) => {
        const key = communityKey(item);
        const areaCode =
          item.areaCode ??
          known.get(key) ??
          stored.get(key) ??
          deriveAreaCode(item.address.district, item.address.community);
        known.set(key, areaCode);
        return { row, item: { ...item, areaCode } };
      });
    },
  };
}

export async function importAccounts(input: Readable, opts: ImportOptions): Promise<ImportJob> {
  return runImport(input, opts, accountsImporter(opts));
}

/** The header row's fields; throws errors.validation naming the required columns it lacks. */
function requiredColumns(headers: string[]): (Field | undefined)[] {
  const mapped = mapHeaders(headers);
  if (mapped.missing.length) {
    throw errors.validation(
      mapped.missing.map((f) => ({
        path: `file.${COLUMNS[f][0]}`,
        message: `缺少必填列"${COLUMNS[f][0]}"(或 ${COLUMNS[f].at(-1)})`,
      })),
    );
  }
  return mapped.fields;
}

/** What an accounts file is: its columns, one row's checks and a chunk's write (the job runner runs it). */
export function accountsImporter(opts: ImportOptions): Importer<ValidatedAccount> {
  let headers: string[] = [];
  let fields: (Field | undefined)[] = [];
  const areas = areaCodes();
  const mode: WriteMode = { insertFirst: true };
  return {
    kind: 'accounts',
    checkHeaders: (cells) => void requiredColumns(cells),
    start(cells) {
      headers = cells;
      fields = requiredColumns(headers);
    },
    row(row, cells) {
      const { account, problems } = validateRow(row, cells, headers, fields);
      return { item: account, problems };
    },
    key: (account) => account.accountNo,
    duplicate: (row, first) => ({
      row,
      column: headers[fields.indexOf('accountNo')]!,
      problem: `户号与第${first}行重复`,
    }),
    written: (account) => areas.written(account),
    write: async (batch, run) => writeBatch(await areas.assign(batch), run, opts, mode),
  };
}

/** The problems as a CSV report (UTF-8 with BOM so Excel opens Chinese correctly). */
export function problemsCsv(problems: ImportProblem[]): string {
  const q = (s: string | number) => `"${String(s).replace(/"/g, '""')}"`;
  return (
    '\ufeff' +
    ['行号,列,问题', ...problems.map((p) => [p.row, q(p.column), q(p.problem)].join(','))].join('\r\n') +
    '\r\n'
  );
}
