/**
 * Demo data for work orders (runs after the accounts seeder): the defaults, a technician team per
 * district and the city-wide teams the default dispatch rules name, slots for the next two weeks, and a few hundred historic orders across districts, types
 * and statuses with realistic timestamps, which the KPI cockpit reads, and the SLA clocks their histories ran
 * (`slaClocks.ts`): the board counts down and the escalations inbox has its entries; the materials finished
 * orders recorded (工单成本), and the 回访 tasks sampling would have opened (`followUps.ts`).
 */
import type { AppDeps } from '../deps';
import { AccountModel } from '../modules/accounts/account.model';
import { hashPassword } from '../modules/accounts/password';
import { StaffModel } from '../modules/accounts/staff.model';
import { createSlots } from '../modules/workorders/appointments/appointment.service';
import { dayOf } from '../platform/time';
import { AreaCentreModel, DispatchRuleModel } from '../modules/workorders/config/config.model';
import { MaterialModel } from '../modules/workorders/field/material.model';
import { activeMaterials } from '../modules/workorders/field/materials.service';
import { materialCostOf, materialLine } from '../modules/workorders/field/orderWork.service';
import { dispatchRules, installWorkOrderDefaults } from '../modules/workorders/config/configs';
import { matchRule } from '../modules/workorders/dispatch/dispatch.service';
import { DEFAULT_DISPATCH_RULES, DEFAULT_NODE_CONFIGS } from '../modules/workorders/config/defaults';
import { seedFollowUps } from './followUps';
import { historicClocks, saveHistoricClocks, type OrderClocks } from './slaClocks';
import { WorkOrderCounterModel, WorkOrderModel } from '../modules/workorders/orders/workorder.model';

const MIN = 60_000;
/** Minutes a step takes, from and span (the rest: 20 to 110), within the SLA policies most of the time. */
const STEP_MINUTES: Record<string, [number, number]> = {
  taken: [3, 30],
  departed: [5, 25],
  arrived: [15, 60],
};
const TYPES = [
  ['repair', 40],
  ['inspection', 20],
  ['installation', 8],
  ['activation', 6],
  ['meterChange', 8],
  ['complaint', 8],
  ['consultation', 8],
  ['accountTransfer', 2],
] as const;
const REPAIR_CATEGORIES = [
  'indoorFault',
  'indoorFault',
  'applianceFault',
  'meterFault',
  'noGas',
  'gasLeak',
  'lowPressure',
] as const;
const DESCRIPTIONS: Record<string, string> = {
  indoorFault: '厨房燃气灶打不着火',
  applianceFault: '热水器点火后熄灭',
  meterFault: '燃气表不走字',
  noGas: '家里突然没气了',
  gasLeak: '楼道里有燃气味',
  lowPressure: '火苗很小',
  other: '需要上门服务',
};

/** What a technician records using, by order type or repair category: [code, quantity from, quantity span, share]. */
const USED: Record<string, [string, number, number, number][]> = {
  indoorFault: [
    ['SEAL-TAPE', 1, 0, 0.8],
    ['HOSE-12', 1, 0, 0.4],
  ],
  applianceFault: [
    ['HOSE-12', 1, 0, 0.7],
    ['SEAL-TAPE', 1, 0, 0.5],
  ],
  meterFault: [
    ['VALVE-DN15', 1, 0, 0.6],
    ['SEAL-TAPE', 1, 0, 0.9],
  ],
  gasLeak: [
    ['HOSE-12', 1, 0, 0.8],
    ['VALVE-DN15', 1, 0, 0.3],
    ['SEAL-TAPE', 1, 1, 1],
  ],
  lowPressure: [
    ['PIPE-DN15', 1, 2, 0.5],
    ['SEAL-TAPE', 1, 0, 0.7],
  ],
  installation: [
    ['PIPE-DN15', 3, 6, 1],
    ['VALVE-DN15', 1, 1, 1],
    ['DETECTOR', 1, 0, 0.5],
    ['SEAL-TAPE', 1, 1, 1],
  ],
  meterChange: [
    ['SEAL-TAPE', 1, 0, 1],
    ['HOSE-12', 1, 0, 0.2],
  ],
  activation: [
    ['SEAL-TAPE', 1, 0, 1],
    ['DETECTOR', 1, 0, 0.3],
  ],
  inspection: [
    ['HOSE-12', 1, 0, 0.15],
    ['DETECTOR', 1, 0, 0.05],
  ],
};

const workRecord = (materials: { costFen: number }[], at: Date) => ({
  materials,
  materialCostFen: materialCostOf(materials),
  workRecordedAt: at,
});

