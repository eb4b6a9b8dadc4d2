/**
 * 注销 runs in the resident's request, so every read it makes by user must go through an index: each one that
 * does not reads its whole collection, and `notice_recipients` (one row per resident per notice) is the largest the
 * portal has. Here the whole request, `DELETE /api/me`, runs against a stand-in of its own that logs every
 * collection scan, with the resident's records and other residents' in every collection 注销 touches.
 */
import mongoose from 'mongoose';
import { AppointmentModel } from '../../src/modules/workorders/appointments/appointment.model';
import { WorkOrderModel } from '../../src/modules/workorders/orders/workorder.model';
import { ChatMessageModel } from '../../src/modules/chat/chatMessage.model';
import { ChatPresenceModel } from '../../src/modules/chat/chatPresence.model';
import { ChatSessionModel } from '../../src/modules/chat/chatSession.model';
import { InvoiceRequestModel } from '../../src/modules/billing/invoices/invoiceRequest.model';
import { MeterReadingModel } from '../../src/modules/billing/meterReading.model';
import { PaymentModel } from '../../src/modules/billing/payment.model';
import { DeliveryModel } from '../../src/modules/messaging/delivery.model';
import { SubscriptionModel } from '../../src/modules/messaging/subscription.model';
import { NoticeRecipientModel } from '../../src/modules/notices/notice.model';
import { OaFollowerModel } from '../../src/modules/residentContact/oaFollower.model';
import { UploadModel } from '../../src/modules/uploads/upload.model';
import { makeAccount, makeResident } from '../factories';
import { startTestServer, type TestServer } from '../harness';
import { scanLoggedTestDb, type ScanLoggingStandIn } from '../platform/standInProbe';

const { ObjectId } = mongoose.Types;

let db: ScanLoggingStandIn;
let t: TestServer;
beforeAll(async () => {
  const logged = await scanLoggedTestDb();
  db = logged.scans;
  t = await startTestServer({ db: logged.db });
}, 300_000); // the stand-in is installed on first use where the suite runs on mongod
afterAll(() => t.close());

/** `n` records for each of `userIds` (the resident's and others'), as the collection stores them. */
const each = <T>(userIds: string[], n: number, doc: (userId: string, i: number) => T) =>
  userIds.flatMap((userId) => Array.from({ length: n }, (_, i) => doc(userId, i)));

