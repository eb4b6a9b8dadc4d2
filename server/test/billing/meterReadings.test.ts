/** 自助报数: plausibility checks, staff review, and the bill an accepted reading produces. */
import sharp from 'sharp';
import { AccountModel } from '../../src/modules/accounts/account.model';
import { BillModel } from '../../src/modules/billing/bill.model';
import { residentialTiered } from '../../src/modules/billing/tariff';
import { addMonths, monthOf } from '../../src/platform/time';
import { makeAccount, makeResident, makeStaff } from '../factories';
import { createTestDeps, startTestServer, testClock, testConfig, type TestServer } from '../harness';
import { AuditLogModel } from '../../src/platform/audit';
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
  const png = await sharp({ create: { width: 32, height: 32, channels: 3, background: '#888' } })
    .png()
    .toBuffer();
  return (
    await t.api('POST', '/api/uploads', { token, rawBody: png, headers: { 'content-type': 'image/png' } })
  ).body.id;
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
    const r = await submit(me.token, {
      accountNo: a.accountNo,
      reading: 1100,
      photoId: await photo(me.token),
    });
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('READING_BELOW_LAST');
    expect(r.body.error.message).toContain('1200');
  });

  it('rejects an implausibly high reading against the 12-month average', async () => {
    const a = await makeAccount();
    const me = await makeResident(t.deps, { bind: [a.accountNo] });
    const now = monthOf(clock.now());
    for (let i = 1; i <= 6; i++) await makeBill(a, { period: addMonths(now, -i), usage: 30 });
    const r = await submit(me.token, {
      accountNo: a.accountNo,
      reading: 1200 + 95,
      photoId: await photo(me.token),
    });
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('READING_IMPLAUSIBLE');
    const ok = await submit(me.token, {
      accountNo: a.accountNo,
      reading: 1200 + 42.5,
      photoId: await photo(me.token),
    });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ status: 'pending', previousReading: 1200, usage: 42.5 });
  });

  it("answers 404 for another household's account and 400 naming the field", async () => {
    const a = await makeAccount();
    const me = await makeResident(t.deps);
    expect(
      (await submit(me.token, { accountNo: a.accountNo, reading: 1300, photoId: await photo(me.token) }))
        .status,
    ).toBe(404);
    const bad = await submit(me.token, { accountNo: a.accountNo, reading: -1 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual([
      'body.photoId',
      'body.reading',
    ]);
    const mine = await makeAccount();
    const owner = await makeResident(t.deps, { bind: [mine.accountNo] });
    const wrongMeter = await submit(owner.token, {
      accountNo: mine.accountNo,
      meterNo: 'NOPE',
      reading: 1300,
      photoId: await photo(owner.token),
    });
    expect(wrongMeter.status).toBe(400);
    expect(wrongMeter.body.error.fields[0].path).toBe('body.meterNo');
  });

  it('becomes the period bill when staff accept it, once, and moves the meter forward', async () => {
    const a = await makeAccount();
    const me = await makeResident(t.deps, { bind: [a.accountNo] });
    const reading = (
      await submit(me.token, { accountNo: a.accountNo, reading: 1240, photoId: await photo(me.token) })
    ).body;
    const agent = await makeStaff(t.deps, ['agent']);
    const list = await t.api('GET', '/api/staff/meter-readings?status=pending', { token: agent.token });
    expect(list.body.items.map((x: { id: string }) => x.id)).toContain(reading.id);
    const accepted = await t.api('POST', `/api/staff/meter-readings/${reading.id}/accept`, {
      token: agent.token,
      body: {},
    });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ status: 'accepted', billId: expect.any(String) });
    const bill = await t.api('GET', `/api/bills/${accepted.body.billId}`, { token: me.token });
    expect(bill.body).toMatchObject({
      usage: 40,
      readingFrom: 1200,
      readingTo: 1240,
      status: 'unpaid',
      amountDue: 40 * 263,
    });
    expect((await AccountModel.findOne({ accountNo: a.accountNo }).lean())?.meters[0].lastReading).toBe(1240);
    const again = await t.api('POST', `/api/staff/meter-readings/${reading.id}/accept`, {
      token: agent.token,
      body: {},
    });
    expect(again.body.billId).toBe(accepted.body.billId);
    expect(await BillModel.countDocuments({ accountNo: a.accountNo })).toBe(1);
    const reject = await t.api('POST', `/api/staff/meter-readings/${reading.id}/reject`, {
      token: agent.token,
      body: { note: '照片不清' },
    });
    expect(reject.status).toBe(409);
    // The next reading is checked against the accepted one.
    expect(
      (await submit(me.token, { accountNo: a.accountNo, reading: 1230, photoId: await photo(me.token) }))
        .status,
    ).toBe(422);
  });

  it('can be rejected by staff with a note; residents cannot review', async () => {
    const a = await makeAccount();
    const me = await makeResident(t.deps, { bind: [a.accountNo] });
    const reading = (
      await submit(me.token, { accountNo: a.accountNo, reading: 1210, photoId: await photo(me.token) })
    ).body;
    expect(
      (
        await t.api('POST', `/api/staff/meter-readings/${reading.id}/reject`, {
          token: me.token,
          body: { note: 'x' },
        })
      ).status,
    ).toBe(403);
    const sup = await makeStaff(t.deps, ['supervisor']);
    const noNote = await t.api('POST', `/api/staff/meter-readings/${reading.id}/reject`, {
      token: sup.token,
      body: {},
    });
    expect(noNote.status).toBe(400);
    expect(noNote.body.error.fields[0].path).toBe('body.note');
    const r = await t.api('POST', `/api/staff/meter-readings/${reading.id}/reject`, {
      token: sup.token,
      body: { note: '照片与读数不符' },
    });
    expect(r.body).toMatchObject({ status: 'rejected', reviewNote: '照片与读数不符' });
  });
});

