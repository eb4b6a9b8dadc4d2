/**
 * 上班/下班 and location sharing on the technician's phone (getMyShift / setMyShift / reportMyPosition).
 * The browser's geolocation is asked only while on shift: once when the technician taps 共享位置, and
 * every minute or so while they are on a job (departed / arrived / processing). Going off shift stops
 * the watch and the server erases the last position.
 */
import { useEffect, useRef, useState } from 'react';
import { Button, Card, Space, Switch, Typography } from 'antd';
import type { MyShift } from '@portal/types';
import { call } from '../../services/api';
import { reportError, reportSuccess } from '../../services/notify';
import { formatDateTime } from '../../shared/format';
import { useApiQuery } from '../../shared/useApiQuery';

/** Not more often than this while watching on a job. */
const SHARE_EVERY_MS = 60_000;

function currentPosition(): Promise<GeolocationPosition> {
  return new Promise((resolve, reject) => {
    if (!navigator.geolocation) reject(new Error('此浏览器不支持定位'));
    else
      navigator.geolocation.getCurrentPosition(resolve, reject, {
        enableHighAccuracy: true,
        timeout: 15_000,
      });
  });
}

/** The browser's refusal in words a technician can act on (GeolocationPositionError is not an Error). */
const positionError = (e: unknown): unknown => {
  if (!e || typeof e !== 'object' || !('code' in e) || e instanceof Error) return e;
  return new Error(
    (e as GeolocationPositionError).code === 1
      ? '未允许定位,请在浏览器设置中允许本网站获取位置'
      : '暂时无法获取位置',
  );
};

export function ShiftCard({ onJob, orderNo }: { onJob: boolean; orderNo?: string }) {
  const { data, reload } = useApiQuery('getMyShift');
  const [shift, setShift] = useState<MyShift>();
  const [busy, setBusy] = useState(false);
  const lastSent = useRef(0);
  const current = shift ?? data;

  const send = async (p: GeolocationPosition) => {
    lastSent.current = Date.now();
    const s = await call('reportMyPosition', {
      body: {
        lat: p.coords.latitude,
        lng: p.coords.longitude,
        accuracyM: Math.round(p.coords.accuracy),
        orderNo,
      },
    });
    setShift(s);
  };

  const toggle = async (onShift: boolean) => {
    setBusy(true);
    try {
      setShift(await call('setMyShift', { body: { onShift } }));
      reportSuccess(onShift ? '已上班' : '已下班,位置已停止共享');
      reload();
    } catch (e) {
      reportError(e);
    } finally {
      setBusy(false);
    }
  };

  const shareNow = async () => {
    setBusy(true);
    try {
      await send(await currentPosition());
      reportSuccess('位置已共享');
    } catch (e) {
      reportError(positionError(e), '共享位置失败');
    } finally {
      setBusy(false);
    }
  };

  // On a job and on shift: keep the dispatcher's board current, throttled.
  useEffect(() => {
    if (!onJob || !current?.onShift || !navigator.geolocation) return;
    const id = navigator.geolocation.watchPosition(
      (p) => {
        if (Date.now() - lastSent.current >= SHARE_EVERY_MS) void send(p).catch(() => undefined);
      },
      () => undefined,
      { enableHighAccuracy: true, maximumAge: 30_000 },
    );
    return () => navigator.geolocation.clearWatch(id);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [onJob, current?.onShift, orderNo]);

  return (
    <Card size="small" style={{ marginBottom: 12 }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
        <Space>
          <Switch
            aria-label="在班"
            checked={current?.onShift ?? false}
            loading={busy || !current}
            onChange={toggle}
            checkedChildren="在班"
            unCheckedChildren="下班"
          />
          <Typography.Text type="secondary">
            {current?.position
              ? `位置 ${formatDateTime(current.position.at, 'HH:mm')} 已共享${onJob ? '(作业中自动更新)' : ''}`
              : current?.onShift
                ? '尚未共享位置'
                : '下班时不共享位置'}
          </Typography.Text>
        </Space>
        {current?.onShift && (
          <Button size="small" onClick={shareNow} loading={busy}>
            共享位置
          </Button>
        )}
      </Space>
    </Card>
  );
}
