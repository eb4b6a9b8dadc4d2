/**
 * 工单详情: steps, node timeline, technician, ETA, appointment (cancel or move to another slot while
 * the visit is ahead; book again after a cancelled or failed booking); rate after completion; ask the
 * online service about this order.
 */
import { useState } from 'react';
import Taro from '@tarojs/taro';
import { View, Text, Image } from '@tarojs/components';
import { Button, Rate } from '@nutui/nutui-react-taro';
import { PageState } from '../../../components/PageState';
import { Section } from '../../../components/Section';
import { useRequest } from '../../../hooks/useRequest';
import type { Slot } from '@portal/types';
import { api } from '../../../services/api';
import { go, usePageQuery } from '../../../services/navigation';
import { errorMessage } from '../../../services/errors';
import { formatShortDateTime, formatTimeRange, isPast, localDay } from '../../../utils/date';
import { toStepItems, toTimelineItems } from '../../../features/orders/timeline';
import { askForGrants, MOMENTS } from '../../../features/subscribe/askForGrants';
import { takesSlot } from '../../../features/service/catalog';
import { usePrefetchSubscribeTemplates } from '../../../features/subscribe/usePrefetchSubscribeTemplates';
import './index.scss';
import { ElderRoot } from '../../../features/elder/ElderRoot';