/** The skills the default dispatch rules name, each district technician having them all. */
const DEMO_SKILLS = [...new Set(DEFAULT_DISPATCH_RULES.map((r) => r.skill))];
const REPAIR_SKILL = DEFAULT_DISPATCH_RULES.find((r) => r.key === 'repair-cy')!.skill;

/** A district's repair team: the one its default rule names (朝阳维修组), else named the same way (西城维修组). */
function teamOf(code: string, district: string): string {
  const rule = DEFAULT_DISPATCH_RULES.find((r) => r.key === `repair-${code.toLowerCase()}`);
  return rule?.team ?? `${district.replace(/区$/, '') || code}维修组`;
}

/**
 * The city-wide teams the default rules send work to (抢修队, 安检组, 工程组, 表务组), two technicians each with
 * their rule's skill, covering every district: so every default rule has someone to dispatch to (派单规则's 可派技师).
 */
async function seedCityTeams(
  passwordHash: string,
  districts: string[],
): Promise<Map<string, DemoTechnician[]>> {
  const teams = new Map<string, Set<string>>();
  for (const r of DEFAULT_DISPATCH_RULES.filter((x) => !x.areaPrefix))
    teams.set(r.team, (teams.get(r.team) ?? new Set()).add(r.skill));
  const surnames = '郭何高林罗郑梁谢宋唐';
  const crews = new Map<string, DemoTechnician[]>();
  let n = 0;
  for (const [ti, [team, skills]] of [...teams].entries())
    for (let i = 0; i < 2; i++, n++) {
      const username = `tech_team${ti + 1}_${i + 1}`;
      const s = await StaffModel.findOneAndUpdate(
        { username },
        {
          $setOnInsert: {
            username,
            name: `${surnames[n % surnames.length]}师傅`,
            phone: `1392${String(1000000 + n).slice(-7)}`,
            passwordHash,
            roles: ['technician'],
            areas: districts,
            skills: [...skills],
            team,
            onShift: true,
          },
        },
        { upsert: true, new: true },
      ).lean();
      crews.set(team, [
        ...(crews.get(team) ?? []),
        { id: String(s!._id), name: s!.name, phone: s!.phone ?? '' },
      ]);
    }
  return crews;
}

type DemoTechnician = { id: string; name: string; phone: string };

