import { Form, Input, Select } from 'antd';
import { ORDER_TYPE_LABELS, labelOptions } from '../../shared/labels';
import { AreaCodeSelect } from '../../shared/AreaPicker';

const STATES = { open: '处理中', resolved: '已办结', closed: '已关闭', cancelled: '已取消' };

/** Filters shared by the order list and escalations (ListStaffWorkOrdersQuery): state, type, area, 户号. */
export function OrderFilters() {
  return (
    <>
      <Form.Item name="state">
        <Select placeholder="状态" allowClear style={{ width: 110 }} options={labelOptions(STATES)} />
      </Form.Item>
      <Form.Item name="type">
        <Select
          placeholder="类型"
          allowClear
          style={{ width: 110 }}
          options={labelOptions(ORDER_TYPE_LABELS)}
        />
      </Form.Item>
      <Form.Item name="areaPrefix">
        <AreaCodeSelect style={{ width: 130 }} />
      </Form.Item>
      <Form.Item name="accountNo">
        <Input placeholder="户号" allowClear style={{ width: 140 }} />
      </Form.Item>
    </>
  );
}
