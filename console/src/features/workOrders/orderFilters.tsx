import { Form, Input, Select } from 'antd';
import { ORDER_STATUS_LABELS, ORDER_TYPE_LABELS } from '../../shared/labels';

const options = (m: Record<string, string>) => Object.entries(m).map(([value, label]) => ({ value, label }));

/** Filters shared by the order list, board and escalations: status, area, type. */
export function OrderFilters({ withStatus = true }: { withStatus?: boolean }) {
  return (
    <>
      {withStatus && (
        <Form.Item name="status">
          <Select placeholder="状态" allowClear style={{ width: 120 }} options={options(ORDER_STATUS_LABELS)} />
        </Form.Item>
      )}
      <Form.Item name="type">
        <Select placeholder="类型" allowClear style={{ width: 120 }} options={options(ORDER_TYPE_LABELS)} />
      </Form.Item>
      <Form.Item name="areaCode">
        <Input placeholder="片区编码" allowClear style={{ width: 140 }} />
      </Form.Item>
      <Form.Item name="q">
        <Input placeholder="工单号 / 户号" allowClear style={{ width: 160 }} />
      </Form.Item>
    </>
  );
}
