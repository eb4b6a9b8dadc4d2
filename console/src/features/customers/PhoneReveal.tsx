import { useState } from 'react';
import { Button, Space } from 'antd';
import { EyeOutlined } from '@ant-design/icons';
import { call } from '../../services/api';
import { useAction } from '../../shared/useAction';

/**
 * The holder's phone, masked until a staff member who needs to call asks for it (revealCustomerPhone:
 * written to the audit log and counted against their read limit).
 */
export function PhoneReveal({ accountNo, masked }: { accountNo: string; masked: string }) {
  const [phone, setPhone] = useState<string>();
  const [busy, run] = useAction();
  if (phone) return <span data-testid="revealed-phone">{phone}</span>;
  const reveal = async () => {
    const r = await run(() => call('revealCustomerPhone', { params: { accountNo } }));
    if (r) setPhone(r.phone);
  };
  return (
    <Space size={4}>
      <span>{masked || '—'}</span>
      {masked && (
        <Button size="small" type="link" icon={<EyeOutlined />} loading={busy} onClick={reveal}>
          显示号码
        </Button>
      )}
    </Space>
  );
}
