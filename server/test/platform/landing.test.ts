/** Where a newcomer lands: / links the apps and the API reference; /docs draws /openapi.json with Swagger UI served locally. */
import { H5_BASE_PATH } from '@portal/types';
import { startTestServer, type TestServer } from '../harness';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ features: [] });
});
afterAll(() => t.close());

const get = async (p: string) => {
  const res = await fetch(`${t.url}${p}`);
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
};

it('answers / with a page linking the resident H5, the console and the API reference', async () => {
  const page = await get('/');
  expect(page.status).toBe(200);
  expect(page.type).toMatch(/^text\/html/);
  const links = [...page.text.matchAll(/href="([^"]+)"/g)].map((m) => m[1]);
  expect(links).toEqual(expect.arrayContaining([`${H5_BASE_PATH}/`, '/console/', '/docs', '/openapi.json']));
});

it('serves the API reference from this process: no CDN, the document from /openapi.json', async () => {
  const docs = await get('/docs');
  expect(docs.status).toBe(200);
  expect(docs.text).toContain("url: '/openapi.json'");
  const assets = [...docs.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
  expect(assets.length).toBeGreaterThan(0);
  for (const a of assets) {
    expect(a.startsWith('/docs/assets/')).toBe(true);
    const asset = await get(a);
    expect(asset.status).toBe(200);
    expect(asset.text.length).toBeGreaterThan(100);
  }
  expect((await get('/docs/assets/swagger-ui-bundle.js')).type).toMatch(/javascript/);
});

it('serves only the reference assets, and leaves other paths to the API (JSON 404)', async () => {
  expect((await get('/docs/assets/package.json')).status).toBe(404);
  expect((await get('/docs/assets/..%2F..%2Fpackage.json')).status).toBe(404);
  const missing = await get('/nowhere');
  expect(missing.status).toBe(404);
  expect(missing.type).toMatch(/json/);
});
