/**
 * The privacy sweeps, on an injected clock: a 注销 cut short after its first step is finished; chat
 * messages, photos nobody used and audit entries are deleted once past their configured retention.
 */
import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import { loadConfig } from '@portal/config';
import { beginErasure } from '../../src/modules/accounts';
import { UserModel } from '../../src/modules/accounts/user.model';
import { ChatMessageModel } from '../../src/modules/chat/chatMessage.model';
import { ChatSessionModel } from '../../src/modules/chat/chatSession.model';
import { OaFollowerModel } from '../../src/modules/residentContact/oaFollower.model';
import { UploadModel } from '../../src/modules/uploads/upload.model';
import { photoKey } from '../../src/modules/uploads/upload.service';
import { audit, AuditLogModel } from '../../src/platform/audit';
import { featureJobs } from '../../src/platform/runtime';
import { makeAccount, makeResident } from '../factories';
import { createTestDeps, startTestServer, testClock, testConfig, type TestServer } from '../harness';

const DAY = 24 * 3600_000;
const clock = testClock(new Date('2027-03-01T02:00:00Z'));
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({
    deps: createTestDeps(
      testConfig({
        CHAT_RETENTION_DAYS: '90',
        UNUSED_UPLOAD_RETENTION_DAYS: '3',
        AUDIT_RETENTION_DAYS: '365',
      }),
      { clock },
    ),
  });
});
afterAll(() => t.close());

const run = (kind: string) => featureJobs(t.deps)[kind]!({}, {} as never);
/** An _id as the driver would have made it `days` before the test clock's now. */
const idDaysAgo = (days: number) =>
  new mongoose.Types.ObjectId(
    mongoose.Types.ObjectId.createFromTime(Math.floor((clock.now().getTime() - days * DAY) / 1000))
      .toHexString()
      .slice(0, 8) + randomBytes(8).toString('hex'),
  );

async function photo(days: number, owner: string, accountNos: string[] = []) {
  const id = idDaysAgo(days);
  const file = `2027/01/${id}.jpg`;
  await t.deps.files.put(photoKey(file), Buffer.from('jpeg'), 'image/jpeg');
  await t.deps.files.put(photoKey(`${file}.thumb`), Buffer.from('thumb'), 'image/jpeg');
  await UploadModel.create({
    _id: id,
    owner: { kind: 'resident', id: owner },
    mime: 'image/jpeg',
    size: 4,
    width: 1,
    height: 1,
    sha256: 'x',
    file,
    thumb: `${file}.thumb`,
    accountNos,
  });
  return String(id);
}

it('finishes a 注销 cut short after its first step, once, and a second sweep finds nothing to do', async () => {
  clock.set(new Date('2027-03-01T02:00:00Z'));
  const resident = await makeResident(t.deps, { openidOa: 'o_oa_cut_short' });
  await OaFollowerModel.create({ _id: 'o_oa_cut_short', follows: true, factAt: clock.now() });
  const chat = await ChatSessionModel.create({
    userId: resident.userId,
    status: 'closed',
    queuedAt: clock.now(),
  });
  await ChatMessageModel.create({
    sessionId: String(chat._id),
    seq: 1,
    from: 'resident',
    kind: 'text',
    text: '您好',
  });

  await beginErasure(t.deps, resident.userId); // …and the process dies here.
  expect(await UserModel.findById(resident.userId).lean()).toMatchObject({
    erasure: { openids: expect.arrayContaining(['o_oa_cut_short']) },
  });
  expect((await t.api('GET', '/api/me', { token: resident.token })).status).toBe(401);

  // Too recent for the sweep: the request that started it may still be running.
  expect(await run('privacy.finishDeletions')).toEqual({ finished: 0 });
  clock.advance(11 * 60_000);
  expect(await run('privacy.finishDeletions')).toEqual({ finished: 1 });
  expect(await run('privacy.finishDeletions')).toEqual({ finished: 0 });

  const user = await UserModel.findById(resident.userId).lean();
  expect(user).toMatchObject({ erasedAt: clock.now() });
  expect(user).not.toHaveProperty('erasure');
  expect(await OaFollowerModel.exists({ _id: 'o_oa_cut_short' })).toBeNull();
  expect(await ChatMessageModel.countDocuments({ sessionId: String(chat._id) })).toBe(0);
  const done = await AuditLogModel.find({ action: 'user.delete', 'target.id': resident.userId })
    .sort({ at: 1 })
    .lean();
  expect(done.map((e) => [e.outcome, e.actor?.kind])).toEqual([
    ['requested', 'resident'],
    ['ok', 'system'],
  ]);
});

