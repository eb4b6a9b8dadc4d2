/**
 * Load for the bench: "create orders with auto-dispatch". prepareDispatchLoad sets up a district with
 * a dispatch rule, technicians on shift and accounts; createOrdersLoad files `count` orders over real
 * HTTP with `concurrency` in flight (an agent filing for customers) and reports orders/s.
 *
 *   const fx = await prepareDispatchLoad(t.deps, { accounts: 200, technicians: 20 });
 *   const r = await createOrdersLoad({ url: t.url, ...fx, count: 2000, concurrency: 32 });
 */
import type { AppDeps } from '../../src/deps';
import { DispatchRuleModel } from '../../src/modules/workorders/config/config.model';
import { installWorkOrderDefaults } from '../../src/modules/workorders/config/configs';
import { makeAccount, makeStaff } from '../factories';
import { request } from '../harness';

export async function prepareDispatchLoad(
  deps: AppDeps,
  opts: { accounts?: number; technicians?: number; area?: string } = {},
) {
  const area = opts.area ?? 'BN';
  await installWorkOrderDefaults({ dispatchRules: false });
  await DispatchRuleModel.updateOne(
    { key: `bench-${area}` },
    {
      $set: {
        key: `bench-${area}`,
        label: 'bench',
        type: 'repair',
        areaPrefix: area,
        team: `bench-${area}`,
        skill: 'gas-repair',
        order: 1,
        enabled: true,
      },
    },
    { upsert: true },
  );
  for (let i = 0; i < (opts.technicians ?? 20); i++) {
    await makeStaff(deps, ['technician'], {
      team: `bench-${area}`,
      skills: ['gas-repair'],
      areas: [area],
      name: `压测${i}`,
    });
  }
  const accountNos: string[] = [];
  for (let i = 0; i < (opts.accounts ?? 100); i++)
    accountNos.push((await makeAccount({ areaCode: `${area}-${i % 10}` })).accountNo);
  const agent = await makeStaff(deps, ['agent'], { areas: [area] });
  return { token: agent.token, accountNos };
}

export async function createOrdersLoad(opts: {
  url: string;
  token: string;
  accountNos: string[];
  count: number;
  concurrency?: number;
}) {
  let next = 0;
  let ok = 0;
  let dispatched = 0;
  const failures: number[] = [];
  const started = performance.now();
  const worker = async () => {
    while (next < opts.count) {
      const i = next++;
      const r = await request(opts.url, 'POST', '/api/work-orders', {
        token: opts.token,
        body: {
          accountNo: opts.accountNos[i % opts.accountNos.length],
          category: 'indoorFault',
          description: `压测工单 ${i}`,
        },
      });
      if (r.status === 201) {
        ok++;
        if (r.body.status === 'dispatched') dispatched++;
      } else failures.push(r.status);
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency ?? 16 }, worker));
  const seconds = (performance.now() - started) / 1000;
  return { count: opts.count, ok, dispatched, failures: failures.length, seconds, perSecond: ok / seconds };
}
