/**
 * WeChat's public template library, as the sandbox plays it: templates a utility picks in the WeChat
 * admin console (or with addtemplate / api_add_template), each with its numbered keywords. A picked
 * keyword is named by its type and number, `${rule}${kid}` (thing1, character_string2, amount3...), so
 * two picks of one library template can name the same meaning differently, and the portal must map its
 * data onto whatever the utility's template has. The titles and keywords below are the sandbox's own
 * (modelled on the public-utility category: 水电煤缴费, 生活服务), not copies of WeChat's.
 */
import type { FieldRule } from './fields';

export type LibraryKeyword = { kid: number; name: string; rule: FieldRule; example: string };
export type LibraryTemplate = { tid: string; title: string; keywords: LibraryKeyword[] };

const kw = (kid: number, name: string, rule: FieldRule, example: string): LibraryKeyword => ({
  kid,
  name,
  rule,
  example,
});

/** Mini-program subscribe-message templates, by tid. */
export const SUBSCRIBE_LIBRARY: LibraryTemplate[] = [
  {
    tid: '1001',
    title: '缴费成功通知',
    keywords: [
      kw(1, '户号', 'character_string', '3100000001'),
      kw(2, '户名', 'name', '张三'),
      kw(3, '缴费金额', 'amount', '128.50元'),
      kw(4, '缴费时间', 'time', '2026年11月24日 10:30'),
      kw(5, '缴费方式', 'phrase', '微信支付'),
      kw(6, '备注', 'thing', '感谢您的支持'),
    ],
  },
  {
    tid: '1002',
    title: '账单缴费提醒',
    keywords: [
      kw(1, '户号', 'character_string', '3100000001'),
      kw(2, '账单月份', 'thing', '2026年11月'),
      kw(3, '应缴金额', 'amount', '128.50元'),
      kw(4, '缴费截止日期', 'date', '2026年12月15日'),
      kw(5, '温馨提示', 'thing', '请按时缴费'),
    ],
  },
  {
    tid: '1003',
    title: '工单进度通知',
    keywords: [
      kw(1, '工单编号', 'character_string', 'WO202611240001'),
      kw(2, '服务类型', 'thing', '燃气报修'),
      kw(3, '处理进度', 'phrase', '已派单'),
      kw(4, '更新时间', 'time', '2026年11月24日 10:30'),
      kw(5, '备注', 'thing', '师傅将尽快联系您'),
    ],
  },
  {
    tid: '1004',
    title: '服务人员派单通知',
    keywords: [
      kw(1, '工单编号', 'character_string', 'WO202611240001'),
      kw(2, '服务人员', 'name', '李师傅'),
      kw(3, '联系电话', 'phone_number', '13900005678'),
      kw(4, '预计上门时间', 'time', '2026年11月24日 14:00'),
      kw(5, '服务地址', 'thing', '望京园3号楼2单元501'),
    ],
  },
  {
    tid: '1005',
    title: '预约上门提醒',
    keywords: [
      kw(1, '预约单号', 'character_string', 'WO202611240001'),
      kw(2, '服务地址', 'thing', '望京园3号楼2单元501'),
      kw(3, '预约时间', 'time', '2026年11月26日 09:00~2026年11月26日 12:00'),
      kw(4, '服务项目', 'thing', '入户安检'),
      kw(5, '温馨提示', 'thing', '请保持电话畅通'),
    ],
  },
  {
    tid: '1006',
    title: '计划停供通知',
    keywords: [
      kw(1, '通知类型', 'phrase', '计划停气'),
      kw(2, '影响范围', 'thing', '朝阳区望京园'),
      kw(3, '停供时间', 'time', '2026年11月26日 09:00~2026年11月26日 17:00'),
      kw(4, '停供原因', 'thing', '管网检修'),
      kw(5, '备注', 'thing', '请提前储水'),
    ],
  },
  {
    tid: '1007',
    title: '客服回复通知',
    keywords: [
      kw(1, '客服名称', 'thing', '在线客服'),
      kw(2, '回复内容', 'thing', '您好,已为您登记'),
      kw(3, '回复时间', 'time', '2026年11月24日 10:30'),
      kw(4, '咨询内容', 'thing', '燃气费查询'),
    ],
  },
];

/**
 * Official-account template messages (类目模板), by template_id_short. The same meanings as above under
 * their own numbers; a utility adds one with api_add_template naming the keywords it wants.
 */
export const OFFICIAL_LIBRARY: LibraryTemplate[] = SUBSCRIBE_LIBRARY.map((t) => ({
  ...t,
  tid: `OPENTM4${t.tid}`,
}));

export const keywordKey = (k: Pick<LibraryKeyword, 'rule' | 'kid'>) => `${k.rule}${k.kid}`;

/** The content string WeChat lists a private template with: `户号:{{character_string1.DATA}}\n…`. */
export const templateContent = (keywords: Array<{ key: string; name: string }>) =>
  keywords.map((k) => `${k.name}:{{${k.key}.DATA}}`).join('\n');
