/**
 * The apps' typed API client core against the real portal over real HTTP: WeChat login through the
 * sandbox, single-use rotating refresh tokens, multipart photo uploads and file answers. The server
 * revokes a whole token family when a refresh token is used twice, so a client that renewed once per
 * failing call instead of once for all of them would lose the session here.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import {
  ApiError,
  createApiClient,
  type ApiClient,
  type RenewedSession,
  type SessionTokens,
  type Transport,
  type UploadTransport,
} from '@portal/types/src/client';
import type { StaffRole } from '@portal/types';
import { startSandbox, type RunningSandbox } from '../../sandbox';
import { createStaff } from '../../src/modules/accounts/staff.service';
import { createTestDeps, startTestServer, testConfig, type TestServer } from '../harness';

let sandbox: RunningSandbox;
let t: TestServer;
beforeAll(async () => {
  sandbox = await startSandbox({ dir: fs.mkdtempSync(path.join(os.tmpdir(), 'sandbox-client-')) });
  t = await startTestServer({ deps: createTestDeps(testConfig(sandbox.portalEnv({}))) });
  await createStaff(
    { kind: 'system', id: 'test' },
    {
      username: 'agent07',
      name: '客服小周',
      password: 'correct-horse',
      roles: ['agent'],
      areas: ['CY'],
      skills: [],
    },
  );
});
afterAll(async () => {
  await t.close();
  await sandbox.stop();
});

/** Node's fetch as the transport (what the console does in the browser), recording each request. */
function wire() {
  const requests: string[] = [];
  const transport: Transport = async (req) => {
    requests.push(`${req.method} ${new URL(req.url).pathname}`);
    const res = await fetch(req.url, {
      method: req.method,
      headers: req.headers,
      body: req.body === undefined ? undefined : JSON.stringify(req.body),
      signal: req.signal,
    });
    const body =
      req.responseType === 'raw'
        ? Buffer.from(await res.arrayBuffer())
        : await res.json().catch(() => undefined);
    return { status: res.status, body };
  };
  const upload: UploadTransport<{ bytes: Buffer; name: string }> = async (req) => {
    requests.push(`UPLOAD ${new URL(req.url).pathname}`);
    const form = new FormData();
    form.append(req.field, new Blob([new Uint8Array(req.file.bytes)], { type: 'image/png' }), req.file.name);
    const res = await fetch(req.url, { method: 'POST', headers: req.headers, body: form });
    return { status: res.status, body: await res.json().catch(() => undefined) };
  };
  return {
    requests,
    transport,
    upload,
    refreshes: () => requests.filter((r) => r === 'POST /api/auth/refresh').length,
  };
}

function memorySessions(initial?: SessionTokens) {
  let current = initial;
  return {
    get: () => current,
    save: (s: RenewedSession) => void (current = { token: s.token, refreshToken: s.refreshToken }),
    clear: () => void (current = undefined),
  };
}

/** A session token that expired a minute ago, for the same person. */
const expired = (auth: Parameters<TestServer['deps']['tokens']['sign']>[0]) => t.deps.tokens.sign(auth, -60);

const expiredStaffToken = (staff: { id: string; username: string; roles: StaffRole[]; areas: string[] }) =>
  expired({
    kind: 'staff',
    staffId: staff.id,
    username: staff.username,
    roles: staff.roles,
    areas: staff.areas,
  });

async function signedInStaff() {
  const w = wire();
  const sessions = memorySessions();
  const api = createApiClient({ audience: 'staff', baseUrl: t.url, transport: w.transport, sessions });
  const session = await api.call('staffLogin', { body: { username: 'agent07', password: 'correct-horse' } });
  sessions.save(session);
  return { w, api, sessions, session };
}

