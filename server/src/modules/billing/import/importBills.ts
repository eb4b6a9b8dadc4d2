/**
 * Bulk import of bills from .xlsx or .csv, the bill side of the accounts import: same job, report and audit.
 * Upsert by (户号, 账期): each row is one single-document write, only differing fields are written, so
 * re-importing the same file changes nothing. A bill already paid or being paid in the portal is never
 * overwritten: a row that would change it is reported instead.
 *
 *   const job = await importBills(fs.createReadStream(file), { filename, actor });
 */
import type { Readable } from 'node:stream';
import type { AnyBulkWriteOperation } from 'mongoose';
import type { ImportJob } from '@portal/types';
import type { AuditInput } from '../../../platform/audit';
import { inChunks } from '../../../platform/db/batches';
import { errors } from '../../../platform/http/errors';
import {
  accountSummaries,
  bulkWriteRefusals,
  MAX_KEPT_PROBLEMS,
  rowUpdateAudit,
  runImport,
  sameValue as same,
  type Importer,
  type ImportOptions,
  type ImportRun,
} from '../../accounts';
import { BillModel, type BillDoc } from '../bill.model';
import {
  BILL_COLUMNS,
  billLabel,
  mapBillHeaders,
  validateBillRow,
  type BillField,
  type ImportedBill,
} from './billRow';

type Row = { row: number; item: ImportedBill };
type Labels = { accountNo: string; period: string; status: string };

const LOCKED = new Set(['paid', 'paying']);
const USAGE_NAME = { gas: '燃气费', water: '水费', heating: '供热费' } as Record<string, string>;

