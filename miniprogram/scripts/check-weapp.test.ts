/**
 * @jest-environment node
 *
 * WeChat's own tools (scripts/check-weapp.cjs) refuse a broken mini-program: a small project they
 * accept, and a copy of it with a page app.json names but nobody built and an unclosed tag.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const CHECK = path.join(__dirname, 'check-weapp.cjs');
const FIXTURE = path.join(__dirname, 'fixtures', 'weapp');

const check = (dir: string) =>
  new Promise<{ code: number; output: string }>((resolve) => {
    execFile(process.execPath, [CHECK, dir], { maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) =>
      resolve({
        code: err ? Number((err as { code?: number }).code ?? 1) : 0,
        output: `${stdout}\n${stderr}`,
      }),
    );
  });

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'weapp-check-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function brokenCopy(): string {
  const dir = path.join(tmp, 'broken');
  fs.cpSync(FIXTURE, dir, { recursive: true });
  // app.json names a page of the subpackage that was never built…
  const app = JSON.parse(fs.readFileSync(path.join(dir, 'app.json'), 'utf8'));
  app.subPackages[0].pages.push('detail/index');
  fs.writeFileSync(path.join(dir, 'app.json'), JSON.stringify(app));
  // …and a page leaves a tag open.
  const wxml = path.join(dir, app.pages[0] + '.wxml');
  fs.writeFileSync(wxml, fs.readFileSync(wxml, 'utf8').replace('</text>', ''));
  return dir;
}

it('accepts a sound mini-program and refuses a copy with a missing page and an unclosed tag', async () => {
  const [sound, broken] = await Promise.all([check(FIXTURE), check(brokenCopy())]);
  expect(sound.output).toContain("WeChat's tools accept");
  expect(sound.code).toBe(0);

  expect(broken.code).toBe(1);
  expect(broken.output).toContain("WeChat's tools refuse");
  expect(broken.output).toMatch(/detail\/index/); // the missing page, by miniprogram-ci
  expect(broken.output).toMatch(/wcc: .*expect end-tag `text`/); // the open tag, by WeChat's WXML compiler
}, 600_000);