describe('the typed API client against the portal', () => {
  it('signs a resident in through WeChat once when several pages ask at the same time', async () => {
    const w = wire();
    const sessions = memorySessions();
    let logins = 0;
    const api: ApiClient<'resident'> = createApiClient({
      audience: 'resident',
      baseUrl: t.url,
      transport: w.transport,
      sessions,
      login: async () => {
        logins += 1;
        const { code } = await sandbox.client.mintLoginCode({ openid: 'o_client_once', app: 'mp' });
        return api.call('wechatLogin', { body: { code } });
      },
    });
    const [me, accounts, subscriptions] = await Promise.all([
      api.call('getMe'),
      api.call('listMyAccounts'),
      api.call('getMySubscriptions'),
    ]);
    expect(logins).toBe(1);
    expect(me.hasMiniProgram).toBe(true);
    expect(accounts.items).toEqual([]);
    expect(Array.isArray(subscriptions.templates)).toBe(true);
    expect(w.requests.filter((r) => r === 'POST /api/auth/wechat-login')).toHaveLength(1);
  });

  it('renews an expired staff session once, with the single-use refresh token, for every call that failed together', async () => {
    const { w, api, sessions, session } = await signedInStaff();
    const { staff } = session;
    sessions.save({
      token: await expiredStaffToken(staff),
      refreshToken: session.refreshToken,
    });
    const [me, areas, desk, sessionsList] = await Promise.all([
      api.call('getStaffMe'),
      api.call('listAreas'),
      api.call('getChatAgentStatus'),
      api.call('listChatSessions', { query: {} }),
    ]);
    expect(me.username).toBe('agent07');
    expect(Array.isArray(areas.districts)).toBe(true);
    expect(desk.status).toBeDefined();
    expect(Array.isArray(sessionsList.items)).toBe(true);
    expect(w.refreshes()).toBe(1);
    expect(sessions.get()!.refreshToken).not.toBe(session.refreshToken);

    // The rotated refresh token renews the next expiry too: the family was not revoked.
    sessions.save({
      token: await expiredStaffToken(staff),
      refreshToken: sessions.get()!.refreshToken,
    });
    await expect(api.call('getStaffMe')).resolves.toMatchObject({ username: 'agent07' });
    expect(w.refreshes()).toBe(2);
  });

  it('ends the staff session when its refresh token is refused', async () => {
    const { api, sessions, session } = await signedInStaff();
    const { staff } = session;
    sessions.save({
      token: await expiredStaffToken(staff),
      refreshToken: 'not-a-refresh-token-at-all-000000',
    });
    const error = await api.call('getStaffMe').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(401);
    expect(sessions.get()).toBeUndefined();
  });

  it('uploads a photo with an expired session through the same renewal, then fetches it back as a file', async () => {
    const w = wire();
    const sessions = memorySessions();
    const api = createApiClient({
      audience: 'resident',
      baseUrl: t.url,
      transport: w.transport,
      upload: w.upload,
      sessions,
    });
    const { code } = await sandbox.client.mintLoginCode({ openid: 'o_client_photo', app: 'mp' });
    const session = await api.call('wechatLogin', { body: { code } });
    sessions.save({
      token: await expired({
        kind: 'resident',
        userId: session.user.id,
        openid: 'o_client_photo',
        app: 'mp',
      }),
      refreshToken: session.refreshToken,
    });

    const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#c00' } })
      .png()
      .toBuffer();
    const photo = await api.upload('uploadPhoto', { file: { bytes: png, name: 'leak.png' } });
    expect(photo.id).toMatch(/^[0-9a-f]{24}$/);
    expect(w.refreshes()).toBe(1);
    expect(w.requests.filter((r) => r === 'UPLOAD /api/uploads')).toHaveLength(2);

    const bytes = await api.call('getPhoto', { params: { id: photo.id } });
    expect(Buffer.isBuffer(bytes) && bytes.length > 0).toBe(true);
  });

  it('reports the server’s validation problems field by field', async () => {
    const { api } = await signedInStaff();
    const error = (await api
      .call('addCustomerNote', { params: { accountNo: '3101000123' }, body: { text: '' } })
      .catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(400);
    expect(error.fields.map((f) => f.path)).toContain('body.text');
  });
});