/** A small deterministic random so the demo looks the same on every machine. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

export async function seedWorkOrders(deps: AppDeps, opts: { orders?: number } = {}): Promise<void> {
  await installWorkOrderDefaults();
  const accounts = await AccountModel.find(
    { status: 'active' },
    { accountNo: 1, areaCode: 1, address: 1, holder: 1 },
  )
    .limit(2000)
    .lean();
  if (!accounts.length) return;
  const districts = [...new Set(accounts.map((a) => a.areaCode.split('-')[0]))];
  const districtName = new Map(accounts.map((a) => [a.areaCode.split('-')[0], a.address?.district ?? '']));
  const password = await hashPassword('demo1234');
  const techs: { id: string; name: string; phone: string; district: string }[] = [];
  const surnames = '王李张刘陈杨赵黄周吴';
  for (const [di, d] of districts.entries()) {
    const team = teamOf(d, districtName.get(d) ?? d);
    // The district's repairs go to its team: the default rule where there is one (朝阳, 海淀, 东城), else one
    // written the same way.
    await DispatchRuleModel.updateOne(
      { key: `repair-${d.toLowerCase()}` },
      {
        $setOnInsert: {
          key: `repair-${d.toLowerCase()}`,
          label: `${districtName.get(d) || d}报修 → ${team}`,
          type: 'repair',
          areaPrefix: d,
          team,
          skill: REPAIR_SKILL,
          order: 100,
          enabled: true,
        },
      },
      { upsert: true },
    );
    for (let i = 0; i < 3; i++) {
      const username = `tech_${d.toLowerCase()}_${i + 1}`;
      const name = `${surnames[(di * 3 + i) % surnames.length]}师傅`;
      const phone = `139${String(10000000 + di * 10 + i).slice(-8)}`;
      const s = await StaffModel.findOneAndUpdate(
        { username },
        {
          $setOnInsert: {
            username,
            name,
            phone,
            passwordHash: password,
            roles: ['technician'],
            areas: [d],
            skills: DEMO_SKILLS,
            team,
            onShift: true,
          },
        },
        { upsert: true, new: true },
      ).lean();
      techs.push({ id: String(s!._id), name, phone, district: d });
    }
    await StaffModel.updateOne(
      { username: `supervisor_${d.toLowerCase()}` },
      {
        $setOnInsert: {
          username: `supervisor_${d.toLowerCase()}`,
          name: `${d}主管`,
          passwordHash: password,
          roles: ['supervisor'],
          areas: [d],
          onShift: true,
        },
      },
      { upsert: true },
    );
  }

  const crews = await seedCityTeams(password, districts);
  const rules = await dispatchRules();

  // Area centres (dispatch measures from them when a household shared no position) and a small catalogue.
  const CENTRES: Record<string, [string, number, number]> = {
    CY: ['朝阳区', 39.9219, 116.4436],
    HD: ['海淀区', 39.9593, 116.2981],
    XC: ['西城区', 39.9123, 116.366],
    DC: ['东城区', 39.9285, 116.416],
    FT: ['丰台区', 39.8585, 116.2863],
  };
  for (const d of districts.filter((x) => CENTRES[x])) {
    const [label, lat, lng] = CENTRES[d]!;
    await AreaCentreModel.updateOne(
      { areaPrefix: d },
      { $setOnInsert: { areaPrefix: d, label, lat, lng } },
      { upsert: true },
    );
  }
  const MATERIALS = [
    ['HOSE-12', '燃气软管', '1.2米', '根', 2800],
    ['VALVE-DN15', '球阀', 'DN15', '个', 3500],
    ['PIPE-DN15', '镀锌管', 'DN15', '米', 1250],
    ['SEAL-TAPE', '生料带', '', '卷', 300],
    ['DETECTOR', '燃气报警器', '家用', '台', 16800],
  ] as const;
  for (const [code, name, spec, unit, unitCostFen] of MATERIALS)
    await MaterialModel.updateOne(
      { code },
      { $setOnInsert: { code, name, spec: spec || undefined, unit, unitCostFen, active: true } },
      { upsert: true },
    );

  const today = dayOf(deps.clock.now());
  for (const d of districts) {
    for (const type of ['repair', 'inspection', 'installation', 'meterChange'] as const) {
      await createSlots({
        areaCode: d,
        type,
        from: today,
        days: 14,
        capacity: 6,
        skipWeekends: type !== 'repair',
      });
    }
  }

  const rand = rng(20261122);
  // Materials draw on their own sequence, so the orders above them stay as they were.
  const materialRand = rng(20261206);
  const catalogue = await activeMaterials(MATERIALS.map(([code]) => code));
  /** The materials a finished field order records, as the technician's 登记用料 records them. */
  const materialsFor = (key: string) =>
    (USED[key] ?? []).flatMap(([code, from, span, share]) =>
      materialRand() < share
        ? [materialLine(catalogue.get(code)!, from + Math.round(materialRand() * span * 2) / 2)]
        : [],
    );
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  const weighted = () => {
    let r = rand() * 100;
    for (const [type, w] of TYPES) if ((r -= w) < 0) return type;
    return 'repair';
  };
  const now = deps.clock.now().getTime();
  const perDay = new Map<string, number>();
  const docs = [];
  const clocks: OrderClocks[] = [];
  for (let i = 0; i < (opts.orders ?? 400); i++) {
    const a = pick(accounts);
    const type = weighted();
    const category = type === 'repair' ? pick(REPAIR_CATEGORIES) : 'other';
    const created = now - Math.floor(rand() * 90 * 24 * 60) * MIN;
    const day = dayOf(created).replaceAll('-', '');
    const n = (perDay.get(day) ?? 0) + 1;
    perDay.set(day, n);
    const nodes = DEFAULT_NODE_CONFIGS[type].nodes;
    const district = a.areaCode.split('-')[0];
    const tech = pick(
      techs.filter((x) => x.district === district).length
        ? techs.filter((x) => x.district === district)
        : techs,
    );
    // Who took it: the team the rules pick (a leak's 抢修队, an inspection's 安检组), else the district's.
    const rule = matchRule(rules, { type, areaCode: a.areaCode, category });
    const crew = rule ? crews.get(rule.team) : undefined;
    const worker = crew ? crew[i % crew.length]! : tech;
    const team = crew ? rule!.team : teamOf(district, districtName.get(district) ?? district);
    const age = (now - created) / MIN;
    // Orders older than a week are finished; later ones are spread along the flow.
    const finished = age > 7 * 24 * 60 || rand() < 0.4;
    const cancelled = rand() < 0.04;
    const lastIdx = cancelled
      ? 1
      : finished
        ? nodes.length - 1
        : Math.min(nodes.length - 2, 1 + Math.floor(rand() * (nodes.length - 3)));
    const urgent = category === 'gasLeak';
    const history = [];
    let at = created;
    let prev = 'new';
    for (let k = 0; k <= lastIdx; k++) {
      const node = nodes[k];
      const [from, span] = STEP_MINUTES[node.key] ?? [20, 90];
      if (k > 0)
        at += Math.round((urgent ? 5 : from + rand() * span) * MIN * (node.key === 'completed' ? 2 : 1));
      if (at > now) at = now - MIN;
      history.push({
        at: new Date(at),
        action: k === 0 ? 'create' : node.key === 'rated' ? 'rate' : (node.action ?? 'advance'),
        from: prev,
        to: node.key,
        by:
          k === 0
            ? { kind: 'resident' }
            : node.assigneeOnly
              ? { kind: 'staff', id: worker.id, name: worker.name }
              : { kind: 'system', name: '自动派单' },
      });
      prev = node.key;
    }
    const status = cancelled ? 'cancelled' : nodes[lastIdx].key;
    if (cancelled)
      history.push({
        at: new Date(at + 10 * MIN),
        action: 'cancel',
        from: prev,
        to: 'cancelled',
        by: { kind: 'resident' },
      });
    const doneIdx = nodes.findIndex((x) => x.key === 'completed');
    const resolvedAt = !cancelled && lastIdx >= doneIdx ? history[doneIdx].at : undefined;
    const score =
      resolvedAt && nodes[lastIdx].key !== 'completed'
        ? rand() < 0.85
          ? 5 - Math.floor(rand() * 2)
          : 1 + Math.floor(rand() * 3)
        : undefined;
    const assigned = lastIdx >= 1 && nodes.some((x) => x.key === 'dispatched');
    const order = {
      orderNo: `WO${day}${String(n).padStart(4, '0')}`,
      accountNo: a.accountNo,
      areaCode: a.areaCode,
      type,
      category,
      priority: urgent ? 'urgent' : rand() < 0.15 ? 'high' : 'normal',
      status,
      state: cancelled
        ? 'cancelled'
        : nodes[lastIdx].key === 'closed'
          ? 'closed'
          : resolvedAt
            ? 'resolved'
            : 'open',
      description: DESCRIPTIONS[category] ?? '需要上门服务',
      address: `${a.address?.district ?? ''}${a.address?.community ?? ''}`,
      contactPhone: a.holder?.phone ?? undefined,
      contactName: a.holder?.name,
      channel: pick(['mp', 'mp', 'mp', 'oa', 'console', 'phone']),
      createdBy: { kind: 'resident' },
      ...(assigned
        ? {
            assigneeId: worker.id,
            assigneeName: worker.name,
            assigneePhone: worker.phone,
            team,
          }
        : {}),
      ...(resolvedAt ? { resolvedAt, labourMinutes: 20 + Math.floor(rand() * 100) } : {}),
      // 登记用料: every finished order a technician worked records what it used, read by 工单成本.
      ...(resolvedAt && assigned
        ? workRecord(materialsFor(type === 'repair' ? category : type), resolvedAt)
        : {}),
      // History: the seeded accounts already show the holder after these 过户, so they are not applied again.
      ...(resolvedAt && type === 'accountTransfer' ? { occupancyAppliedAt: resolvedAt } : {}),
      ...(score
        ? {
            rating: {
              score,
              tags: score >= 4 ? ['准时', '专业'] : ['响应慢'],
              at: new Date(resolvedAt!.getTime() + 3 * 3600_000),
            },
            closedAt: new Date(resolvedAt!.getTime() + 3 * 3600_000),
          }
        : {}),
      seq: history.length,
      history,
      createdAt: new Date(created),
      updatedAt: new Date(at),
    };
    const c = await historicClocks(order, nodes, new Date(now));
    clocks.push(c);
    docs.push({
      ...order,
      ...(c.dueAt ? { slaDueAt: c.dueAt } : {}),
      escalated: order.state === 'open' && c.escalations.length > 0,
      ...(c.escalations.length ? { escalationLevel: c.escalations.length } : {}),
    });
  }
  await WorkOrderModel.insertMany(docs, { ordered: false }).catch((e: { code?: number }) => {
    if (e.code !== 11000) throw e;
  });
  await saveHistoricClocks(docs, clocks);
  await seedFollowUps(deps, docs, rng(20261207));
  for (const [day, n] of perDay)
    await WorkOrderCounterModel.updateOne({ _id: day }, { $max: { n } }, { upsert: true });
}
