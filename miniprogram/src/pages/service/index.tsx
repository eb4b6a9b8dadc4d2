/** 服务: start a 报修 / 报装 / 预约, track orders, read meters, notices, chat. */
import { View, Text } from '@tarojs/components';
import { Section } from '../../components/Section';
import { go, routes } from '../../services/navigation';
import './index.scss';

type Entry = { label: string; hint: string; path: string; query?: Record<string, string> };

const groups: { title: string; items: Entry[] }[] = [
  {
    title: '办理业务',
    items: [
      { label: '故障报修', hint: '漏气、无气、表具故障', path: routes.createService, query: { type: 'repair' } },
      { label: '新装/改装', hint: '报装申请与上门勘察', path: routes.createService, query: { type: 'installation' } },
      { label: '预约安检', hint: '选择上门时间', path: routes.createService, query: { type: 'inspection' } },
    ],
  },
  {
    title: '查询',
    items: [
      { label: '我的工单', hint: '进度、评价', path: routes.orders },
      { label: '自助抄表', hint: '拍照上传读数', path: routes.meterReading },
      { label: '停气/停水通知', hint: '我所在小区的计划停供', path: routes.notices },
      { label: '在线客服', hint: '工作时间在线答复', path: routes.chat },
    ],
  },
];

export default function ServicePage() {
  return (
    <View>
      {groups.map((g) => (
        <Section key={g.title} title={g.title}>
          {g.items.map((item) => (
            <View key={item.label} className="row-link tap" onClick={() => go(item.path, item.query)}>
              <View>
                <Text>{item.label}</Text>
                <View className="muted">{item.hint}</View>
              </View>
              <Text className="muted">›</Text>
            </View>
          ))}
        </Section>
      ))}
    </View>
  );
}
