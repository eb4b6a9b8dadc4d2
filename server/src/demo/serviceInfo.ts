/**
 * Demo information pages: one 营业厅 per demo district (GCJ-02 coordinates near the real district
 * centres) and the guides a utility's website usually carries (开户须知, 过户, 如何读表, safety tips).
 */
import type { AppDeps } from '../deps';
import type { ServiceGuideInput, ServiceHallInput } from '@portal/types';
import { createGuide, createServiceHall } from '../modules/serviceInfo';

const COUNTER = ['开户', '过户', '销户', '缴费', '发票', '报停复供', '咨询'];

export const DEMO_SERVICE_HALLS: ServiceHallInput[] = [
  {
    name: '朝阳营业厅',
    address: '北京市朝阳区朝阳路 88 号(地铁 6 号线金台路站 B 口)',
    hours: '周一至周日 8:30–17:30(法定节假日另行通知)',
    phone: '010-65012345',
    latitude: 39.9219,
    longitude: 116.4855,
    services: COUNTER,
  },
  {
    name: '望京服务站',
    address: '北京市朝阳区望京街 10 号望京园社区服务中心一层',
    hours: '周一至周五 9:00–17:00',
    phone: '010-64701234',
    latitude: 39.9966,
    longitude: 116.4706,
    services: ['缴费', '发票', '咨询'],
  },
  {
    name: '海淀营业厅',
    address: '北京市海淀区学院路 35 号',
    hours: '周一至周六 8:30–17:00',
    phone: '010-62301234',
    latitude: 39.9893,
    longitude: 116.3525,
    services: COUNTER,
  },
  {
    name: '西城营业厅',
    address: '北京市西城区西直门南大街 6 号',
    hours: '周一至周五 8:30–17:00;周六 9:00–12:00',
    phone: '010-66101234',
    latitude: 39.9405,
    longitude: 116.3555,
    services: COUNTER,
  },
  {
    name: '东城营业厅',
    address: '北京市东城区东四十条 22 号',
    hours: '周一至周日 8:30–17:30',
    phone: '010-64001234',
    latitude: 39.9367,
    longitude: 116.4318,
    services: COUNTER,
  },
  {
    name: '丰台营业厅',
    address: '北京市丰台区丰台路 18 号',
    hours: '周一至周五 8:30–17:00',
    phone: '010-63801234',
    latitude: 39.8584,
    longitude: 116.2871,
    services: COUNTER,
  },
];

export const DEMO_SERVICE_GUIDES: ServiceGuideInput[] = [
  {
    category: 'business',
    title: '开户需要带什么',
    order: 10,
    items: [
      '户主本人有效身份证件原件(代办的另带代办人身份证和户主签字的委托书)。',
      '房屋所有权证或不动产权证书;租住的带租赁合同和房主同意书。',
      '新建住宅带开发商出具的交房证明或物业证明。',
      '非居民用户另带营业执照(统一社会信用代码)和经办人授权书。',
      '材料齐全的,营业厅当场受理;燃气开户后 3 个工作日内上门安检通气。',
    ],
  },
  {
    category: 'business',
    title: '过户办理须知',
    order: 20,
    items: [
      '新旧户主身份证件、新的房屋产权证明(买卖合同或不动产权证书)。',
      '过户前请结清欠费;过户当天抄表,读数以前的费用由原户主承担。',
      '过户后原户主在小程序中的绑定自动解除,新户主重新绑定户号即可。',
    ],
  },
  {
    category: 'meter',
    title: '如何读燃气表',
    utility: 'gas',
    order: 10,
    items: [
      '读表盘上黑色框内的整数数字,红色框内的小数部分不用填写。',
      '智能卡表请按表上“显示”键,记下“累计用量”一项。',
      '读数应不小于上次读数;相差很大时请拍下表盘照片一并提交。',
    ],
  },
  {
    category: 'meter',
    title: '如何读水表',
    utility: 'water',
    order: 20,
    items: [
      '水表黑色数字为整吨数,红色指针或数字为不足 1 吨的部分,只填黑色数字。',
      '家中所有龙头关闭时,若水表指针仍在转动,可能有漏水,请报修。',
    ],
  },
  {
    category: 'safety',
    title: '安全用气提示',
    utility: 'gas',
    order: 10,
    items: [
      '闻到燃气味:立即关闭燃气总阀,打开门窗通风。',
      '不要开关电灯、电器,不要使用明火,不要在室内拨打电话。',
      '到室外安全处拨打 24 小时抢修电话。',
      '燃气软管 18 个月更换一次,不要穿墙、不要埋在橱柜里。',
      '使用燃气时请保持通风,不要离人。',
    ],
  },
  {
    category: 'safety',
    title: '冬季用水防冻',
    utility: 'water',
    order: 20,
    items: [
      '室外和楼道的水表、水管请用保温材料包好。',
      '长时间外出请关闭户内总阀,并放空管内存水。',
      '水表冻裂时请关闭表前阀门,并报修更换。',
    ],
  },
  {
    category: 'safety',
    title: '安全用暖提示',
    utility: 'heating',
    order: 30,
    items: [
      '供暖期内不要私自改装、拆除暖气片或放水。',
      '暖气片漏水时先关闭进回水阀门,再报修。',
      '室温低于 18℃ 可报修,我们会上门测温。',
    ],
  },
];

/** Writes the demo halls and guides through the feature (audited as the seeder). */
export async function seedServiceInfo(deps: AppDeps): Promise<void> {
  const by = { actor: { kind: 'system' as const, id: 'demo-seed' }, at: deps.clock.now() };
  for (const hall of DEMO_SERVICE_HALLS) await createServiceHall(hall, by);
  for (const guide of DEMO_SERVICE_GUIDES) await createGuide(guide, by);
}
