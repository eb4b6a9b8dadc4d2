/**
 * What a resident chooses follows them: 长辈版 is kept on their record (a new session, on another
 * device, opens in it), and a binding says how they relate to the household (本人, 家人, 租户).
 */
import { makeAccount, makeResident } from '../factories';
import { startTestServer, type TestServer } from '../harness';
import { BindingModel } from '../../src/modules/accounts/binding.model';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

it('keeps 长辈版 on the resident, so a new session opens in it', async () => {
  const resident = await makeResident(t.deps);
  expect((await t.api('GET', '/api/me', { token: resident.token })).body.elderMode).toBe(false);
  const on = await t.api('PUT', '/api/me/elder-mode', { token: resident.token, body: { elderMode: true } });
  expect(on.status).toBe(200);
  expect(on.body.elderMode).toBe(true);
  // Another device: a fresh token for the same resident.
  const other = await t.deps.tokens.sign({
    kind: 'resident',
    userId: resident.userId,
    openid: resident.openid,
    app: 'oa',
  });
  expect((await t.api('GET', '/api/me', { token: other })).body.elderMode).toBe(true);
  const off = await t.api('PUT', '/api/me/elder-mode', { token: other, body: { elderMode: false } });
  expect(off.body.elderMode).toBe(false);

  const bad = await t.api('PUT', '/api/me/elder-mode', { token: resident.token, body: { elderMode: '是' } });
  expect(bad.status).toBe(400);
  expect(bad.body.error.message).toMatch(/[\u4e00-\u9fff]/);
  expect((await t.api('PUT', '/api/me/elder-mode', { body: { elderMode: true } })).status).toBe(401);
});

it('binds a tenant as a tenant', async () => {
  const account = await makeAccount({ holder: { name: '赵六' } });
  const resident = await makeResident(t.deps);
  const bound = await t.api('POST', '/api/accounts/bind', {
    token: resident.token,
    body: { accountNo: account.accountNo, holderName: '赵六', relation: 'tenant' },
  });
  expect(bound.status).toBeLessThan(300);
  const binding = await BindingModel.findOne({
    userId: resident.userId,
    accountNo: account.accountNo,
  }).lean();
  expect(binding?.relation).toBe('tenant');
});
