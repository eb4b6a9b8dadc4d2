/**
 * 注销: a resident deletes their account. Their sessions end, a new WeChat login is a new person with no
 * households, what named them is gone, and their payments stay (detached) and still reconcile.
 */
import mongoose from 'mongoose';
import { BindingModel } from '../../src/modules/accounts/binding.model';
import { UserModel } from '../../src/modules/accounts/user.model';
import { BillModel } from '../../src/modules/billing/bill.model';
import { PaymentModel } from '../../src/modules/billing/payment.model';
import { InvoiceRequestModel } from '../../src/modules/billing/invoices/invoiceRequest.model';
import { ChatMessageModel } from '../../src/modules/chat/chatMessage.model';
import { ChatSessionModel } from '../../src/modules/chat/chatSession.model';
import { SubscriptionModel } from '../../src/modules/messaging/subscription.model';
import { UploadModel } from '../../src/modules/uploads/upload.model';
import { photoKey } from '../../src/modules/uploads/upload.service';
import { AuditLogModel } from '../../src/platform/audit';
import { bindResident, makeResident, makeStaff } from '../factories';
import { household, pay, startPayTest, type PayTest } from '../billing/payHarness';

let p: PayTest;
beforeAll(async () => {
  p = await startPayTest();
});
afterAll(() => p.close());

const login = async (openid: string, unionid?: string) => {
  const { code } = await p.sandbox.client.mintLoginCode({ openid, unionid, app: 'mp' });
  const res = await p.t.api('POST', '/api/auth/wechat-login', { body: { code } });
  expect(res.status).toBe(200);
  return res.body;
};

/** A photo the resident uploaded, with its bytes in the file store; `accountNo` when a record uses it. */
async function photoOf(userId: string, accountNo?: string) {
  const id = new mongoose.Types.ObjectId();
  const file = `2026/11/${id}.jpg`;
  const thumb = `2026/11/${id}.thumb.jpg`;
  await p.t.deps.files.put(photoKey(file), Buffer.from('jpeg bytes'), 'image/jpeg');
  await p.t.deps.files.put(photoKey(thumb), Buffer.from('thumb bytes'), 'image/jpeg');
  await UploadModel.create({
    _id: id,
    owner: { kind: 'resident', id: userId },
    mime: 'image/jpeg',
    size: 10,
    width: 1,
    height: 1,
    sha256: 'x',
    file,
    thumb,
    accountNos: accountNo ? [accountNo] : [],
  });
  return { id: String(id), file };
}

