/**
 * POST /api/uploads takes a multipart file or raw image bytes. Any other body (JSON, text, a form) is
 * answered 415 at once instead of holding the connection open, and multipart still works.
 */
import sharp from 'sharp';
import { makeResident, makeStaff } from '../factories';
import { createTestDeps, startTestServer, type TestServer } from '../harness';

let t: TestServer;
let token: string;
beforeAll(async () => {
  t = await startTestServer({ deps: createTestDeps() });
  token = (await makeResident(t.deps)).token;
});
afterAll(() => t.close());

it.each([
  ['a JSON body', 'application/json', JSON.stringify({ file: 'aGVsbG8=' })],
  ['a text body', 'text/plain', 'hello'],
  ['a form body', 'application/x-www-form-urlencoded', 'file=hello'],
  ['a body of no stated type', undefined, Buffer.from('hello')],
])(
  'refuses %s with 415 and a Chinese message, without hanging',
  async (_name, type, rawBody) => {
    const res = await t.api('POST', '/api/uploads', {
      token,
      rawBody,
      headers: type ? { 'content-type': type } : {},
    });
    expect(res.status).toBe(415);
    expect(res.body.error).toMatchObject({
      code: 'UNSUPPORTED_MEDIA_TYPE',
      message: expect.stringMatching(/照片/),
    });
  },
  5_000,
);

it('still takes a photo sent as multipart/form-data, as wx.uploadFile sends it', async () => {
  const png = await sharp({ create: { width: 32, height: 32, channels: 3, background: '#3a3' } })
    .png()
    .toBuffer();
  const form = new FormData();
  form.append('file', new Blob([png], { type: 'image/png' }), 'meter.png');
  const res = await fetch(`${t.url}/api/uploads`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  expect(res.status).toBe(201);
});

it('refuses a photo over the limit with 413, sent either way', async () => {
  const big = Buffer.alloc(10 * 1024 * 1024 + 10, 1);
  const raw = await t.api('POST', '/api/uploads', {
    token,
    rawBody: big,
    headers: { 'content-type': 'image/jpeg' },
  });
  expect(raw.status).toBe(413);
  expect(raw.body.error.message).toMatch(/照片不能超过 10MB/);
  const form = new FormData();
  form.append('file', new Blob([big], { type: 'image/jpeg' }), 'big.jpg');
  const multipart = await fetch(`${t.url}/api/uploads`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  expect(multipart.status).toBe(413);
}, 30_000);

it('answers an import sent as JSON with 415 at once, through the same upload reader', async () => {
  const staff = await makeStaff(t.deps, ['admin']);
  const res = await t.api('POST', '/api/staff/imports?filename=a.csv', {
    token: staff.token,
    rawBody: JSON.stringify({ rows: [] }),
    headers: { 'content-type': 'application/json' },
  });
  expect(res.status).toBe(415);
  expect(res.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
}, 5_000);
