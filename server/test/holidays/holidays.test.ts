/**
 * 节假日安排: supervisors enter each year's public holidays and make-up working days (or import a file),
 * every change is audited, and from December on they are warned, on the console and as a cockpit alert,
 * while next year's are missing.
 */
import ExcelJS from 'exceljs';
import { runKpiJobsNow } from '../../src/modules/kpi/jobs';
import { AuditLogModel } from '../../src/platform/audit';
import { makeStaff, type TestStaff } from '../factories';
import { createTestDeps, startTestServer, testClock, testConfig, type TestServer } from '../harness';

const sh = (wallClock: string) => new Date(`${wallClock}+08:00`);
const clock = testClock(sh('2026-12-01T09:00:00'));
let t: TestServer;
let supervisor: TestStaff;
let admin: TestStaff;
let dispatcher: TestStaff;
let agent: TestStaff;
beforeAll(async () => {
  t = await startTestServer({ deps: createTestDeps(testConfig(), { clock }) });
  [supervisor, admin, dispatcher, agent] = await Promise.all([
    makeStaff(t.deps, ['supervisor'], { areas: ['CY'] }),
    makeStaff(t.deps, ['admin']),
    makeStaff(t.deps, ['dispatcher'], { areas: ['CY'] }),
    makeStaff(t.deps, ['agent'], { areas: ['CY'] }),
  ]);
});
afterAll(() => t.close());

const status = (token = supervisor.token) => t.api('GET', '/api/staff/holidays', { token });
const put = (year: number | string, days: unknown, token = supervisor.token) =>
  t.api('PUT', `/api/staff/holidays/${year}`, { token, body: { days } });
const remove = (year: number, token = supervisor.token) =>
  t.api('DELETE', `/api/staff/holidays/${year}`, { token });

