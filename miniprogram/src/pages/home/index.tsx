import { View, Text } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';

export default function HomePage() {
  return (
    <View>
      <Text>首页</Text>
      <Button type="primary">绑定户号</Button>
    </View>
  );
}