async function writeBatch(rows: Row[], run: ImportRun, opts: ImportOptions, labels: Labels) {
  const { counts: c, problems, auditEntries } = run;
  const now = new Date();
  const nos = [...new Set(rows.map((r) => r.item.accountNo))];
  const [accounts, bills] = await Promise.all([
    inChunks(nos, 100, accountSummaries),
    inChunks(nos, 100, (chunk) =>
      BillModel.find(
        { accountNo: { $in: chunk }, billType: 'usage' },
        { accountNo: 1, period: 1, utility: 1, status: 1, amountDue: 1, items: 1, usage: 1, dueDate: 1 },
      ).lean<BillDoc[]>(),
    ),
  ]);
  const accountByNo = new Map(accounts.map((a) => [a.accountNo, a]));
  const billByKey = new Map(
    bills.map((b) => [`${b.accountNo}|${b.period}|${b.utility}`, b as Record<string, unknown>]),
  );
  const ops: AnyBulkWriteOperation<Record<string, unknown>>[] = [];
  const opRows: { row: number; kind: 'insert' | 'update' }[] = [];
  const pendingAudit: { i: number; entry: AuditInput }[] = [];
  const fail = (row: number, column: string, problem: string) => {
    c.failed++;
    if (problems.length < MAX_KEPT_PROBLEMS) problems.push({ row, column, problem });
  };

  for (const { row, item: bill } of rows) {
    const account = accountByNo.get(bill.accountNo);
    if (!account) {
      fail(row, labels.accountNo, '户号不存在');
      continue;
    }
    const utility = account.utility as string;
    const items = bill.items.length
      ? bill.items
      : [
          {
            kind: 'usage',
            name: USAGE_NAME[utility] ?? '费用',
            amountFen: bill.amountDue,
            ...(bill.usage !== undefined ? { quantity: bill.usage } : {}),
          },
        ];
    const cur = billByKey.get(`${bill.accountNo}|${bill.period}|${utility}`);
    if (!cur) {
      ops.push({
        insertOne: {
          document: {
            accountNo: bill.accountNo,
            areaCode: account.areaCode,
            utility,
            period: bill.period,
            billType: 'usage',
            items,
            amountDue: bill.amountDue,
            ...(bill.usage !== undefined ? { usage: bill.usage } : {}),
            dueDate: bill.dueDate,
            status: bill.status,
            issuedAt: now,
            ...(bill.status === 'paid' ? { paidAt: now } : {}),
          },
        },
      });
      opRows.push({ row, kind: 'insert' });
      continue;
    }
    const desired: Record<string, unknown> = { items, amountDue: bill.amountDue, dueDate: bill.dueDate };
    if (bill.usage !== undefined) desired.usage = bill.usage;
    // 未缴 in the file also matches a bill the reminders have since marked overdue.
    if (!(bill.status === 'unpaid' && cur.status === 'overdue')) desired.status = bill.status;
    const set: Record<string, unknown> = {};
    const before: Record<string, unknown> = {};
    for (const [k, value] of Object.entries(desired)) {
      if (!same(cur[k], value)) {
        set[k] = value;
        before[k] = cur[k];
      }
    }
    if (!Object.keys(set).length) {
      c.unchanged++;
      continue;
    }
    if (LOCKED.has(cur.status as string)) {
      fail(row, labels.status, cur.status === 'paid' ? '该账单已缴费,不能覆盖' : '该账单正在缴费中,不能覆盖');
      continue;
    }
    if (set.status === 'paid') set.paidAt = now;
    ops.push({
      updateOne: { filter: { _id: cur._id as never, status: { $nin: [...LOCKED] } }, update: { $set: set } },
    });
    opRows.push({ row, kind: 'update' });
    pendingAudit.push({
      i: ops.length - 1,
      entry: rowUpdateAudit(
        opts,
        'bill.import.update',
        { kind: 'bill', id: String(cur._id) },
        { before, after: set },
        now,
      ),
    });
  }
  if (!ops.length) return;
  const failedIdx = new Set<number>();
  let matched = 0;
  try {
    // Through the model: documents are cast and validated against the bill schema, timestamps set.
    matched = (
      await BillModel.bulkWrite<Record<string, unknown>>(ops, {
        ordered: false,
        throwOnValidationError: true,
      })
    ).matchedCount;
  } catch (e) {
    const r = bulkWriteRefusals(e);
    matched = r.matched;
    for (const we of r.refused) {
      failedIdx.add(we.index);
      fail(opRows[we.index]!.row, labels.period, we.duplicate ? '账单冲突,请重试' : '写入失败');
    }
  }
  // A bill that went to paying/paid between the read and the write kept its state: find and report it.
  const updates = opRows.flatMap((o, i) => (o.kind === 'update' && !failedIdx.has(i) ? [i] : []));
  if (matched < updates.length) {
    const idOf = (i: number) => (ops[i] as { updateOne: { filter: { _id: unknown } } }).updateOne.filter._id;
    const ids = updates.map(idOf);
    const locked = await BillModel.find(
      { _id: { $in: ids }, status: { $in: [...LOCKED] } },
      { _id: 1 },
    ).lean();
    const lockedIds = new Set(locked.map((b) => String(b._id)));
    for (const i of updates) {
      if (!lockedIds.has(String(idOf(i)))) continue;
      failedIdx.add(i);
      fail(opRows[i]!.row, labels.status, '该账单正在缴费或已缴费,不能覆盖');
    }
  }
  opRows.forEach((o, i) => {
    if (failedIdx.has(i)) return;
    if (o.kind === 'insert') c.inserted++;
    else c.updated++;
  });
  for (const { i, entry } of pendingAudit) if (!failedIdx.has(i)) auditEntries.push(entry);
}

export async function importBills(input: Readable, opts: ImportOptions): Promise<ImportJob> {
  return runImport(input, opts, billsImporter(opts));
}

/** What a bills file is: its columns, one row's checks and a chunk's write (the job runner runs it). */
export function billsImporter(opts: ImportOptions): Importer<ImportedBill> {
  let headers: string[] = [];
  let fields: (BillField | undefined)[] = [];
  let labels: Labels = { accountNo: '户号', period: '账期', status: '状态' };
  return {
    kind: 'bills',
    start(cells) {
      headers = cells;
      const mapped = mapBillHeaders(headers);
      if (mapped.missing.length) {
        throw errors.validation(
          mapped.missing.map((f) => ({
            path: `file.${BILL_COLUMNS[f][0]}`,
            message: `缺少必填列"${BILL_COLUMNS[f][0]}"(或 ${BILL_COLUMNS[f].at(-1)})`,
          })),
        );
      }
      fields = mapped.fields;
      labels = {
        accountNo: billLabel('accountNo', headers, fields),
        period: billLabel('period', headers, fields),
        status: billLabel('status', headers, fields),
      };
    },
    row(row, cells) {
      const { bill, problems } = validateBillRow(row, cells, headers, fields);
      return { item: bill, problems };
    },
    key: (bill) => `${bill.accountNo}|${bill.period}`,
    duplicate: (row, first) => ({ row, column: labels.period, problem: `户号与账期和第${first}行重复` }),
    write: (batch, run) => writeBatch(batch, run, opts, labels),
  };
}