describe('the review queue (抄表审核)', () => {
  const queueRow = async (token: string, id: string, query = 'status=pending&pageSize=100') => {
    const list = await t.api('GET', `/api/staff/meter-readings?${query}`, { token });
    expect(list.status).toBe(200);
    return (list.body.items as Array<Record<string, any>>).find((x) => x.id === id);
  };

  it('shows the photo behind a signed link, the household’s earlier readings and what looks wrong', async () => {
    const a = await makeAccount();
    const me = await makeResident(t.deps, { bind: [a.accountNo] });
    const now = monthOf(clock.now());
    for (let i = 1; i <= 6; i++) await makeBill(a, { period: addMonths(now, -i), usage: 10 });
    // 35 against a usual 10 a month passes the submit check (×3 … per month since the last reading) but is flagged.
    const first = (
      await submit(me.token, { accountNo: a.accountNo, reading: 1212, photoId: await photo(me.token) })
    ).body;
    const sup = await makeStaff(t.deps, ['supervisor']);
    await t.api('POST', `/api/staff/meter-readings/${first.id}/reject`, {
      token: sup.token,
      body: { note: '照片模糊' },
    });
    const second = await submit(me.token, {
      accountNo: a.accountNo,
      reading: 1225,
      photoId: await photo(me.token),
    });
    expect(second.status).toBe(201);
    const row = await queueRow(sup.token, second.body.id);
    expect(row).toMatchObject({
      areaCode: 'CY-WJY',
      usage: 25,
      usualMonthlyUsage: 10,
      flags: ['above_usual'],
    });
    expect(row!.history).toEqual([
      expect.objectContaining({ id: first.id, reading: 1212, status: 'rejected' }),
    ]);
    // The signed link opens without a token (an <img> cannot send one); a tampered one does not.
    const img = await fetch(`${t.url}${row!.photo.thumbUrl}`);
    expect(img.status).toBe(200);
    expect(img.headers.get('content-type')).toBe('image/jpeg');
    // One character of the signature changed (to another: a signature starting with 'x' once made this pass).
    const tampered = row!.photo.url.replace(
      /sig=(.)/,
      (_: string, c: string) => `sig=${c === 'x' ? 'y' : 'x'}`,
    );
    expect(tampered).not.toBe(row!.photo.url);
    expect((await fetch(`${t.url}${tampered}`)).status).not.toBe(200);
  });

  it('flags a reading whose period is already billed and refuses to accept it, so no usage goes unbilled', async () => {
    const a = await makeAccount();
    const me = await makeResident(t.deps, { bind: [a.accountNo] });
    const agent = await makeStaff(t.deps, ['agent']);
    const one = (
      await submit(me.token, { accountNo: a.accountNo, reading: 1210, photoId: await photo(me.token) })
    ).body;
    const two = (
      await submit(me.token, { accountNo: a.accountNo, reading: 1215, photoId: await photo(me.token) })
    ).body;
    expect((await queueRow(agent.token, two.id))!.flags).toEqual([]);
    await t.api('POST', `/api/staff/meter-readings/${one.id}/accept`, { token: agent.token, body: {} });
    expect((await queueRow(agent.token, two.id))!.flags).toEqual(['period_billed']);
    // Accepting it anyway is refused: the period's bill would not change, so its usage would go unbilled.
    const refused = await t.api('POST', `/api/staff/meter-readings/${two.id}/accept`, {
      token: agent.token,
      body: {},
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('METER_READING_PERIOD_BILLED');
    expect((await queueRow(agent.token, two.id))!.status).toBe('pending');
    expect(await BillModel.countDocuments({ accountNo: a.accountNo })).toBe(1);
    expect(
      (
        await t.api('POST', `/api/staff/meter-readings/${two.id}/reject`, {
          token: agent.token,
          body: { note: '本期已出账,用量计入下期' },
        })
      ).status,
    ).toBe(200);
  });

  it('keeps another area’s readings out of an area supervisor’s queue and answers 404 when they act on one', async () => {
    const there = await makeAccount({ areaCode: 'HD-ZGC' });
    const me = await makeResident(t.deps, { bind: [there.accountNo] });
    const reading = (
      await submit(me.token, { accountNo: there.accountNo, reading: 1210, photoId: await photo(me.token) })
    ).body;
    const chaoyang = await makeStaff(t.deps, ['supervisor'], { areas: ['CY'] });
    expect(await queueRow(chaoyang.token, reading.id)).toBeUndefined();
    expect(
      (await t.api('GET', '/api/staff/meter-readings?areaCode=HD-ZGC', { token: chaoyang.token })).status,
    ).toBe(403);
    for (const action of ['accept', 'reject']) {
      const r = await t.api('POST', `/api/staff/meter-readings/${reading.id}/${action}`, {
        token: chaoyang.token,
        body: { note: '越权' },
      });
      expect(r.status).toBe(404);
      expect(r.body.error.code).toBe('METER_READING_NOT_FOUND');
    }
    expect(await BillModel.countDocuments({ accountNo: there.accountNo })).toBe(0);
    const haidian = await makeStaff(t.deps, ['supervisor'], { areas: ['HD'] });
    expect(await queueRow(haidian.token, reading.id, 'pageSize=100')).toBeDefined();
    expect(await queueRow(haidian.token, reading.id, 'areaCode=HD-ZGC')).toBeDefined();
    expect(await queueRow(haidian.token, reading.id)).toBeDefined();
  });

  it('answers 400 naming the field for a malformed id, status or note', async () => {
    const agent = await makeStaff(t.deps, ['agent']);
    const badId = await t.api('POST', '/api/staff/meter-readings/not-an-id/accept', {
      token: agent.token,
      body: {},
    });
    expect(badId.status).toBe(400);
    expect(badId.body.error.fields[0].path).toBe('params.readingId');
    const badStatus = await t.api('GET', '/api/staff/meter-readings?status=maybe', { token: agent.token });
    expect(badStatus.status).toBe(400);
    expect(badStatus.body.error.fields[0].path).toBe('query.status');
    const longNote = await t.api('POST', '/api/staff/meter-readings/0123456789abcdef01234567/reject', {
      token: agent.token,
      body: { note: '长'.repeat(201) },
    });
    expect(longNote.status).toBe(400);
    expect(longNote.body.error.fields[0].path).toBe('body.note');
    expect(
      (
        await t.api('POST', '/api/staff/meter-readings/0123456789abcdef01234567/accept', {
          token: agent.token,
          body: {},
        })
      ).status,
    ).toBe(404);
  });

  it('issues exactly one bill when two reviewers accept the same reading at once, and audits it once', async () => {
    const a = await makeAccount();
    const me = await makeResident(t.deps, { bind: [a.accountNo] });
    const reading = (
      await submit(me.token, { accountNo: a.accountNo, reading: 1230, photoId: await photo(me.token) })
    ).body;
    const [x, y] = [await makeStaff(t.deps, ['agent']), await makeStaff(t.deps, ['supervisor'])];
    const both = await Promise.all(
      [x, y, x].map((s) =>
        t.api('POST', `/api/staff/meter-readings/${reading.id}/accept`, { token: s.token, body: {} }),
      ),
    );
    expect(both.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(new Set(both.map((r) => r.body.billId)).size).toBe(1);
    const bills = await BillModel.find({ accountNo: a.accountNo }).lean();
    expect(bills).toHaveLength(1);
    expect(bills[0]).toMatchObject({ usage: 30, amountDue: 30 * 263, readingFrom: 1200, readingTo: 1230 });
    expect(
      await AuditLogModel.countDocuments({ action: 'meterReading.accept', 'target.id': reading.id }),
    ).toBe(1);
  });

  it('shows the resident the reason a reading was rejected in their reading list, and not another household’s list', async () => {
    const a = await makeAccount();
    const me = await makeResident(t.deps, { bind: [a.accountNo] });
    const reading = (
      await submit(me.token, { accountNo: a.accountNo, reading: 1205, photoId: await photo(me.token) })
    ).body;
    const sup = await makeStaff(t.deps, ['supervisor']);
    await t.api('POST', `/api/staff/meter-readings/${reading.id}/reject`, {
      token: sup.token,
      body: { note: '照片看不清表盘,请重拍' },
    });
    const mine = await t.api('GET', `/api/accounts/${a.accountNo}/meter-readings`, { token: me.token });
    expect(mine.status).toBe(200);
    expect(mine.body.items).toEqual([
      expect.objectContaining({
        id: reading.id,
        status: 'rejected',
        reviewNote: '照片看不清表盘,请重拍',
        reading: 1205,
      }),
    ]);
    expect(
      await AuditLogModel.countDocuments({ action: 'meterReading.reject', 'target.id': reading.id }),
    ).toBe(1);
    const other = await makeResident(t.deps);
    expect(
      (await t.api('GET', `/api/accounts/${a.accountNo}/meter-readings`, { token: other.token })).status,
    ).toBe(404);
    expect((await t.api('GET', '/api/accounts/12/meter-readings', { token: me.token })).status).toBe(400);
  });
});
