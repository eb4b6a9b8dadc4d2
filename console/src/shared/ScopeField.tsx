/** A form field that narrows a rule or policy (工单类型, 类别, 优先级): one code of a label table, or empty for all. */
import { Form, Select } from 'antd';
import { labelOptions } from './labels';

export function ScopeField(props: {
  name: string;
  label: string;
  /** What empty means, shown as the placeholder: 全部类别. */
  all: string;
  labels: Record<string, string>;
  width: number;
}) {
  return (
    <Form.Item name={props.name} label={props.label}>
      <Select
        allowClear
        placeholder={props.all}
        style={{ width: props.width }}
        options={labelOptions(props.labels)}
      />
    </Form.Item>
  );
}
