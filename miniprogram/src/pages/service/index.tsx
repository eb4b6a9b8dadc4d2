/** 服务: start a 报修 / 报装 / 预约, track orders, read meters, notices, chat. */
import { View, Text } from '@tarojs/components';
import { Section } from '../../components/Section';
import { go } from '../../services/navigation';
import './index.scss';
import { ElderRoot } from '../../features/elder/ElderRoot';

type Entry = { label: string; hint: string; open: () => unknown };

const groups: { title: string; items: Entry[] }[] = [
  {
    title: '办理业务',
    items: [
      {
        label: '故障报修',
        hint: '漏气、无气、表具故障',
        open: () => go('createService', { type: 'repair' }),
      },
      {
        label: '新装/改装',
        hint: '报装申请与上门勘察',
        open: () => go('createService', { type: 'installation' }),
      },
      { label: '预约安检', hint: '选择上门时间', open: () => go('createService', { type: 'inspection' }) },
      { label: '投诉', hint: '2 个工作日内答复处理', open: () => go('createService', { type: 'complaint' }) },
      {
        label: '建议/留言',
        hint: '您的意见我们会认真答复',
        open: () => go('createService', { type: 'consultation' }),
      },
      { label: '过户/销户', hint: '在我的户号中选择要办理的户号', open: () => go('accounts') },
    ],
  },
  {
    title: '查询',
    items: [
      { label: '我的工单', hint: '进度、评价', open: () => go('orders') },
      { label: '自助抄表', hint: '拍照上传读数', open: () => go('meterReading') },
      { label: '停气/停水通知', hint: '我所在小区的计划停供', open: () => go('notices') },
      { label: '在线客服', hint: '工作时间在线答复', open: () => go('chat') },
    ],
  },
  {
    title: '信息公开',
    items: [
      { label: '营业网点', hint: '地址、营业时间、离我多远', open: () => go('serviceHalls') },
      { label: '价格标准', hint: '燃气、水、供热的阶梯价格', open: () => go('prices') },
      { label: '业务指南', hint: '开户须知、读表方法、安全提示', open: () => go('serviceGuides') },
    ],
  },
];

export default function ServicePage() {
  return (
    <ElderRoot>
      <View>
        {groups.map((g) => (
          <Section key={g.title} title={g.title}>
            {g.items.map((item) => (
              <View key={item.label} className="row-link tap" onClick={item.open}>
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
    </ElderRoot>
  );
}
