/**
 * 营业网点: address, hours, phone and what can be done at each open hall, as staff keep them in the
 * console; nearest first with the distance once the resident grants their location; a map for each.
 */
import { useState } from 'react';
import Taro from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { PageState } from '../../../components/PageState';
import { Section } from '../../../components/Section';
import { useRequest } from '../../../hooks/useRequest';
import { api } from '../../../services/api';
import { openMap } from '../../../features/info/openMap';
import { distanceText, residentLocation, type Location } from '../../../features/info/residentLocation';
import { ElderRoot } from '../../../features/elder/ElderRoot';

export default function ServiceHallsPage() {
  const [here, setHere] = useState<Location>();
  const [locating, setLocating] = useState(false);
  const [refused, setRefused] = useState(false);
  const halls = useRequest(
    () => api.call('listServiceHalls', { query: here ? { lat: here.lat, lng: here.lng } : {} }),
    [here?.lat, here?.lng],
  );

  const locate = async () => {
    setLocating(true);
    const found = await residentLocation();
    setLocating(false);
    setRefused(!found);
    if (found) setHere(found);
  };

  return (
    <ElderRoot>
      <View>
        <Section title="营业网点">
          {!here && (
            <Button block fill="outline" loading={locating} disabled={locating} onClick={locate}>
              按离我远近排列
            </Button>
          )}
          {refused && <View className="muted">未获得位置授权,网点按名称排列</View>}
        </Section>
        <PageState
          loading={halls.loading}
          slow={halls.slow}
          error={halls.error}
          onRetry={halls.reload}
          empty={halls.data?.items.length === 0}
          emptyText="暂无营业网点信息"
        >
          {halls.data?.items.map((h) => (
            <Section
              key={h.id}
              title={h.name}
              extra={
                h.distanceM !== undefined ? (
                  <Text className="muted">{distanceText(h.distanceM)}</Text>
                ) : undefined
              }
            >
              <View className="text-block" aria-label={`${h.name}地址`}>{`地址:${h.address}`}</View>
              <View className="text-block" aria-label={`${h.name}营业时间`}>{`营业时间:${h.hours}`}</View>
              {h.services.length > 0 && (
                <View className="text-block">{`可办业务:${h.services.join('、')}`}</View>
              )}
              <View className="row-actions">
                <Button fill="outline" onClick={() => void openMap(h)}>
                  查看地图
                </Button>
                {h.phone && (
                  <Button fill="outline" onClick={() => void Taro.makePhoneCall({ phoneNumber: h.phone! })}>
                    {`电话 ${h.phone}`}
                  </Button>
                )}
              </View>
            </Section>
          ))}
        </PageState>
      </View>
    </ElderRoot>
  );
}
