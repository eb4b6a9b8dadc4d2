import { useState } from 'react';
import { Button, Input, Space } from 'antd';
import { call } from '../../services/api';
import { useAction } from '../../shared/useAction';

/** Add a note to a customer's record (addCustomerNote). */
export function NoteForm({ accountNo, onAdded }: { accountNo: string; onAdded: () => void }) {
  const [text, setText] = useState('');
  const [busy, run] = useAction();
  const add = async () => {
    const ok = await run(
      () => call('addCustomerNote', { params: { accountNo }, body: { text } }),
      '已添加备注',
    );
    if (ok !== undefined) {
      setText('');
      onAdded();
    }
  };
  return (
    <Space.Compact style={{ width: '100%', marginBottom: 8 }}>
      <Input
        value={text}
        maxLength={1000}
        onChange={(e) => setText(e.target.value)}
        placeholder="添加备注"
        onPressEnter={add}
      />
      <Button type="primary" onClick={add} loading={busy} disabled={!text.trim()}>
        添加
      </Button>
    </Space.Compact>
  );
}
