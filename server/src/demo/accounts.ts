/**
 * Demo data for accounts and identity: DEMO_ACCOUNTS households across five districts (deterministic,
 * so every demo looks the same), one staff login per role, and a demo resident bound to three homes.
 */
import type { AppDeps } from '../deps';
import { maskIdNumber } from '../platform/mask';
import { AccountModel } from '../modules/accounts/account.model';
import { BindingModel } from '../modules/accounts/binding.model';
import { hashPassword } from '../modules/accounts/password';
import { StaffModel } from '../modules/accounts/staff.model';
import { UserModel } from '../modules/accounts/user.model';

/** Console logins of the demo (printed in the README): username = role, password = role + "123". */
export const DEMO_STAFF = [
  { username: 'admin', password: 'admin123', name: '系统管理员', roles: ['admin'], areas: [] as string[] },
  { username: 'agent', password: 'agent123', name: '客服刘婷', roles: ['agent'], areas: [] },
  {
    username: 'dispatcher',
    password: 'dispatcher123',
    name: '调度王强',
    roles: ['dispatcher'],
    areas: ['CY', 'HD'],
  },
  {
    username: 'technician',
    password: 'technician123',
    name: '维修李师傅',
    roles: ['technician'],
    areas: ['CY'],
    skills: ['燃气维修', '燃气抢修', '安检', '表务'],
  },
  {
    username: 'supervisor',
    password: 'supervisor123',
    name: '主管赵敏',
    roles: ['supervisor'],
    areas: ['CY', 'HD', 'XC', 'DC', 'FT'],
  },
  { username: 'operator', password: 'operator123', name: '运营孙悦', roles: ['operator'], areas: [] },
  { username: 'manager', password: 'manager123', name: '经理周建国', roles: ['manager'], areas: [] },
] as const;

/** The demo resident: log in through the sandbox with this openid (mini-program) or unionid (H5). */
export const DEMO_RESIDENT = {
  openidMp: 'o_demo_resident_mp',
  openidOa: 'o_demo_resident_oa',
  unionid: 'u_demo_resident',
  nickname: '演示居民',
};

const DISTRICTS = [
  {
    name: '朝阳区',
    code: 'CY',
    communities: [
      ['望京园', 'WJY'],
      ['团结湖小区', 'TJH'],
      ['双井苑', 'SJY'],
      ['酒仙桥北里', 'JXQ'],
    ],
  },
  {
    name: '海淀区',
    code: 'HD',
    communities: [
      ['清河小区', 'QH'],
      ['万柳园', 'WL'],
      ['学院路南里', 'XYL'],
    ],
  },
  {
    name: '西城区',
    code: 'XC',
    communities: [
      ['金融街小区', 'JRJ'],
      ['白纸坊西里', 'BZF'],
    ],
  },
  {
    name: '东城区',
    code: 'DC',
    communities: [
      ['和平里', 'HPL'],
      ['东四十条', 'DSST'],
    ],
  },
  {
    name: '丰台区',
    code: 'FT',
    communities: [
      ['方庄芳古园', 'FZ'],
      ['丽泽雅园', 'LZ'],
    ],
  },
] as const;
const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN = [
  '伟',
  '芳',
  '娜',
  '秀英',
  '敏',
  '静',
  '丽',
  '强',
  '磊',
  '军',
  '洋',
  '勇',
  '艳',
  '杰',
  '娟',
  '涛',
  '明',
  '超',
  '秀兰',
  '霞',
  '平',
  '刚',
  '桂英',
  '建国',
  '志强',
  '淑珍',
  '玉兰',
  '海燕',
  '文华',
  '国庆',
];
const APPLIANCES = [
  { kind: '灶具', brands: ['方太', '老板', '华帝'] },
  { kind: '热水器', brands: ['林内', '能率', 'A.O.史密斯'] },
  { kind: '壁挂炉', brands: ['威能', '菲斯曼', '博世'] },
];
const TAGS = ['VIP', '困难户', '独居老人', '欠费风险'];