it('ends the sessions, makes the next login a new person with no households, and keeps the payments, which still reconcile', async () => {
  const h = await household(p, [8_800, 4_200]);
  const session = await login(h.resident.openid, 'u_deleting_resident');
  expect(session.user.id).toBe(h.resident.userId);
  await UserModel.updateOne({ _id: h.resident.userId }, { $set: { phone: '13912345678', nickname: '小王' } });
  const neighbour = await makeResident(p.t.deps, { bind: [h.account.accountNo] });

  // One bill paid the ordinary way, the other paid at WeChat with its notification lost.
  const paid = (await pay(p, h, [String(h.bills[0]._id)])).body.payment.outTradeNo;
  await p.sandbox.client.payOrder(paid);
  await p.sandbox.client.settleNotifications();
  const lost = (await pay(p, h, [String(h.bills[1]._id)])).body.payment.outTradeNo;
  await p.sandbox.client.injectFault({ kind: 'drop' });
  await p.sandbox.client.payOrder(lost);
  await p.sandbox.client.settleNotifications();
  expect((await PaymentModel.findOne({ outTradeNo: lost }).lean())!.status).toBe('pending');

  // What else the resident left: a chat, photos, a message grant.
  const chat = await ChatSessionModel.create({
    userId: h.resident.userId,
    accountNo: h.account.accountNo,
    status: 'active',
    queuedAt: new Date(),
    openFor: h.resident.userId,
    summary: '王先生说家里燃气表漏气',
  });
  await ChatMessageModel.create({
    sessionId: String(chat._id),
    seq: 1,
    from: 'resident',
    kind: 'text',
    text: '我家在3号楼501',
  });
  const chatPhoto = await photoOf(h.resident.userId);
  const orderPhoto = await photoOf(h.resident.userId, h.account.accountNo);
  await SubscriptionModel.create({
    userId: h.resident.userId,
    templateId: 'tpl_receipt',
    event: 'paymentReceipt',
    remaining: 1,
  });

  const invoice = await InvoiceRequestModel.create({
    billId: h.bills[0]._id,
    accountNo: h.account.accountNo,
    userId: h.resident.userId,
    amountFen: 8_800,
    titleType: 'personal',
    title: '王小明',
    email: 'wang@example.com',
    status: 'issued',
    invoiceNo: 'INV0001',
    requestedAt: new Date(),
  });

  const deleted = await p.t.api('DELETE', '/api/me', { token: session.token });
  expect(deleted.status).toBe(200);
  expect(deleted.body).toEqual({ deletedAt: expect.any(String), paymentsKept: 2 });

  // The old token and refresh token are refused.
  expect((await p.t.api('GET', '/api/me', { token: session.token })).status).toBe(401);
  expect((await p.t.api('GET', '/api/accounts', { token: h.resident.token })).status).toBe(401);
  const refreshed = await p.t.api('POST', '/api/auth/refresh', {
    body: { refreshToken: session.refreshToken },
  });
  expect(refreshed.status).toBe(401);
  // A retried deletion with the old token changes nothing more.
  expect((await p.t.api('DELETE', '/api/me', { token: session.token })).status).toBe(401);

  // The same WeChat person logging in again is someone new, with no households.
  const again = await login(h.resident.openid, 'u_deleting_resident');
  expect(again.user.id).not.toBe(h.resident.userId);
  expect(again.user.boundAccounts).toBe(0);
  expect((await p.t.api('GET', '/api/accounts', { token: again.token })).body.items).toEqual([]);

  // Nothing left names the person; the neighbour's binding to the same 户号 is untouched.
  const tomb = await UserModel.findById(h.resident.userId).lean();
  expect(tomb).toMatchObject({ deletedAt: expect.any(Date), erasedAt: expect.any(Date) });
  for (const field of ['openidMp', 'openidOa', 'unionid', 'phone', 'nickname', 'erasure'])
    expect(tomb).not.toHaveProperty(field);
  expect(await BindingModel.countDocuments({ userId: h.resident.userId })).toBe(0);
  expect(await BindingModel.countDocuments({ userId: neighbour.userId })).toBe(1);
  expect(await ChatMessageModel.countDocuments({ sessionId: String(chat._id) })).toBe(0);
  const closedChat = await ChatSessionModel.findById(chat._id).lean();
  expect(closedChat).toMatchObject({ status: 'closed' });
  expect(closedChat).not.toHaveProperty('summary');
  expect(closedChat).not.toHaveProperty('openFor');
  expect(await UploadModel.exists({ _id: chatPhoto.id })).toBeNull();
  expect(await p.t.deps.files.exists(photoKey(chatPhoto.file))).toBe(false);
  expect(await UploadModel.findById(orderPhoto.id).lean()).toMatchObject({ owner: { id: 'erased' } });
  expect(await p.t.deps.files.exists(photoKey(orderPhoto.file))).toBe(true);
  expect(await SubscriptionModel.countDocuments({ userId: h.resident.userId })).toBe(0);

  // The money stays, without the payer's openid, and the lost notification is still reconciled.
  const payments = await PaymentModel.find({ outTradeNo: { $in: [paid, lost] } }).lean();
  expect(payments.map((x) => [x.openid, x.amountFen, x.accountNo])).toEqual(
    expect.arrayContaining([
      ['erased', 8_800, h.account.accountNo],
      ['erased', 4_200, h.account.accountNo],
    ]),
  );
  // The issued invoice keeps what it says (tax records), not where it was sent.
  expect(await InvoiceRequestModel.findById(invoice._id).lean()).toMatchObject({
    title: '王小明',
    invoiceNo: 'INV0001',
    email: '',
  });
  const admin = await makeStaff(p.t.deps, ['admin']);
  const rec = await p.t.api('POST', '/api/staff/payments/reconcile', {
    token: admin.token,
    body: { minAgeMinutes: 0 },
  });
  expect(rec.body.errors).toBe(0);
  expect((await PaymentModel.findOne({ outTradeNo: lost }).lean())!.status).toBe('paid');
  expect(
    (await BillModel.find({ _id: { $in: h.bills.map((b) => b._id) } }).lean()).map((b) => b.status),
  ).toEqual(['paid', 'paid']);

  const entries = await AuditLogModel.find({ action: 'user.delete', 'target.id': h.resident.userId })
    .sort({ at: 1 })
    .lean();
  expect(entries.map((e) => e.outcome)).toEqual(['requested', 'ok']);
  expect(entries[1].after).toMatchObject({ paymentsKept: 2, chatMessagesDeleted: 1, photosDeleted: 1 });
}, 60_000);

it('is refused without a resident session', async () => {
  expect((await p.t.api('DELETE', '/api/me')).status).toBe(401);
  const staff = await makeStaff(p.t.deps, ['admin']);
  expect((await p.t.api('DELETE', '/api/me', { token: staff.token })).status).toBe(403);
});

it('ends a resident joined from the H5: the official-account openid that was joined in leads nowhere', async () => {
  const h = await household(p, [1_000]);
  const retired = await makeResident(p.t.deps, { openid: `o_mp_unused_${h.resident.userId}` });
  await UserModel.updateOne(
    { _id: retired.userId },
    { $set: { mergedInto: h.resident.user._id, formerOpenidOa: 'o_oa_joined' }, $unset: { openidMp: 1 } },
  );
  await bindResident(h.resident.userId, h.account.accountNo).catch(() => undefined);
  expect((await p.t.api('DELETE', '/api/me', { token: h.resident.token })).status).toBe(200);
  expect(await UserModel.findById(retired.userId).lean()).not.toHaveProperty('formerOpenidOa');
  expect(await UserModel.exists({ formerOpenidOa: 'o_oa_joined' })).toBeNull();
});
