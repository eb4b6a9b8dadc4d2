/** 自助报数: plausibility checks, staff review, and the bill an accepted reading produces. */
import sharp from 'sharp';
import { AccountModel } from '../../src/modules/accounts/account.model';
import { BillModel } from '../../src/modules/billing/bill.model';
import { residentialTiered } from '../../src/modules/billing/tariff';
import { addMonths, monthOf } from '../../src/platform/time';
import { makeAccount, makeResident, makeStaff } from '../factories';
import { createTestDeps, startTestServer, testClock, testConfig, type TestServer } from '../harness';
import { makeBill } from './billFactories';

// Half past midnight on New Year's Day in Shanghai (still December in UTC): periods are Shanghai months.
const clock = testClock(new Date('2027-01-01T00:30:00+08:00'));
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ deps: createTestDeps(testConfig(), { clock }) });
});
afterAll(() => t.close());

const submit = (token: string, body: object) => t.api('POST', '/api/meter-readings', { token, body });
/** The resident's own photo of the meter (a reading names a photo the resident uploaded). */
async function photo(token: string): Promise<string> {
  const png = await sharp({ create: { width: 32, height: 32, channels: 3, background: '#888' } }).png().toBuffer();
  return (await t.api('POST', '/api/uploads', { token, rawBody: png, headers: { 'content-type': 'image/png' } })).body.id;
}

describe('tiered tariff', () => {
  it('prices the part of the usage in each annual tier', () => {
    const items = residentialTiered({ utility: 'gas', usage: 100, yearToDateUsage: 300 });
    expect(items.map((i) => [i.quantity, i.unitPriceFen, i.amountFen])).toEqual([
      [50, 263, 13_150],
      [50, 316, 15_800],
    ]);
  });
});

describe('self meter reading', () => {
  it('rejects a reading below the last one, with a clear message', async () => {
    const a = await makeAccount();
    const me = await makeResident(t.deps, { bind: [a.accountNo] });
    const r = await submit(me.token, { accountNo: a.accountNo, reading: 1100, photoId: await photo(me.token) });
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('READING_BELOW_LAST');
    expect(r.body.error.message).toContain('1200');
  });

  it('rejects an implausibly high reading against the 12-month average', async () => {
    const a = await makeAccount();
    const me = await makeResident(t.deps, { bind: [a.accountNo] });
    const now = monthOf(clock.now());
    for (let i = 1; i <= 6; i++) await makeBill(a, { period: addMonths(now, -i), usage: 30 });
    const r = await submit(me.token, { accountNo: a.accountNo, reading: 1200 + 95, photoId: await photo(me.token) });
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('READING_IMPLAUSIBLE');
    const ok = await submit(me.token, { accountNo: a.accountNo, reading: 1200 + 42.5, photoId: await photo(me.token) });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ status: 'pending', previousReading: 1200, usage: 42.5 });
  });

  it("answers 404 for another household's account and 400 naming the field", async () => {
    const a = await makeAccount();
    const me = await makeResident(t.deps);
    expect((await submit(me.token, { accountNo: a.accountNo, reading: 1300, photoId: await photo(me.token) })).status).toBe(404);
    const bad = await submit(me.token, { accountNo: a.accountNo, reading: -1 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual(['body.photoId', 'body.reading']);
    const mine = await makeAccount();
    const owner = await makeResident(t.deps, { bind: [mine.accountNo] });
    const wrongMeter = await submit(owner.token, { accountNo: mine.accountNo, meterNo: 'NOPE', reading: 1300, photoId: await photo(owner.token) });
    expect(wrongMeter.status).toBe(400);
    expect(wrongMeter.body.error.fields[0].path).toBe('body.meterNo');
  });

  it('becomes the period bill when staff accept it, once, and moves the meter forward', async () => {
    const a = await makeAccount();
    const me = await makeResident(t.deps, { bind: [a.accountNo] });
    const reading = (await submit(me.token, { accountNo: a.accountNo, reading: 1240, photoId: await photo(me.token) })).body;
    const agent = await makeStaff(t.deps, ['agent']);
    const list = await t.api('GET', '/api/staff/meter-readings?status=pending', { token: agent.token });
    expect(list.body.items.map((x: { id: string }) => x.id)).toContain(reading.id);
    const accepted = await t.api('POST', `/api/staff/meter-readings/${reading.id}/accept`, { token: agent.token, body: {} });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ status: 'accepted', billId: expect.any(String) });
    const bill = await t.api('GET', `/api/bills/${accepted.body.billId}`, { token: me.token });
    expect(bill.body).toMatchObject({ usage: 40, readingFrom: 1200, readingTo: 1240, status: 'unpaid', amountDue: 40 * 263 });
    expect((await AccountModel.findOne({ accountNo: a.accountNo }).lean())?.meters[0].lastReading).toBe(1240);
    const again = await t.api('POST', `/api/staff/meter-readings/${reading.id}/accept`, { token: agent.token, body: {} });
    expect(again.body.billId).toBe(accepted.body.billId);
    expect(await BillModel.countDocuments({ accountNo: a.accountNo })).toBe(1);
    const reject = await t.api('POST', `/api/staff/meter-readings/${reading.id}/reject`, { token: agent.token, body: { note: '照片不清' } });
    expect(reject.status).toBe(409);
    // The next reading is checked against the accepted one.
    expect((await submit(me.token, { accountNo: a.accountNo, reading: 1230, photoId: await photo(me.token) })).status).toBe(422);
  });

  it('can be rejected by staff with a note; residents cannot review', async () => {
    const a = await makeAccount();
    const me = await makeResident(t.deps, { bind: [a.accountNo] });
    const reading = (await submit(me.token, { accountNo: a.accountNo, reading: 1210, photoId: await photo(me.token) })).body;
    expect((await t.api('POST', `/api/staff/meter-readings/${reading.id}/reject`, { token: me.token, body: { note: 'x' } })).status).toBe(403);
    const sup = await makeStaff(t.deps, ['supervisor']);
    const noNote = await t.api('POST', `/api/staff/meter-readings/${reading.id}/reject`, { token: sup.token, body: {} });
    expect(noNote.status).toBe(400);
    expect(noNote.body.error.fields[0].path).toBe('body.note');
    const r = await t.api('POST', `/api/staff/meter-readings/${reading.id}/reject`, { token: sup.token, body: { note: '照片与读数不符' } });
    expect(r.body).toMatchObject({ status: 'rejected', reviewNote: '照片与读数不符' });
  });
});
