import { uploadPng } from '../factories';
import { createTestDeps, startTestServer, testClock, testConfig, type TestServer } from '../harness';
import { householder } from '../workorders/fixtures';

let t: TestServer;
const clock = testClock();
beforeAll(async () => {
  t = await startTestServer({ deps: createTestDeps(testConfig(), { clock }) });
});
afterAll(() => t.close());

const upload = (token: string, color: string) => uploadPng(t, token, { color, width: 64, height: 48 });
const get = (path: string, token?: string) =>
  fetch(`${t.url}${path}`, token ? { headers: { authorization: `Bearer ${token}` } } : {});

describe('signed photo URLs (for <Image src>, which cannot send a token)', () => {
  it('a work order and a chat message give URLs that open the photo without a token, and only that photo', async () => {
    const { account, resident } = await householder(t.deps, 'SG-1');
    const mine = await upload(resident.token, '#c33');
    const other = await upload(resident.token, '#33c');

    const order = await t.api('POST', '/api/work-orders', {
      token: resident.token,
      body: { accountNo: account.accountNo, description: '灶具漏气', photos: [mine.id] },
    });
    expect(order.status).toBe(201);
    const detail = await t.api('GET', `/api/work-orders/${order.body.orderNo}`, { token: resident.token });
    const { url, thumbUrl } = detail.body.photos[0];
    expect(url).toMatch(/^\/api\/uploads\/[0-9a-f]{24}\?exp=\d+&sig=/);
    const full = await get(url);
    expect(full.status).toBe(200);
    expect(full.headers.get('content-type')).toBe('image/png');
    const thumb = await get(thumbUrl);
    expect(thumb.status).toBe(200);
    expect(thumb.headers.get('content-type')).toBe('image/jpeg');

    // The bearer-token path still works; the bare path without a token does not.
    expect((await get(`/api/uploads/${mine.id}`, resident.token)).status).toBe(200);
    expect((await get(`/api/uploads/${mine.id}`)).status).toBe(401);

    // A signature for one photo does not open another, nor the other variant of the same photo.
    const query = url.slice(url.indexOf('?'));
    expect((await get(`/api/uploads/${other.id}${query}`)).status).toBe(401);
    expect((await get(`/api/uploads/${mine.id}/thumb${query}`)).status).toBe(401);

    // Tampered signature or expiry.
    const sig = new URL(url, t.url).searchParams.get('sig')!;
    const exp = Number(new URL(url, t.url).searchParams.get('exp'));
    const flipped = (sig[0] === 'A' ? 'B' : 'A') + sig.slice(1);
    expect((await get(`/api/uploads/${mine.id}?exp=${exp}&sig=${flipped}`)).status).toBe(401);
    expect((await get(`/api/uploads/${mine.id}?exp=${exp + 300}&sig=${sig}`)).status).toBe(401);

    // Chat: an image message carries signed URLs too.
    const opened = await t.api('POST', '/api/chat/sessions', { token: resident.token, body: {} });
    expect(opened.status).toBeLessThan(300);
    const sent = await t.api('POST', `/api/chat/sessions/${opened.body.session.id}/messages`, {
      token: resident.token,
      body: { kind: 'image', photoId: other.id, clientMsgId: 'img-1' },
    });
    expect(sent.status).toBe(201);
    expect((await get(sent.body.photo.thumbUrl)).status).toBe(200);
    const page = await t.api('GET', `/api/chat/sessions/${opened.body.session.id}/messages`, {
      token: resident.token,
    });
    expect(
      (await get(page.body.items.find((m: { kind: string }) => m.kind === 'image').photo.url)).status,
    ).toBe(200);

    // A URL stops working once expired (10–15 minutes).
    clock.advance(16 * 60_000);
    expect((await get(url)).status).toBe(401);
  });

  it('refuses a malformed signature query with the field named', async () => {
    const res = await t.api('GET', '/api/uploads/0123456789abcdef01234567?exp=soon&sig=x');
    expect(res.status).toBe(400);
    expect(res.body.error.fields[0].path).toBe('query.exp');
  });
});
