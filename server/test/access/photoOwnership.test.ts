/**
 * Photo ids are guessable (two uploads of one's own bracket everyone else's), and naming a photo in a
 * chat message, an order, a technician's step or a meter reading hands out signed URLs to it. So every
 * reference must be the caller's own photo, or one already on an account they are bound to (residents)
 * or that the record is about (staff); anything else is "not found" and nothing is stored.
 */
import { ChatMessageModel } from '../../src/modules/chat/chatMessage.model';
import { ChatSessionModel } from '../../src/modules/chat/chatSession.model';
import { convertLeftMessage } from '../../src/modules/chat/ticket.service';
import { MeterReadingModel } from '../../src/modules/billing/meterReading.model';
import { WorkOrderModel } from '../../src/modules/workorders/orders/workorder.model';
import { makeAccount, makeResident, type TestResident, uploadPhoto } from '../factories';
import { startTestServer, type TestServer } from '../harness';
import { householder, repairTeam } from '../workorders/fixtures';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

const upload = (token: string, color = '#a33') => uploadPhoto(t, token, color);

/** Two households; A has uploaded a photo, B tries to use it. */
async function twoHouseholds() {
  const a = await householder(t.deps, 'PH-A1');
  const b = await householder(t.deps, 'PH-B1');
  return { a, b, aPhoto: await upload(a.resident.token, '#3a3') };
}

const notFound = (res: { status: number; body: { error?: { code: string } } }) => {
  expect(res.status).toBe(404);
  expect(res.body.error?.code).toBe('PHOTO_NOT_FOUND');
};

describe('a chat image', () => {
  it('must be the sender’s own photo: another household’s is "not found" and no message is stored', async () => {
    const { b, aPhoto } = await twoHouseholds();
    const opened = await t.api('POST', '/api/chat/sessions', {
      token: b.resident.token,
      body: { accountNo: b.account.accountNo },
    });
    const sessionId = opened.body.session.id;
    const before = (await ChatSessionModel.findById(sessionId).lean())!.lastSeq ?? 0;
    const res = await t.api('POST', `/api/chat/sessions/${sessionId}/messages`, {
      token: b.resident.token,
      body: { kind: 'image', photoId: aPhoto, clientMsgId: 'steal-1' },
    });
    notFound(res);
    expect(await ChatMessageModel.countDocuments({ sessionId, kind: 'image' })).toBe(0);
    expect((await ChatSessionModel.findById(sessionId).lean())!.lastSeq ?? 0).toBe(before);
    // Their own photo goes through.
    const own = await upload(b.resident.token);
    expect(
      (
        await t.api('POST', `/api/chat/sessions/${sessionId}/messages`, {
          token: b.resident.token,
          body: { kind: 'image', photoId: own, clientMsgId: 'mine-1' },
        })
      ).status,
    ).toBe(201);
  });

  it('may be a photo of a household the sender shares (a family member’s upload on the same account)', async () => {
    const account = await makeAccount({ areaCode: 'PH-F1' });
    const husband = await makeResident(t.deps, { bind: [account.accountNo] });
    const wife = await makeResident(t.deps, { bind: [account.accountNo] });
    const photo = await upload(husband.token);
    const order = await t.api('POST', '/api/work-orders', {
      token: husband.token,
      body: { accountNo: account.accountNo, description: '热水器打不着火', photos: [photo] },
    });
    expect(order.status).toBe(201);
    const opened = await t.api('POST', '/api/chat/sessions', {
      token: wife.token,
      body: { accountNo: account.accountNo },
    });
    const sent = await t.api('POST', `/api/chat/sessions/${opened.body.session.id}/messages`, {
      token: wife.token,
      body: { kind: 'image', photoId: photo, clientMsgId: 'family-1' },
    });
    expect(sent.status).toBe(201);
  });
});

describe('an after-hours message that becomes a 咨询 order', () => {
  it('carries only the resident’s own photos onto the order, even if another household’s id got into the conversation', async () => {
    const { b, aPhoto } = await twoHouseholds();
    const own = await upload(b.resident.token);
    const s = await ChatSessionModel.create({
      userId: b.resident.userId,
      accountNo: b.account.accountNo,
      status: 'afterHours',
      queuedAt: new Date(),
      lastSeq: 3,
    });
    const sessionId = s._id.toString();
    await ChatMessageModel.create([
      {
        sessionId,
        seq: 1,
        from: 'resident',
        senderId: b.resident.userId,
        kind: 'text',
        text: '明早请来看看燃气表',
        createdAt: new Date(),
      },
      {
        sessionId,
        seq: 2,
        from: 'resident',
        senderId: b.resident.userId,
        kind: 'image',
        photoId: aPhoto,
        createdAt: new Date(),
      },
      {
        sessionId,
        seq: 3,
        from: 'resident',
        senderId: b.resident.userId,
        kind: 'image',
        photoId: own,
        createdAt: new Date(),
      },
    ]);
    const { orderNo } = await convertLeftMessage(t.deps, sessionId);
    const order = await WorkOrderModel.findOne({ orderNo }).lean();
    expect(order!.photos).toEqual([own]);
  });
});

describe('a meter reading', () => {
  it('names the resident’s own photo of the meter', async () => {
    const { b, aPhoto } = await twoHouseholds();
    notFound(
      await t.api('POST', '/api/meter-readings', {
        token: b.resident.token,
        body: { accountNo: b.account.accountNo, reading: 1230, photoId: aPhoto },
      }),
    );
    expect(await MeterReadingModel.countDocuments({ accountNo: b.account.accountNo })).toBe(0);
  });
});

describe('a work order', () => {
  let team: Awaited<ReturnType<typeof repairTeam>>;
  let b: { account: { accountNo: string }; resident: TestResident };
  let aPhoto: string;
  beforeAll(async () => {
    team = await repairTeam(t.deps, { area: 'PH' });
    ({ b, aPhoto } = await twoHouseholds());
  });

  it('refuses another household’s photo from a resident', async () => {
    notFound(
      await t.api('POST', '/api/work-orders', {
        token: b.resident.token,
        body: { accountNo: b.account.accountNo, description: '漏气', photos: [aPhoto] },
      }),
    );
    expect(await WorkOrderModel.countDocuments({ accountNo: b.account.accountNo })).toBe(0);
  });

  it('takes a technician’s own photos and the order’s own, never another household’s', async () => {
    const own = await upload(b.resident.token);
    const created = await t.api('POST', '/api/work-orders', {
      token: b.resident.token,
      body: { accountNo: b.account.accountNo, description: '灶具打不着', photos: [own] },
    });
    expect(created.status).toBe(201);
    const order = (await WorkOrderModel.findOne({ orderNo: created.body.orderNo }).lean())!;
    const tech = team.technicians.find((x) => x.staffId === order.assigneeId)!;
    expect(tech).toBeDefined();
    const path = `/api/work-orders/${order.orderNo}/transitions`;
    notFound(await t.api('POST', path, { token: tech.token, body: { action: 'accept', photos: [aPhoto] } }));
    expect((await WorkOrderModel.findOne({ orderNo: order.orderNo }).lean())!.status).toBe('dispatched');
    const proof = await upload(tech.token);
    const ok = await t.api('POST', path, {
      token: tech.token,
      body: { action: 'accept', photos: [proof, own] },
    });
    expect(ok.status).toBe(200);
  });
});