it('deletes chat messages older than CHAT_RETENTION_DAYS and keeps newer ones', async () => {
  clock.set(new Date('2027-03-01T02:00:00Z'));
  const sessionId = String(new mongoose.Types.ObjectId());
  await ChatMessageModel.insertMany([
    { _id: idDaysAgo(91), sessionId, seq: 1, from: 'resident', kind: 'text', text: '旧消息' },
    { _id: idDaysAgo(89), sessionId, seq: 2, from: 'agent', kind: 'text', text: '新消息' },
  ]);
  expect(await run('privacy.pruneChatMessages')).toEqual({ deleted: 1 });
  expect((await ChatMessageModel.find({ sessionId }).lean()).map((m) => m.text)).toEqual(['新消息']);
});

it('deletes photos nobody used after UNUSED_UPLOAD_RETENTION_DAYS, bytes too; keeps those on a record or in a chat', async () => {
  clock.set(new Date('2027-03-01T02:00:00Z'));
  const account = await makeAccount();
  const owner = String(new mongoose.Types.ObjectId());
  const unused = await photo(4, owner);
  const recent = await photo(2, owner);
  const onOrder = await photo(30, owner, [account.accountNo]);
  const inChat = await photo(30, owner);
  await ChatMessageModel.create({
    sessionId: String(new mongoose.Types.ObjectId()),
    seq: 1,
    from: 'resident',
    kind: 'image',
    photoId: inChat,
  });

  expect(await run('privacy.pruneUnusedUploads')).toEqual({ deleted: 1 });
  const left = (await UploadModel.find({ 'owner.id': owner }, { _id: 1 }).lean()).map((u) => String(u._id));
  expect(left.sort()).toEqual([recent, onOrder, inChat].sort());
  expect(await t.deps.files.exists(photoKey(`2027/01/${unused}.jpg`))).toBe(false);
  expect(await t.deps.files.exists(photoKey(`2027/01/${unused}.jpg.thumb`))).toBe(false);
  expect(await t.deps.files.exists(photoKey(`2027/01/${onOrder}.jpg`))).toBe(true);
});

it('deletes audit entries older than AUDIT_RETENTION_DAYS, the only deletion the log allows', async () => {
  clock.set(new Date('2027-03-01T02:00:00Z'));
  const entry = (action: string, days: number) =>
    audit.record({
      actor: { kind: 'system', id: 'test' },
      action,
      target: { kind: 'x', id: '1' },
      at: new Date(clock.now().getTime() - days * DAY),
    });
  await entry('retention.old', 366);
  await entry('retention.kept', 364);
  const result = (await run('privacy.pruneAuditLog')) as { deleted: number };
  expect(result.deleted).toBeGreaterThanOrEqual(1);
  expect(await AuditLogModel.countDocuments({ action: 'retention.old' })).toBe(0);
  expect(await AuditLogModel.countDocuments({ action: 'retention.kept' })).toBe(1);
  await expect(AuditLogModel.deleteMany({ action: 'retention.kept' })).rejects.toThrow();
});

it('refuses an audit retention under six months', () => {
  expect(() => loadConfig({ AUDIT_RETENTION_DAYS: '90' })).toThrow(/AUDIT_RETENTION_DAYS/);
});
