/**
 * The access token shared by every portal process: when it goes stale (expired, revoked), exactly one
 * caller in one process fetches a new one and everybody else uses that.
 */
import { createWechatClients, type WechatApi } from '../../src/platform/wechat';
import { WechatTokenModel } from '../../src/platform/wechat/accessToken.model';
import { connectTestDb, testConfig } from '../harness';
import { startMessagingSandbox } from './support';

let sb: Awaited<ReturnType<typeof startMessagingSandbox>>;
let db: Awaited<ReturnType<typeof connectTestDb>>;
/** Two clients as two portal processes would have them: own memory, one database. */
let processA: WechatApi;
let processB: WechatApi;
let appid: string;
let oaAppid: string;

beforeAll(async () => {
  sb = await startMessagingSandbox();
  db = await connectTestDb();
  processA = newProcess();
  processB = newProcess();
  appid = (await sb.client.info()).appid;
  oaAppid = (await sb.client.info()).oaAppid;
  await sb.client.follow(FOLLOWER);
});
afterAll(async () => {
  await db.drop();
  await sb.stop();
});

/** A portal process's client: its own memory (token copy, refresh in flight), the shared database. */
const newProcess = () => createWechatClients(testConfig(sb.portal), { now: () => new Date() }).api;

/** An official-account template message to a follower: needs a valid OA access token. */
const receiptTo = (api: WechatApi, i: number) =>
  api.sendTemplateMessage({
    touser: FOLLOWER,
    templateId: 'TPL-OA-PAYMENT',
    data: { character_string1: `310100012${i}`, amount3: '123.45元', time4: '2026-11-24 12:00' },
  });
const FOLLOWER = 'o_oa_token_test';

const stableTokenCalls = async () => (await sb.client.callCounts()).stable_token ?? 0;
/** Ten callers at once, five in each process. */
const tenCallers = <T>(f: (api: WechatApi, i: number) => Promise<T>) =>
  Promise.all(Array.from({ length: 10 }, (_, i) => f(i % 2 ? processA : processB, i)));

describe('the shared access token', () => {
  it('is fetched once for ten concurrent callers in two processes when the stored one has expired', async () => {
    await processA.accessToken('mp');
    await sb.client.expireTokens(appid);
    await WechatTokenModel.updateOne({ appid }, { $set: { expiresAt: new Date(Date.now() - 1000) } });
    // Each process also forgets its in-memory copy, as after a restart.
    processA = newProcess();
    processB = newProcess();
    await sb.client.callCounts(true);

    const tokens = await tenCallers((api) => api.accessToken('mp'));

    expect(await stableTokenCalls()).toBe(1);
    expect(new Set(tokens).size).toBe(1);
    const stored = await WechatTokenModel.findOne({ appid }).lean();
    expect(stored).toMatchObject({ token: tokens[0] });
    expect(stored?.leaseUntil).toBeUndefined();
  });

  it('is refetched once when WeChat refuses it (40001) and every refused call is retried and succeeds', async () => {
    const before = await processA.accessToken('oa');
    await processB.accessToken('oa');
    await sb.client.revokeTokens({ appid: oaAppid });
    await sb.client.callCounts(true);

    const sent = await tenCallers(receiptTo);

    expect(sent.every((r) => r.msgid)).toBe(true);
    expect(await stableTokenCalls()).toBe(1);
    expect((await sb.client.callCounts())['template.send']).toBe(20);
    const after = await processA.accessToken('oa');
    expect(after).not.toBe(before);
    expect(await processB.accessToken('oa')).toBe(after);
  });

  it('is refetched once when it expired at WeChat before its stored expiry (42001)', async () => {
    await sb.client.expireTokens(oaAppid);
    await sb.client.callCounts(true);
    const sent = await tenCallers(receiptTo);
    expect(sent.every((r) => r.msgid)).toBe(true);
    expect(await stableTokenCalls()).toBe(1);
  });

  it('is refreshed by another process when the process holding the refresh lease died', async () => {
    await WechatTokenModel.updateOne(
      { appid },
      {
        $set: {
          expiresAt: new Date(Date.now() - 1000),
          leaseOwner: 'a-process-that-died',
          leaseUntil: new Date(Date.now() + 300),
        },
      },
    );
    await sb.client.expireTokens(appid);
    processA = newProcess();
    processB = newProcess();
    await sb.client.callCounts(true);

    const tokens = await tenCallers((api) => api.accessToken('mp'));

    expect(new Set(tokens).size).toBe(1);
    expect(await stableTokenCalls()).toBe(1);
  });

  it('is not fetched again by a process that read the stale token just before another process refreshed it', async () => {
    await WechatTokenModel.updateOne({ appid }, { $set: { expiresAt: new Date(Date.now() - 1000) } });
    await sb.client.expireTokens(appid);
    processA = newProcess();
    processB = newProcess();
    await sb.client.callCounts(true);
    // Process B's read of the stored token answers with the stale one only after process A has refreshed
    // it and released the lease (on a loaded machine, or across two machines, that window is real).
    const findOne = WechatTokenModel.findOne.bind(WechatTokenModel);
    let tokenA: string | undefined;
    const slowRead = jest.spyOn(WechatTokenModel, 'findOne').mockImplementationOnce(((filter: {
      appid: string;
    }) => ({
      lean: async () => {
        const stale = await findOne(filter).lean();
        tokenA = await processA.accessToken('mp');
        return stale;
      },
    })) as never);

    const tokenB = await processB.accessToken('mp').finally(() => slowRead.mockRestore());

    expect(tokenA).toEqual(expect.any(String));
    expect(tokenB).toBe(tokenA);
    expect(await stableTokenCalls()).toBe(1);
  });
});