it('reads every collection by index: no collection scan in the whole request', async () => {
  const account = await makeAccount();
  const resident = await makeResident(t.deps, { openidOa: 'o_oa_erasing', bind: [account.accountNo] });
  const others = await Promise.all(
    Array.from({ length: 5 }, (_, i) => makeResident(t.deps, { openidOa: `o_oa_other_${i}` })),
  );
  const users = [resident.userId, ...others.map((o) => o.userId)];
  const notices = Array.from({ length: 4 }, () => new ObjectId());

  await NoticeRecipientModel.collection.insertMany(
    users.flatMap((u) => notices.map((noticeId) => ({ noticeId, userId: new ObjectId(u) }))),
  );
  await AppointmentModel.collection.insertMany(
    each(users, 3, (u, i) => ({
      slotId: `slot-${i}`,
      orderNo: `WO-${u}-${i}`,
      accountNo: account.accountNo,
      status: 'booked',
      bookedBy: { kind: 'resident', id: u },
    })),
  );
  await MeterReadingModel.collection.insertMany(
    each(users, 3, (u, i) => ({
      accountNo: account.accountNo,
      areaCode: 'CY-WJY',
      meterNo: 'M1',
      reading: 1200 + i,
      photoId: `p-${u}-${i}`,
      submittedBy: new ObjectId(u),
      status: 'accepted',
      submittedAt: new Date(),
    })),
  );
  await InvoiceRequestModel.collection.insertMany(
    each(users, 3, (u, i) => ({
      billId: new ObjectId(),
      accountNo: account.accountNo,
      userId: new ObjectId(u),
      amountFen: 100,
      email: `a${i}@example.com`,
      status: i ? 'issued' : 'requested',
      requestedAt: new Date(),
    })),
  );
  await WorkOrderModel.collection.insertMany(
    each(users, 3, (u, i) => ({
      orderNo: `WO-${u}-${i}`,
      accountNo: account.accountNo,
      residentUserId: u,
      state: i ? 'open' : 'closed',
      contactName: '王先生',
      createdAt: new Date(),
    })),
  );
  await PaymentModel.collection.insertMany(
    each(users, 3, (u, i) => ({
      outTradeNo: `T-${u}-${i}`,
      userId: new ObjectId(u),
      openid: 'o_mp_x',
      accountNo: account.accountNo,
      status: 'paid',
      createdAt: new Date(),
    })),
  );
  const sessions = each(users, 2, (u, i) => ({
    _id: new ObjectId(),
    userId: u,
    accountNo: account.accountNo,
    status: i ? 'active' : 'closed',
    queuedAt: new Date(),
  }));
  await ChatSessionModel.collection.insertMany(sessions);
  await ChatMessageModel.collection.insertMany(
    sessions.map((s) => ({ sessionId: String(s._id), seq: 1, from: 'resident', kind: 'text', text: '您好' })),
  );
  await ChatPresenceModel.collection.insertMany(
    users.map((u) => ({ principal: `user:${u}`, processId: 'p1', lastSeenAt: new Date() })),
  );
  await UploadModel.collection.insertMany(
    each(users, 2, (u, i) => ({
      owner: { kind: 'resident', id: u },
      file: `2026/12/${u}-${i}.jpg`,
      thumb: `2026/12/${u}-${i}.thumb.jpg`,
      accountNos: [account.accountNo],
      createdAt: new Date(),
    })),
  );
  await SubscriptionModel.collection.insertMany(
    each(users, 2, (u, i) => ({ userId: new ObjectId(u), templateId: `tpl_${i}`, remaining: 1 })),
  );
  await DeliveryModel.collection.insertMany(
    each(users, 2, (u) => ({
      outboxId: new ObjectId(),
      userId: new ObjectId(u),
      status: 'sent',
      createdAt: new Date(),
    })),
  );
  await OaFollowerModel.insertMany(
    ['o_oa_erasing', ...others.map((_, i) => `o_oa_other_${i}`)].map((_id) => ({
      _id,
      follows: true,
      factAt: new Date(),
    })),
  );

  db.forget();
  const res = await t.api('DELETE', '/api/me', { token: resident.token });
  expect(res.status).toBe(200);
  expect(db.scans()).toEqual([]);

  // It did its work, and only the resident's.
  const mine = { userId: new ObjectId(resident.userId) };
  expect(await NoticeRecipientModel.countDocuments()).toBe(others.length * notices.length);
  expect(await NoticeRecipientModel.countDocuments(mine)).toBe(0);
  expect(await AppointmentModel.countDocuments({ 'bookedBy.id': resident.userId })).toBe(0);
  expect(await AppointmentModel.countDocuments({ 'bookedBy.id': { $exists: true } })).toBe(others.length * 3);
  expect(await MeterReadingModel.countDocuments({ submittedBy: mine.userId })).toBe(0);
  expect(await MeterReadingModel.countDocuments({ submittedBy: { $exists: true } })).toBe(others.length * 3);
  expect(await InvoiceRequestModel.countDocuments({ ...mine, email: { $ne: '' } })).toBe(1);
  expect(await InvoiceRequestModel.countDocuments({ ...mine, forgetEmail: true })).toBe(1);
  expect(await InvoiceRequestModel.countDocuments({ email: { $ne: '' } })).toBe(users.length * 3 - 2);
  expect(await OaFollowerModel.countDocuments()).toBe(others.length);
});