/** Small deterministic PRNG (mulberry32): the same demo data on every machine. */
function rng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function demoAccounts(count: number) {
  const r = rng(20261124);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const docs = [];
  for (let i = 0; i < count; i++) {
    const d = DISTRICTS[i % DISTRICTS.length]!;
    const [community, cCode] = d.communities[Math.floor(i / DISTRICTS.length) % d.communities.length]!;
    const utility = i % 10 === 7 ? 'water' : i % 10 === 9 ? 'heating' : 'gas';
    const customerType = i % 25 === 3 ? 'commercial' : i % 40 === 11 ? 'public' : 'residential';
    const installedAt = new Date(Date.UTC(2012 + (i % 12), i % 12, 1 + (i % 27)));
    const id = `1101${String(10 + (i % 8)).padStart(2, '0')}19${50 + (i % 45)}${String(1 + (i % 12)).padStart(2, '0')}${String(1 + (i % 28)).padStart(2, '0')}${String(1000 + i).slice(-4)}`;
    const tags = r() < 0.12 ? [pick(TAGS)] : [];
    docs.push({
      accountNo: `31${DISTRICTS.indexOf(d)}${String(i + 1).padStart(7, '0')}`,
      holder: {
        name: SURNAMES[Math.floor(r() * SURNAMES.length)]! + pick(GIVEN),
        phone: `1${pick(['38', '39', '35', '36', '37', '58', '86', '89'])}${String(Math.floor(r() * 1e8)).padStart(8, '0')}`,
        idNumberMasked: maskIdNumber(id),
      },
      address: {
        district: d.name,
        community,
        building: String(1 + (i % 18)),
        unit: String(1 + (i % 4)),
        room: String(100 * (1 + (i % 16)) + 1 + (i % 4)),
      },
      areaCode: `${d.code}-${cCode}`,
      utility,
      customerType,
      meters: [
        {
          meterNo: `${utility === 'gas' ? 'G' : utility === 'water' ? 'W' : 'H'}${String(20000000 + i * 7)}`,
          model:
            utility === 'gas'
              ? pick(['G2.5 膜式表', 'G4 物联网表', 'G1.6 IC卡表'])
              : utility === 'water'
                ? 'DN15 远传水表'
                : 'DN20 热量表',
          installedAt,
          lastReading: Math.round(200 + r() * 3000),
          lastReadingAt: new Date(Date.UTC(2026, 9, 25)),
        },
      ],
      appliances:
        utility === 'gas'
          ? APPLIANCES.filter((_, k) => k === 0 || r() < 0.5).map((a) => ({
              kind: a.kind,
              brand: pick(a.brands),
              installedAt,
            }))
          : [],
      contract: {
        no: `HT${installedAt.getUTCFullYear()}${String(i + 1).padStart(6, '0')}`,
        startAt: installedAt,
        // 集中供热 is charged by area: 居民 at the residential area price, 非居民 at theirs.
        tariff:
          customerType !== 'residential'
            ? 'non-residential'
            : utility === 'heating'
              ? 'heating-area'
              : 'residential-tiered',
        // 供暖面积 from the index (not the random stream, which would reshuffle every other demo field).
        ...(utility === 'heating' ? { heatingAreaM2: 55 + ((i * 37) % 90) + ((i * 7) % 10) / 10 } : {}),
      },
      status: i % 97 === 50 ? 'suspended' : i % 131 === 70 ? 'closed' : 'active',
      tags: i < 3 ? [] : tags,
      specialNeeds: tags.includes('独居老人') ? '独居老人,上门请先电话联系子女' : undefined,
      qrRevision: 1,
      notes: [],
    });
  }
  return docs;
}

export async function seedAccounts(deps: AppDeps): Promise<void> {
  const docs = demoAccounts(deps.config.DEMO_ACCOUNTS);
  for (let i = 0; i < docs.length; i += 1000) {
    await AccountModel.insertMany(docs.slice(i, i + 1000), { ordered: false }).catch(
      (e: { code?: number }) => {
        if (e.code !== 11000) throw e; // a re-run after a partial seed
      },
    );
  }
  for (const s of DEMO_STAFF) {
    await StaffModel.updateOne(
      { username: s.username },
      {
        $setOnInsert: {
          username: s.username,
          name: s.name,
          passwordHash: await hashPassword(s.password),
          roles: s.roles,
          areas: s.areas,
          skills: 'skills' in s ? s.skills : [],
          phone: '1390000' + String(DEMO_STAFF.indexOf(s)).padStart(4, '0'),
          wecomUserId: s.username, // WeCom alerts (the sandbox's application has them as members)
          onShift: true,
        },
      },
      { upsert: true },
    );
  }
  const user = await UserModel.findOneAndUpdate(
    { openidMp: DEMO_RESIDENT.openidMp },
    { $setOnInsert: { ...DEMO_RESIDENT, phone: '13800138000', lastLoginAt: new Date() } },
    { upsert: true, new: true },
  );
  const homes = docs.slice(0, 3);
  for (const [k, a] of homes.entries()) {
    const account = await AccountModel.findOne({ accountNo: a.accountNo }, { _id: 1 }).lean();
    if (!account) continue;
    await BindingModel.updateOne(
      { userId: user._id, accountNo: a.accountNo },
      {
        $setOnInsert: {
          userId: user._id,
          accountId: account._id,
          accountNo: a.accountNo,
          relation: k === 0 ? 'self' : 'family',
          proof: 'holderName',
          isDefault: k === 0,
        },
      },
      { upsert: true },
    );
  }
  deps.logger.info(
    { accounts: docs.length, staff: DEMO_STAFF.length, residentAccounts: homes.map((h) => h.accountNo) },
    'demo accounts seeded',
  );
}
