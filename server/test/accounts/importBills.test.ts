import ExcelJS from 'exceljs';
import { BillModel } from '../../src/modules/billing/bill.model';
import { AuditLogModel } from '../../src/platform/audit';
import { makeAccount, makeStaff, type TestStaff } from '../factories';
import { importer } from './importSupport';
import { startTestServer, type TestServer } from '../harness';

let t: TestServer;
let admin: TestStaff;
beforeAll(async () => {
  t = await startTestServer();
  admin = await makeStaff(t.deps, ['admin']);
  await makeAccount({ accountNo: '3205000001', areaCode: 'HD-QH' });
  await makeAccount({ accountNo: '3205000002', areaCode: 'HD-QH' });
  await makeAccount({ accountNo: '3205000003', areaCode: 'HD-QH', utility: 'water' });
});
afterAll(() => t.close());
const importFile = (path: string, opts: Parameters<TestServer['api']>[2]) =>
  importer(t, admin.token)(path, opts);

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
async function xlsx(rows: (string | number)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('账单');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
const upload = async (file: Buffer, name = 'bills.xlsx') =>
  importFile(`/api/staff/imports/bills?filename=${name}`, {
    token: admin.token,
    rawBody: file,
    headers: { 'content-type': XLSX },
  });

describe('importing bills from Excel', () => {
  const rows: (string | number)[][] = [
    ['户号', '账期', '用量', '燃气费', '保险费', '金额(元)', '到期日', '状态'],
    ['3205000001', '2026-08', 23.5, '62.50', '10', '72.50', '2026-09-25', '未缴'],
    ['3205000001', '2026-07', 20, 55.1, '', 55.1, '', '已缴'],
    ['3205000003', '2026/08', 12, '', '', '48', '', '未缴'], // water account, no item columns filled: one 水费 item
    ['3299999999', '2026-08', 10, '', '', '30', '', '未缴'], // unknown 户号
    ['3205000002', '2026-13', 10, '', '', '30', '', '未缴'], // bad period
    ['3205000002', '2026-08', 10, '', '', '-30', '', '未缴'], // negative amount
    ['3205000002', '2026-09', 10, '', '', '30.005', '', '未缴'], // more than 2 decimals
    ['3205000002', '2026-10', 10, '', '', '三十', '', '欠款'], // malformed amount, unknown status
    ['3205000001', '2026-08', 23.5, '62.50', '10', '72.50', '2026-09-25', '未缴'], // duplicate of row 2
    ['3205000002', '2026-11', 10, '20', '', '30', '', '未缴'], // items do not add up
  ];

  it('imports the good rows, reports every bad one by row and column, and audits the import', async () => {
    const res = await upload(await xlsx(rows));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      kind: 'bills',
      status: 'done',
      total: 10,
      inserted: 3,
      updated: 0,
      unchanged: 0,
      failed: 7,
    });
    const problems = res.body.problems.map((p: { row: number; column: string }) => `${p.row}:${p.column}`);
    expect(problems).toEqual(
      expect.arrayContaining([
        '5:户号',
        '6:账期',
        '7:金额(元)',
        '8:金额(元)',
        '9:金额(元)',
        '9:状态',
        '10:账期',
        '11:金额(元)',
      ]),
    );

    const aug = await BillModel.findOne({ accountNo: '3205000001', period: '2026-08' }).lean();
    expect(aug).toMatchObject({
      utility: 'gas',
      areaCode: 'HD-QH',
      amountDue: 7250,
      usage: 23.5,
      status: 'unpaid',
      billType: 'usage',
    });
    expect(aug!.items).toEqual([
      expect.objectContaining({ kind: 'usage', name: '燃气费', amountFen: 6250, quantity: 23.5 }),
      expect.objectContaining({ kind: 'insurance', amountFen: 1000 }),
    ]);
    expect(aug!.dueDate.toISOString()).toBe('2026-09-25T15:59:59.999Z'); // end of the day in Shanghai
    const jul = await BillModel.findOne({ accountNo: '3205000001', period: '2026-07' }).lean();
    expect(jul).toMatchObject({ amountDue: 5510, status: 'paid' });
    const water = await BillModel.findOne({ accountNo: '3205000003', period: '2026-08' }).lean();
    expect(water).toMatchObject({
      utility: 'water',
      amountDue: 4800,
      items: [expect.objectContaining({ kind: 'usage', name: '水费', amountFen: 4800 })],
    });
    expect(await BillModel.countDocuments({ accountNo: { $in: ['3205000002', '3299999999'] } })).toBe(0);
    expect(await AuditLogModel.countDocuments({ action: 'bills.import', 'actor.id': admin.staffId })).toBe(1);
  });

  it('re-importing the same file changes nothing', async () => {
    const before = await BillModel.find({ accountNo: { $in: ['3205000001', '3205000002', '3205000003'] } })
      .sort({ accountNo: 1, period: 1 })
      .lean();
    const res = await upload(await xlsx(rows), 'again.xlsx');
    expect(res.body).toMatchObject({ inserted: 0, updated: 0, unchanged: 3, failed: 7 });
    const after = await BillModel.find({ accountNo: { $in: ['3205000001', '3205000002', '3205000003'] } })
      .sort({ accountNo: 1, period: 1 })
      .lean();
    expect(after).toEqual(before);
  });

  it('updates a changed unpaid bill with before/after in the audit, but never overwrites one paid or being paid in the portal', async () => {
    const paying = await BillModel.findOne({ accountNo: '3205000003', period: '2026-08' });
    await BillModel.updateOne(
      { _id: paying!._id },
      { $set: { status: 'paying', payingOutTradeNo: 'T-IMPORT-1' } },
    );
    const csv = [
      'accountNo,period,amount,status',
      '3205000001,2026-08,80.00,unpaid', // unpaid: updated
      '3205000001,2026-07,60.00,paid', // paid: refused
      '3205000003,2026-08,50,unpaid', // paying: refused
    ].join('\n');
    const res = await importFile('/api/staff/imports/bills', {
      token: admin.token,
      rawBody: csv,
      headers: { 'content-type': 'text/csv' },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ inserted: 0, updated: 1, failed: 2 });
    expect(res.body.problems.map((p: { row: number; column: string }) => `${p.row}:${p.column}`)).toEqual([
      '3:status',
      '4:status',
    ]);

    expect(await BillModel.findOne({ accountNo: '3205000001', period: '2026-08' }).lean()).toMatchObject({
      amountDue: 8000,
      status: 'unpaid',
    });
    expect(await BillModel.findOne({ accountNo: '3205000001', period: '2026-07' }).lean()).toMatchObject({
      amountDue: 5510,
      status: 'paid',
    });
    expect(await BillModel.findOne({ _id: paying!._id }).lean()).toMatchObject({
      amountDue: 4800,
      status: 'paying',
      payingOutTradeNo: 'T-IMPORT-1',
    });
    const entry = await AuditLogModel.findOne({ action: 'bill.import.update' }).lean();
    expect(entry!.before).toMatchObject({ amountDue: 7250 });
    expect(entry!.after).toMatchObject({ amountDue: 8000 });
  });

  it('refuses a file without the required columns, naming them', async () => {
    const res = await importFile('/api/staff/imports/bills?filename=x.csv', {
      token: admin.token,
      rawBody: '户号,用量\n3205000001,10\n',
      headers: { 'content-type': 'text/csv' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.fields.map((f: { path: string }) => f.path)).toEqual(
      expect.arrayContaining(['file.账期', 'file.金额']),
    );
  });
});
