/**
 * 修改 a published notice in the real console against the demo portal: the operator edits the reason on
 * the notice's page, the 变更记录 shows the change, and through the API the notice carries exactly one
 * update push naming the field, however often the page is reloaded.
 */
import { antButton as button, screenshot, settledModal, useE2E, toastShown } from './harness';

const ACCOUNT = '3100000001'; // bound to the demo resident (accounts demo seed)
const e2e = useE2E();

it('an operator edits a published notice and the change is recorded once, as residents are told', async () => {
  const login = await e2e.portal.api<{ token: string }>('POST', '/api/staff/login', {
    body: { username: 'operator', password: 'operator123' },
  });
  const token = login.body.token;
  const at = (h: number) => new Date(e2e.portal.deps.clock.now().getTime() + h * 3_600_000).toISOString();
  const created = await e2e.portal.api('POST', '/api/staff/notices', {
    token,
    body: {
      utility: 'gas',
      kind: 'planned',
      reason: '中压管道迁改施工',
      startAt: at(72),
      expectedEndAt: at(80),
      target: { accountNos: [ACCOUNT] },
    },
  });
  expect(created.status).toBe(201);
  const id: string = created.body.id;
  expect(
    (await e2e.portal.api('POST', `/api/staff/notices/${id}/publish`, { token, body: {} })).body.status,
  ).toBe('published');

  const page = await e2e.consolePage('operator');
  await page.goto(`${e2e.portal.url}/console/notices/${id}`);
  await button(page, '修改').click();
  const dialog = await settledModal(page);
  await dialog.getByLabel('原因').fill('施工延期,管道焊接未完成');
  await button(dialog, '保存').click();
  await toastShown(page, '已保存,变更将告知已通知的居民');
  const history = page.locator('.ant-card', { hasText: '变更记录' });
  await history.getByText('原因:中压管道迁改施工 → 施工延期,管道焊接未完成').waitFor();
  await screenshot(page, 'console-notice-change');

  await page.reload();
  await history.getByText('原因:中压管道迁改施工 → 施工延期,管道焊接未完成').waitFor();
  const notice = await e2e.portal.api('GET', `/api/staff/notices/${id}`, { token });
  expect(notice.body.reason).toBe('施工延期,管道焊接未完成');
  expect(notice.body.pushes.map((p: { reason: string }) => p.reason)).toEqual(['publish', 'update']);
  expect(notice.body.pushes[1]).toMatchObject({
    by: 'operator',
    changes: [{ field: 'reason', from: '中压管道迁改施工', to: '施工延期,管道焊接未完成' }],
  });
});
