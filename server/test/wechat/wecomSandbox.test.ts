/**
 * The WeCom sandbox is as strict as WeCom: wrong corp credentials, a wrong agentid, a card missing its url or
 * over its byte limits are refused with WeCom's errcodes, and a message reaches only members in the
 * application's visible range. Over real HTTP, as the portal's client would call it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSandbox, type RunningSandbox } from '../../sandbox';

let sandbox: RunningSandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ dir: fs.mkdtempSync(path.join(os.tmpdir(), 'wecom-sbx-')) });
  await sandbox.client.addWecomMembers(['ZhangSan']);
});
afterAll(() => sandbox?.stop());

const corp = () => sandbox.state.wecom.corp;
const json = async (res: Response) => (await res.json()) as Record<string, unknown>;
const gettoken = (corpid: string, corpsecret: string) =>
  fetch(`${sandbox.url}/cgi-bin/gettoken?corpid=${corpid}&corpsecret=${corpsecret}`).then(json);
const send = (token: string, body: unknown) =>
  fetch(`${sandbox.url}/cgi-bin/message/send?access_token=${token}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  }).then(json);

it('refuses a wrong corpid or secret, and answers the same token while it is valid', async () => {
  expect((await gettoken('wwnobody', corp().corpSecret)).errcode).toBe(40013);
  expect((await gettoken(corp().corpId, 'wrong')).errcode).toBe(40001);
  const a = await gettoken(corp().corpId, corp().corpSecret);
  const b = await gettoken(corp().corpId, corp().corpSecret);
  expect(a).toMatchObject({ errcode: 0, expires_in: 7200 });
  expect(b.access_token).toBe(a.access_token);
});

it('checks the token, the agentid, the card and the recipients as WeCom does', async () => {
  const token = String((await gettoken(corp().corpId, corp().corpSecret)).access_token);
  const card = { title: '新工单', description: '报修', url: 'https://portal.example/console' };
  const base = { touser: 'zhangsan', msgtype: 'textcard', agentid: corp().agentId, textcard: card };
  expect((await send('nope', base)).errcode).toBe(40014);
  expect((await send(token, { ...base, agentid: 1 })).errcode).toBe(40056);
  expect((await send(token, { ...base, msgtype: 'voice' })).errcode).toBe(40008);
  expect((await send(token, { ...base, textcard: { ...card, url: '' } })).errcode).toBe(40058);
  expect((await send(token, { ...base, textcard: { ...card, title: '长'.repeat(43) } })).errcode).toBe(45002);
  expect((await send(token, { ...base, touser: 'nobody|ghost' })).errcode).toBe(81013);
  const partly = await send(token, { ...base, touser: 'ZhangSan|ghost' });
  expect(partly).toMatchObject({ errcode: 0, invaliduser: 'ghost' });
  expect(await sandbox.client.listWecomMessages('zhangsan')).toHaveLength(1);
  await sandbox.client.expireWecomTokens();
  expect((await send(token, base)).errcode).toBe(42001);
});
