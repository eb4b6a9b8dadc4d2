/**
 * One household's current 一户一码 (getAccountQr): the code as it prints (getAccountQrImage), the link it
 * opens, its revision, and a reprint. What staff check before handing a resident a new sticker.
 */
import { useEffect, useState } from 'react';
import { Button, Descriptions, Modal, Space, Spin, Typography } from 'antd';
import { call, download } from '../../services/api';
import { reportError } from '../../services/notify';
import { useApiQuery } from '../../shared/useApiQuery';
import { ErrorState } from '../../shared/QueryState';

/** The code's image as an object URL, released when the dialog closes or the household changes. */
function useQrImage(accountNo: string, revision: number | undefined): string | undefined {
  const [src, setSrc] = useState<string>();
  useEffect(() => {
    if (revision === undefined) return;
    let url: string | undefined;
    let live = true;
    call('getAccountQrImage', { params: { accountNo }, query: { kind: 'url', size: 430 } })
      .then((blob) => {
        if (!live || !(blob instanceof Blob)) return;
        url = URL.createObjectURL(blob);
        setSrc(url);
      })
      .catch((e) => live && reportError(e, '二维码图片加载失败'));
    return () => {
      live = false;
      if (url) URL.revokeObjectURL(url);
      setSrc(undefined);
    };
  }, [accountNo, revision]);
  return src;
}

export function AccountQrPreview({ accountNo, onClose }: { accountNo: string; onClose: () => void }) {
  const qr = useApiQuery('getAccountQr', { params: { accountNo } });
  const image = useQrImage(accountNo, qr.data?.revision);
  const reprint = () =>
    download('getAccountQrImage', `一户一码-${accountNo}.png`, {
      params: { accountNo },
      query: { kind: 'url', size: 430 },
    }).catch((e) => reportError(e, '下载失败'));
  return (
    <Modal
      open
      title={`户号 ${accountNo} 的一户一码`}
      onCancel={onClose}
      footer={
        <Space>
          <Button onClick={onClose}>关闭</Button>
          <Button type="primary" disabled={!qr.data} onClick={reprint}>
            重新打印
          </Button>
        </Space>
      }
    >
      {qr.error ? (
        <ErrorState error={qr.error} onRetry={qr.reload} />
      ) : !qr.data ? (
        <Spin />
      ) : (
        <Space direction="vertical" style={{ width: '100%' }} align="center">
          {image ? <img src={image} alt={`户号 ${accountNo} 的二维码`} width={220} height={220} /> : <Spin />}
          <Descriptions size="small" column={1} bordered style={{ width: '100%' }}>
            <Descriptions.Item label="版本">
              第 {qr.data.revision} 版(作废后版本加一,旧码失效)
            </Descriptions.Item>
            <Descriptions.Item label="扫码链接">
              <Typography.Link href={qr.data.url} target="_blank" rel="noreferrer" copyable>
                {qr.data.url}
              </Typography.Link>
            </Descriptions.Item>
          </Descriptions>
        </Space>
      )}
    </Modal>
  );
}