export default function OrderDetailPage() {
  const { orderNo = '' } = usePageQuery('orderDetail');
  const order = useRequest(() => api.call('getWorkOrder', { params: { orderNo } }), [orderNo]);
  usePrefetchSubscribeTemplates();
  const [score, setScore] = useState(5);
  const o = order.data;
  const [slots, setSlots] = useState<Slot[]>();

  const cancelAppointment = async () => {
    if (!o?.appointment) return;
    const { confirm } = await Taro.showModal({ title: '取消预约', content: '确定取消本次上门预约吗?' });
    if (!confirm) return;
    try {
      await api.call('cancelAppointment', { params: { id: o.appointment.id } });
      Taro.showToast({ title: '已取消预约', icon: 'success' });
      order.reload();
    } catch (e) {
      Taro.showToast({ title: errorMessage(e), icon: 'none' });
    }
  };
  const cancelOrder = async () => {
    const { confirm } = await Taro.showModal({ title: '取消工单', content: '确定取消这张工单吗?' });
    if (!confirm) return;
    try {
      // Residents may only cancel (while the order's canCancel says so).
      await api.call('transitionWorkOrder', {
        params: { orderNo },
        body: { action: 'cancel', note: '居民自行取消' },
      });
      Taro.showToast({ title: '已取消', icon: 'success' });
      order.reload();
    } catch (e) {
      Taro.showToast({ title: errorMessage(e), icon: 'none' });
    }
  };
  const showSlots = async () => {
    if (!o) return;
    try {
      const detail = await api.call('getMyAccount', { params: { accountNo: o.accountNo } });
      const list = detail.areaCode
        ? await api.call('listSlots', {
            query: { areaCode: detail.areaCode, type: o.type, from: localDay(0), to: localDay(13) },
          })
        : [];
      setSlots(list.filter((s) => s.remaining > 0));
    } catch (e) {
      Taro.showToast({ title: errorMessage(e), icon: 'none' });
    }
  };
  const moveTo = (slot: Slot) => {
    if (!o?.appointment) return;
    // Within the tap, before the request: the visit reminder grant (WeChat's rule).
    const grants = askForGrants(MOMENTS.booked);
    void reschedule(o.appointment.id, slot, grants.answered);
  };
  const reschedule = async (appointmentId: string, slot: Slot, grantsAnswered: Promise<void>) => {
    try {
      await grantsAnswered;
      await api.call('rescheduleAppointment', { params: { id: appointmentId }, body: { slotId: slot.id } });
      Taro.showToast({ title: '已改约', icon: 'success' });
      setSlots(undefined);
      order.reload();
    } catch (e) {
      Taro.showToast({ title: errorMessage(e), icon: 'none' });
    }
  };

  const bookSlot = (slot: Slot) => {
    // Within the tap, before the request: the visit reminder grant (WeChat's rule).
    const grants = askForGrants(MOMENTS.booked);
    void book(slot, grants.answered);
  };
  const book = async (slot: Slot, grantsAnswered: Promise<void>) => {
    try {
      await grantsAnswered;
      await api.call('bookAppointment', { body: { slotId: slot.id, orderNo } });
      Taro.showToast({ title: '已预约', icon: 'success' });
      setSlots(undefined);
      order.reload();
    } catch (e) {
      Taro.showToast({ title: errorMessage(e), icon: 'none' });
      // The slot may have filled meanwhile: show what is left.
      void showSlots();
    }
  };
  const canBook = Boolean(o && o.state === 'open' && !o.appointment && takesSlot(o.type));

  const rate = async () => {
    try {
      await api.call('rateWorkOrder', { params: { orderNo }, body: { score } });
      Taro.showToast({ title: '感谢您的评价', icon: 'success' });
      order.reload();
    } catch (e) {
      Taro.showToast({ title: errorMessage(e), icon: 'none' });
    }
  };

  return (
    <ElderRoot>
      <PageState loading={order.loading} slow={order.slow} error={order.error} onRetry={order.reload}>
        {o && (
          <View className="order">
            <Section title={`${o.typeLabel} · ${o.categoryLabel}`}>
              <View className="muted">{o.orderNo}</View>
              <View className="order__steps">
                {toStepItems(o.steps).map((s) => (
                  <View key={s.key} className={`order__step order__step--${s.state}`}>
                    {s.label}
                  </View>
                ))}
              </View>
              <View className="row-link">
                <Text>当前进度</Text>
                <Text>{o.currentStep}</Text>
              </View>
              {o.technician && (
                <View className="row-link">
                  <Text>服务人员</Text>
                  <Text>{`${o.technician.name} ${o.technician.phoneMasked}`}</Text>
                </View>
              )}
              {o.eta && (
                <View className="row-link">
                  <Text>预计到达</Text>
                  <Text>{formatShortDateTime(o.eta)}</Text>
                </View>
              )}
              {o.appointment && (
                <View className="row-link">
                  <Text>预约时间</Text>
                  <Text>{formatTimeRange(o.appointment.startAt, o.appointment.endAt)}</Text>
                </View>
              )}
            </Section>
            {o.appointment && o.state === 'open' && !isPast(o.appointment.startAt) && (
              <Section title="预约">
                <View className="row-link">
                  <Text className="link tap" onClick={showSlots}>
                    改约其他时段
                  </Text>
                  <Text className="link tap" onClick={cancelAppointment}>
                    取消预约
                  </Text>
                </View>
                {slots?.length === 0 && <View className="muted">近两周暂无其他可约时段</View>}
                {slots?.map((s) => (
                  <View key={s.id} className="row-link tap" onClick={() => moveTo(s)}>
                    <Text>{s.label}</Text>
                    <Text className="link">{`改到此时段(余 ${s.remaining})`}</Text>
                  </View>
                ))}
              </Section>
            )}
            {canBook && (
              <Section title="预约上门">
                <View className="row-link">
                  <Text className="muted">本工单还没有上门时间</Text>
                  <Text className="link tap" onClick={showSlots}>
                    选择上门时段
                  </Text>
                </View>
                {slots?.length === 0 && <View className="muted">近两周暂无可约时段,请拨打热线预约</View>}
                {slots?.map((s) => (
                  <View key={s.id} className="row-link tap" onClick={() => bookSlot(s)}>
                    <Text>{s.label}</Text>
                    <Text className="link">{`预约此时段(余 ${s.remaining})`}</Text>
                  </View>
                ))}
              </Section>
            )}
            {o.photos.length > 0 && (
              <Section title="照片">
                <View className="order__photos">
                  {o.photos.map((p) => (
                    <Image
                      key={p.id}
                      className="order__photo tap"
                      src={p.thumbUrl}
                      mode="aspectFill"
                      lazyLoad
                      aria-label="照片,点击查看大图"
                      onClick={() =>
                        Taro.previewImage({ urls: o.photos.map((x) => x.url), current: p.url }).catch(
                          () => undefined,
                        )
                      }
                    />
                  ))}
                </View>
              </Section>
            )}
            <Section title="处理记录">
              {toTimelineItems(o.timeline).map((t) => (
                <View key={t.key} className={`order__node ${t.latest ? 'order__node--latest' : ''}`}>
                  <Text className="order__node-title">{t.title}</Text>
                  <Text className="muted">{t.time}</Text>
                  <View>{t.text}</View>
                </View>
              ))}
            </Section>
            {o.canCancel && (
              <View style={{ margin: '24px' }}>
                <Button block onClick={cancelOrder}>
                  取消工单
                </Button>
              </View>
            )}
            <View
              className="row-link tap"
              style={{ margin: '0 24px' }}
              onClick={() => go('chat', { orderNo: o.orderNo })}
            >
              <Text>对工单有疑问?</Text>
              <Text className="link">在线客服 ›</Text>
            </View>
            {o.canRate && (
              <Section title="服务评价">
                <Rate value={score} onChange={(v) => setScore(v)} />
                <Button block type="primary" onClick={rate}>
                  提交评价
                </Button>
              </Section>
            )}
          </View>
        )}
      </PageState>
    </ElderRoot>
  );
}
