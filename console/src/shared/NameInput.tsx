/**
 * A name typed or picked from those already in use (a team, a skill): what dispatch matches is the exact word,
 * so the words in use are offered as one types. Passes the Form.Item's id, value and onChange through.
 */
import { AutoComplete } from 'antd';
import type { CSSProperties } from 'react';

export function NameInput(props: {
  id?: string;
  value?: string;
  onChange?: (v: string) => void;
  /** The names in use; none while they load. */
  names: string[] | undefined;
  placeholder: string;
  allowClear?: boolean;
  style?: CSSProperties;
}) {
  const { names, ...rest } = props;
  return (
    <AutoComplete
      {...rest}
      options={(names ?? []).map((value) => ({ value }))}
      filterOption={(input, o) => String(o?.value ?? '').includes(input)}
    />
  );
}
