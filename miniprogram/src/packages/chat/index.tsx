/** 在线客服: the chat of the chat issue (WebSocket /ws) lands here; until then, the hotline. */
import Taro from '@tarojs/taro';
import { View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { Section } from '../../components/Section';
import { strings } from '../../strings';

export default function ChatPage() {
  return (
    <Section title="在线客服">
      <View className="muted">在线客服即将开通。如需帮助,请拨打服务热线。</View>
      <Button block type="primary" onClick={() => Taro.makePhoneCall({ phoneNumber: strings.hotline }).catch(() => undefined)}>
        {`拨打 ${strings.hotline}`}
      </Button>
    </Section>
  );
}
