import ExcelJS from 'exceljs';
import mongoose, { type mongo } from 'mongoose';
import { AccountModel } from '../../src/modules/accounts/account.model';
import { benchCsv } from '../../src/bench/accountsImport';
import { AuditLogModel } from '../../src/platform/audit';
import { makeAccount, makeStaff, type TestStaff } from '../factories';
import { importer } from './importSupport';
import { connectTestDb, startTestServer, type TestServer } from '../harness';

let t: TestServer;
let admin: TestStaff;
beforeAll(async () => {
  t = await startTestServer({ db: await connectTestDb(undefined, { monitorCommands: true }) });
  admin = await makeStaff(t.deps, ['admin']);
});
afterAll(() => t.close());
const importFile = (path: string, opts: Parameters<TestServer['api']>[2]) =>
  importer(t, admin.token)(path, opts);

const HEADER = [
  '户号',
  '户主',
  '电话',
  '区',
  '小区',
  '楼栋',
  '单元',
  '房号',
  '类型',
  '表号',
  '安装日期',
  '标签',
];

async function xlsx(rows: (string | number | Date)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('用户');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function multipart(filename: string, content: Buffer, type: string) {
  const boundary = '----portal' + Date.now();
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`,
    ),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { rawBody: body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describe('importing accounts from Excel', () => {
  const rows = [
    HEADER,
    [
      '3105000001',
      '陈志强',
      '13811112222',
      '海淀区',
      '清河小区',
      '1',
      '2',
      '301',
      '燃气',
      'MA0001',
      new Date('2021-03-01T00:00:00Z'),
      'VIP',
    ],
    [
      '3105000002',
      '刘芳',
      '13811113333',
      '海淀区',
      '清河小区',
      '1',
      '2',
      '302',
      '燃气',
      'MA0002,MA0003',
      '2021-03-02',
      '',
    ],
    ['3105000003', '', '13811114444', '海淀区', '清河小区', '1', '2', '303', '燃气', 'MA0004', '', ''], // no holder
    ['31-05', '杨洋', '13811115555', '海淀区', '清河小区', '1', '2', '304', '燃气', '', '', ''], // bad accountNo
    ['3105000005', '黄磊', '13x', '海淀区', '清河小区', '1', '2', '305', '煤', '', 'yesterday', ''], // 3 problems
    ['3105000001', '陈志强', '13811112222', '海淀区', '清河小区', '1', '2', '301', '燃气', 'MA0001', '', ''], // duplicate of row 2
    ['3105000007', '赵雷', '', '海淀区', '清河小区', '2', '1', '101', 'water', '', '', ''],
  ];

  it('imports the good rows, reports every problem by row and column, and audits the import', async () => {
    const file = await xlsx(rows);
    const res = await importFile('/api/staff/imports', {
      token: admin.token,
      ...multipart('客户.xlsx', file, XLSX),
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: 'done',
      total: 7,
      inserted: 3,
      updated: 0,
      unchanged: 0,
      failed: 4,
    });
    const problems = res.body.problems.map((p: { row: number; column: string }) => `${p.row}:${p.column}`);
    expect(problems).toEqual(
      expect.arrayContaining(['4:户主', '5:户号', '6:电话', '6:类型', '6:安装日期', '7:户号']),
    );

    const a = await AccountModel.findOne({ accountNo: '3105000002' }).lean();
    expect(a).toMatchObject({
      holder: { name: '刘芳', phone: '13811113333' },
      address: { district: '海淀区', community: '清河小区', building: '1', unit: '2', room: '302' },
      utility: 'gas',
      status: 'active',
    });
    expect(a!.meters.map((m) => m.meterNo)).toEqual(['MA0002', 'MA0003']);
    expect(a!.areaCode).toMatch(/^[A-Z0-9]+-[A-Z0-9]+$/);
    expect((await AccountModel.findOne({ accountNo: '3105000001' }).lean())!.tags).toEqual(['VIP']);
    expect(await AccountModel.exists({ accountNo: '3105000003' })).toBeNull();

    const report = await t.api('GET', `/api/staff/imports/${res.body.id}/report`, { token: admin.token });
    expect(report.status).toBe(200);
    expect(report.headers.get('content-type')).toContain('text/csv');
    expect(report.body).toContain('6,"类型"');
    expect(await AuditLogModel.countDocuments({ action: 'accounts.import', 'actor.id': admin.staffId })).toBe(
      1,
    );
  });

  it('re-importing the same file changes nothing', async () => {
    const before = await AccountModel.find({ accountNo: /^31050000/ })
      .sort({ accountNo: 1 })
      .lean();
    const res = await importFile('/api/staff/imports?filename=again.xlsx', {
      token: admin.token,
      rawBody: await xlsx(rows),
      headers: { 'content-type': XLSX },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ inserted: 0, updated: 0, unchanged: 3, failed: 4 });
    const after = await AccountModel.find({ accountNo: /^31050000/ })
      .sort({ accountNo: 1 })
      .lean();
    expect(after).toEqual(before);
  });

  it('updates only the changed fields of an existing account, keeps its readings, and audits before/after', async () => {
    const existing = await makeAccount({
      accountNo: '3105000100',
      holder: { name: '旧户主', phone: '13900000000' },
      address: { district: '朝阳区', community: '望京园', building: '3', unit: '2', room: '501' },
      meters: [{ meterNo: 'KEEP01', model: 'G2.5', lastReading: 1234 }],
    });
    const csv = [
      'accountNo,holderName,phone,district,community,building,unit,room,utility,meterNo',
      `${existing.accountNo},新户主,13900000000,朝阳区,望京园,3,2,501,gas,NEW01`,
    ].join('\n');
    const res = await importFile('/api/staff/imports', {
      token: admin.token,
      rawBody: csv,
      headers: { 'content-type': 'text/csv' },
    });
    expect(res.body).toMatchObject({ inserted: 0, updated: 1, failed: 0 });
    const a = await AccountModel.findOne({ accountNo: existing.accountNo }).lean();
    expect(a!.holder!.name).toBe('新户主');
    expect(a!.areaCode).toBe(existing.areaCode);
    expect(a!.meters).toEqual([
      expect.objectContaining({ meterNo: 'KEEP01', lastReading: 1234 }),
      expect.objectContaining({ meterNo: 'NEW01' }),
    ]);
    const entry = await AuditLogModel.findOne({
      action: 'account.import.update',
      'target.id': existing.accountNo,
    }).lean();
    expect(entry!.before).toMatchObject({ 'holder.name': '旧户主' });
    expect(entry!.after).toMatchObject({ 'holder.name': '新户主' });
    expect(Object.keys(entry!.after as object)).not.toContain('holder.phone');
  });

  it('refuses a file without the required columns, naming them, and writes nothing', async () => {
    const count = await AccountModel.countDocuments();
    const res = await importFile('/api/staff/imports?filename=x.csv', {
      token: admin.token,
      rawBody: '户号,电话\n3105000999,13800000000\n',
      headers: { 'content-type': 'application/octet-stream' },
    });
    expect(res.status).toBe(400);
    const fields = res.body.error.fields.map((f: { path: string }) => f.path);
    expect(fields).toEqual(expect.arrayContaining(['file.户主', 'file.区', 'file.小区', 'file.类型']));
    expect(await AccountModel.countDocuments()).toBe(count);
  });

  it('refuses a file that is not a spreadsheet and unknown extensions', async () => {
    const junk = await importFile('/api/staff/imports?filename=x.xlsx', {
      token: admin.token,
      rawBody: 'not a zip',
      headers: { 'content-type': 'application/octet-stream' },
    });
    expect(junk.status).toBe(400);
    expect(junk.body.error.fields[0].message).toContain('「x.xlsx」');
    const exe = await importFile('/api/staff/imports?filename=x.exe', {
      token: admin.token,
      rawBody: 'x',
      headers: { 'content-type': 'application/octet-stream' },
    });
    expect(exe.status).toBe(400);
    expect(exe.body.error.fields[0].path).toBe('query.filename');
  });

  it('lists past imports newest first; a refused file left no job behind', async () => {
    const list = await t.api('GET', '/api/staff/imports', { token: admin.token });
    expect(list.body.total).toBe(3);
    expect(list.body.items.map((j: { status: string }) => j.status)).toEqual(['done', 'done', 'done']);
    const one = await t.api('GET', `/api/staff/imports/${list.body.items[0].id}`, { token: admin.token });
    expect(one.body).toMatchObject({ filename: 'upload.csv', status: 'done', updated: 1 });
  });
});

describe('importing a large file', () => {
  /** The commands sent to the accounts collection while `f` runs ("insert", "find", "update"...). */
  async function accountCommands<T>(f: () => Promise<T>): Promise<{ result: T; commands: string[] }> {
    const commands: string[] = [];
    const listener = (e: mongo.CommandStartedEvent) => {
      if (e.command[e.commandName] === 'accounts') commands.push(e.commandName);
    };
    const client = mongoose.connection.getClient();
    client.on('commandStarted', listener);
    try {
      return { result: await f(), commands };
    } finally {
      client.off('commandStarted', listener);
    }
  }
  const upload = (csv: string) =>
    importFile('/api/staff/imports?filename=accounts.csv', {
      token: admin.token,
      rawBody: csv,
      headers: { 'content-type': 'text/csv' },
    });

  const imported = () => AccountModel.countDocuments({ accountNo: { $gte: 'N', $lt: 'O' } });

  it('writes 1,000 new accounts with one insert and reads none of them first', async () => {
    const { result, commands } = await accountCommands(() => upload(benchCsv(1_000, 'N')));
    expect(result.status).toBe(201);
    expect(result.body).toMatchObject({ total: 1_000, inserted: 1_000, failed: 0 });
    expect(commands.filter((c) => c === 'insert')).toHaveLength(1);
    expect(commands.filter((c) => c === 'find' || c === 'update')).toEqual([]);
    expect(await imported()).toBe(1_000);
  }, 180_000);

  it('a file of mostly known accounts is read first, and only its new accounts are inserted', async () => {
    const { result, commands } = await accountCommands(() => upload(benchCsv(1_300, 'N')));
    expect(result.body).toMatchObject({ total: 1_300, inserted: 300, unchanged: 1_000, failed: 0 });
    // The first batch tries its inserts (all refused as known), then the next reads before it writes.
    expect(commands.filter((c) => c === 'insert')).toHaveLength(2);
    expect(commands.filter((c) => c === 'find').length).toBeGreaterThan(0);
    expect(await imported()).toBe(1_300);
  }, 180_000);
});