function multipart(filename: string, content: Buffer | string, type: string) {
  const boundary = '----holidays' + Math.random().toString(16).slice(2);
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`,
    ),
    Buffer.from(content),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { rawBody: body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
const importFile = (filename: string, content: Buffer | string, type = 'text/csv') =>
  t.api('POST', '/api/staff/holidays/import', {
    token: supervisor.token,
    ...multipart(filename, content, type),
  });

const NEW_YEAR = [
  { date: '2027-01-01', kind: 'holiday', name: '元旦' },
  { date: '2027-01-02', kind: 'holiday', name: '元旦' },
  { date: '2027-01-03', kind: 'holiday', name: '元旦' },
];

describe('entering a year’s holidays', () => {
  it('warns supervisors from December on while next year’s holidays are missing, and stops once they are entered', async () => {
    clock.set(sh('2026-11-30T23:59:00'));
    expect((await status()).body).toMatchObject({ today: '2026-11-30', nextYear: 2027, warning: null });

    clock.set(sh('2026-12-01T00:01:00')); // still November 30 in UTC
    const december = await status();
    expect(december.status).toBe(200);
    expect(december.body.warning).toContain('2027 年的法定节假日和调休安排尚未录入');
    expect(december.body.years).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ year: 2027, source: 'none', holidays: 0 }),
        expect.objectContaining({ year: 2026, source: 'published', holidays: 33, workdays: 3 }),
      ]),
    );

    const r = await put(2027, NEW_YEAR);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      year: 2027,
      source: 'entered',
      days: NEW_YEAR,
      updatedBy: supervisor.staff.username,
    });
    expect((await status()).body.warning).toBeNull();
    expect((await t.api('GET', '/api/staff/holidays/2027', { token: dispatcher.token })).body.days).toEqual(
      NEW_YEAR,
    );
    expect((await remove(2027)).status).toBe(200);
  });

  it('warns all year when this year’s holidays are missing (a server first started in 2027)', async () => {
    clock.set(sh('2027-01-04T08:00:00'));
    expect((await status()).body.warning).toContain('2027 年');
    clock.set(sh('2026-12-01T09:00:00'));
  });

  it('replaces the whole year on each save, sorted by date, and audits before and after', async () => {
    await put(2027, NEW_YEAR);
    const again = await put(
      2027,
      [
        { date: '2027-02-13', kind: 'workday', name: '春节调休' },
        { date: '2027-01-01', kind: 'holiday', name: '元旦' },
      ],
      admin.token,
    );
    expect(again.status).toBe(200);
    expect(again.body.days.map((d: { date: string }) => d.date)).toEqual(['2027-01-01', '2027-02-13']);

    const entries = await AuditLogModel.find({ 'target.kind': 'holidayYear', 'target.id': '2027' })
      .sort({ _id: 1 })
      .lean();
    const last = entries[entries.length - 1];
    expect(last).toMatchObject({ action: 'holidays.put', actor: { kind: 'staff', id: admin.staffId } });
    expect((last.before as { days: unknown[] }).days).toHaveLength(3);
    expect((last.after as { days: unknown[] }).days).toHaveLength(2);

    const deletions = () => AuditLogModel.countDocuments({ action: 'holidays.delete', 'target.id': '2027' });
    const before = await deletions();
    expect((await remove(2027)).body).toMatchObject({ year: 2027, source: 'none', days: [] });
    expect(await deletions()).toBe(before + 1);
    expect((await remove(2027)).status).toBe(404);
  });

  it('entering 2026 replaces the published schedule; removing it brings the published one back', async () => {
    expect((await put(2026, [{ date: '2026-12-31', kind: 'holiday', name: '公司假日' }])).body.source).toBe(
      'entered',
    );
    expect(
      (await t.api('GET', '/api/staff/holidays/2026', { token: supervisor.token })).body.days,
    ).toHaveLength(1);
    expect((await remove(2026)).body).toMatchObject({ source: 'published' });
  });

  it('refuses bad days with the field that is wrong, and changes nothing', async () => {
    const outside = await put(2027, [{ date: '2028-01-01', kind: 'holiday', name: '元旦' }]);
    expect(outside.status).toBe(400);
    expect(outside.body.error.fields).toEqual([{ path: 'body.days.0.date', message: '日期不在 2027 年内' }]);
    const twice = await put(2027, [NEW_YEAR[0], { ...NEW_YEAR[0], kind: 'workday' }]);
    expect(twice.body.error.fields[0]).toMatchObject({ path: 'body.days.1.date' });
    const notADay = await put(2027, [{ date: '2027-02-30', kind: 'holiday', name: '元旦' }]);
    expect(notADay.status).toBe(400);
    expect(notADay.body.error.fields[0].path).toBe('body.days.0.date');
    const badKind = await put(2027, [{ date: '2027-01-01', kind: 'off', name: '元旦' }]);
    expect(badKind.body.error.fields[0].path).toBe('body.days.0.kind');
    expect((await put(1999, NEW_YEAR)).body.error.fields[0].path).toBe('params.year');
    expect((await t.api('GET', '/api/staff/holidays/abc', { token: supervisor.token })).status).toBe(400);
    expect((await t.api('GET', '/api/staff/holidays/2027', { token: supervisor.token })).body.source).toBe(
      'none',
    );
  });

  it('lets supervisors and admins enter holidays, dispatchers only read them, and no one else near them', async () => {
    expect((await put(2027, NEW_YEAR, dispatcher.token)).status).toBe(403);
    expect((await status(dispatcher.token)).status).toBe(200);
    expect((await status(agent.token)).status).toBe(403);
    expect((await put(2027, NEW_YEAR, agent.token)).status).toBe(403);
    expect((await t.api('GET', '/api/staff/holidays')).status).toBe(401);
  });
});

describe('importing holidays from a file', () => {
  it('imports a CSV: every year in the file gets exactly its rows', async () => {
    const csv = [
      '日期,类型,名称',
      '2027-01-01,放假,元旦',
      '2027/1/2,休,元旦',
      '2027年1月3日,放假,元旦',
      '2027-02-20,上班,春节调休',
      '2028-01-01,放假,',
    ].join('\n');
    const r = await importFile('2027节假日.csv', csv);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      rows: 5,
      years: [
        { year: 2027, source: 'entered', holidays: 3, workdays: 1 },
        { year: 2028, source: 'entered', holidays: 1, workdays: 0 },
      ],
    });
    const y2028 = await t.api('GET', '/api/staff/holidays/2028', { token: supervisor.token });
    expect(y2028.body.days).toEqual([{ date: '2028-01-01', kind: 'holiday', name: '节假日' }]);
    expect(
      await AuditLogModel.countDocuments({
        action: 'holidays.import',
        'target.id': { $in: ['2027', '2028'] },
      }),
    ).toBe(2);
    await remove(2027);
    await remove(2028);
  });

  it('imports an Excel sheet whose dates are date cells', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('节假日');
    ws.addRow(['日期', '类型', '名称']);
    ws.addRow([new Date('2027-10-01T00:00:00Z'), '放假', '国庆节']);
    ws.addRow([new Date('2027-10-09T00:00:00Z'), '上班', '国庆调休']);
    const file = Buffer.from(await wb.xlsx.writeBuffer());
    const r = await importFile(
      'holidays.xlsx',
      file,
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(r.status).toBe(200);
    const year = await t.api('GET', '/api/staff/holidays/2027', { token: supervisor.token });
    expect(year.body.days).toEqual([
      { date: '2027-10-01', kind: 'holiday', name: '国庆节' },
      { date: '2027-10-09', kind: 'workday', name: '国庆调休' },
    ]);
    await remove(2027);
  });

  it('writes nothing when a row is wrong, and says which row', async () => {
    const csv = [
      '日期,类型,名称',
      '2027-01-01,放假,元旦',
      '2027-13-01,放假,元旦',
      '2027-01-09,加班,调休',
    ].join('\n');
    const r = await importFile('bad.csv', csv);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('VALIDATION_FAILED');
    expect(r.body.error.fields.map((f: { message: string }) => f.message)).toEqual([
      '第 3 行:日期格式不正确(如 2027-01-01)',
      '第 4 行:类型应为「放假」或「上班」',
    ]);
    expect((await t.api('GET', '/api/staff/holidays/2027', { token: supervisor.token })).body.source).toBe(
      'none',
    );
    expect((await importFile('holidays.txt', 'x')).body.error.fields[0].path).toBe('file');
    expect((await importFile('empty.csv', '日期,类型,名称\n')).status).toBe(400);
  });
});

describe('the cockpit alert', () => {
  it('raises one alert a day from December 1 while next year is missing, and none once it is entered', async () => {
    const manager = await makeStaff(t.deps, ['manager']);
    clock.set(sh('2026-11-30T12:00:00'));
    await runKpiJobsNow(t.deps);
    const november = await t.api('GET', '/api/staff/kpi-alerts', { token: manager.token });
    expect(november.body.items.filter((a: { kind: string }) => a.kind === 'holidaysMissing')).toEqual([]);

    clock.set(sh('2026-12-01T08:00:00'));
    await runKpiJobsNow(t.deps);
    await runKpiJobsNow(t.deps); // the same day again: still one alert
    const cockpit = await t.api('GET', '/api/staff/kpis', { token: manager.token });
    expect(cockpit.status).toBe(200);
    const alerts = cockpit.body.alerts.filter((a: { kind: string }) => a.kind === 'holidaysMissing');
    expect(alerts).toEqual([
      expect.objectContaining({
        kind: 'holidaysMissing',
        year: 2027,
        day: '2026-12-01',
        id: 'holidays:2027:2026-12-01',
      }),
    ]);
    expect(alerts[0].message).toContain('节假日安排');

    await put(2027, NEW_YEAR);
    clock.set(sh('2026-12-02T08:00:00'));
    await runKpiJobsNow(t.deps);
    const after = await t.api('GET', '/api/staff/kpi-alerts', { token: manager.token });
    expect(
      after.body.items.filter(
        (a: { kind: string; day: string }) => a.kind === 'holidaysMissing' && a.day === '2026-12-02',
      ),
    ).toEqual([]);
    await remove(2027);
  });
});
