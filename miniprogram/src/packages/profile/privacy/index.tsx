/** 隐私政策, export of my own records (JSON) and the way to 注销. */
import { useState } from 'react';
import Taro from '@tarojs/taro';
import { View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { Section } from '../../../components/Section';
import { api } from '../../../services/api';
import { errorMessage } from '../../../services/errors';
import { go } from '../../../services/navigation';
import { ElderRoot } from '../../../features/elder/ElderRoot';

export default function PrivacyPage() {
  const [exporting, setExporting] = useState(false);
  const [exported, setExported] = useState<string>();
  const exportData = async () => {
    setExporting(true);
    try {
      const data = await api.call('exportMyData');
      const json = JSON.stringify(data, null, 2);
      setExported(json);
      await Taro.setClipboardData({ data: json }).catch(() => undefined);
    } catch (e) {
      Taro.showToast({ title: errorMessage(e), icon: 'none' });
    } finally {
      setExporting(false);
    }
  };
  return (
    <ElderRoot>
      <View>
        <Section title="隐私政策">
          <View>
            我们仅为办理燃气、供水、供热业务收集必要信息:微信标识、绑定的户号、您提交的报修内容与照片、缴费记录。身份信息在不需要时均做脱敏显示,不会提供给无关第三方。
          </View>
        </Section>
        <Section title="导出我的数据">
          <Button block type="primary" loading={exporting} onClick={exportData}>
            导出(JSON,已复制到剪贴板)
          </Button>
          {exported && (
            <View className="muted" style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}>
              {exported}
            </View>
          )}
        </Section>
        <Section title="注销账号">
          <View className="muted">删除绑定、微信身份和个人信息;缴费记录依法保留但不再与您关联。</View>
          <Button block onClick={() => go('deleteAccount')}>
            了解并注销账号
          </Button>
        </Section>
      </View>
    </ElderRoot>
  );
}
