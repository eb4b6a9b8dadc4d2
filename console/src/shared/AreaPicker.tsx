/**
 * Area pickers fed by listAreas. The tree is loaded once per page load and shared by every picker;
 * where the signed-in role may not read it (or the server does not offer it) the pickers fall back
 * to typed input, so no screen loses its filter.
 */
import { useEffect, useMemo, useState, type CSSProperties } from 'react';
import { Cascader, Input, Select } from 'antd';
import { call } from '../services/api';
import { areaCascaderOptions, areaCodeOptions, areasToPaths, pathsToAreas, type AreaTree } from './areas';

let loading: Promise<AreaTree> | undefined;

/** The area tree, or undefined while loading or when it cannot be had (then `failed` is true). */
export function useAreaTree(): { tree?: AreaTree; failed: boolean } {
  const [tree, setTree] = useState<AreaTree>();
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    loading ??= call('listAreas');
    loading.then(
      (t) => live && setTree(t),
      () => {
        loading = undefined; // try again on the next screen
        if (live) setFailed(true);
      },
    );
    return () => {
      live = false;
    };
  }, []);
  return { tree, failed };
}

type AreasProps = {
  id?: string;
  value?: string[];
  onChange?: (v: string[]) => void;
  placeholder?: string;
  'aria-label'?: string;
};

/** Several districts / communities / buildings, as "区", "区/小区", "区/小区/楼栋" strings. */
export function AreaCascader({
  id,
  value,
  onChange,
  placeholder = '选择区、小区或楼栋',
  ...rest
}: AreasProps) {
  const { tree, failed } = useAreaTree();
  const options = useMemo(() => (tree ? areaCascaderOptions(tree) : []), [tree]);
  if (failed) {
    return (
      <Select
        id={id}
        mode="tags"
        open={false}
        value={value}
        onChange={onChange}
        placeholder="如:朝阳区/望京园"
        tokenSeparators={[',', ',']}
        aria-label={rest['aria-label']}
      />
    );
  }
  return (
    <Cascader
      id={id}
      multiple
      showSearch
      loading={!tree}
      options={options}
      value={areasToPaths(value)}
      onChange={(paths) => onChange?.(pathsToAreas((paths ?? []) as Array<Array<string | number>>))}
      showCheckedStrategy={Cascader.SHOW_PARENT}
      placeholder={placeholder}
      aria-label={rest['aria-label']}
      style={{ width: '100%' }}
      maxTagCount="responsive"
    />
  );
}

type CodeProps = {
  /** Set by the Form.Item holding it: its label names the select (for screen readers and tests). */
  id?: string;
  value?: string;
  onChange?: (v: string | undefined) => void;
  placeholder?: string;
  allowClear?: boolean;
  style?: CSSProperties;
};

/** One area code (a district prefix like "CY" or a community code like "CY-WJY"). */
export function AreaCodeSelect({
  id,
  value,
  onChange,
  placeholder = '片区编码',
  allowClear = true,
  style,
}: CodeProps) {
  const { tree, failed } = useAreaTree();
  const options = useMemo(() => (tree ? areaCodeOptions(tree) : []), [tree]);
  if (failed) {
    return (
      <Input
        id={id}
        value={value}
        onChange={(e) => onChange?.(e.target.value.trim() || undefined)}
        placeholder={placeholder}
        allowClear={allowClear}
        style={style}
      />
    );
  }
  return (
    <Select
      id={id}
      showSearch
      allowClear={allowClear}
      loading={!tree}
      value={value}
      onChange={(v?: string) => onChange?.(v || undefined)}
      options={options}
      optionFilterProp="label"
      placeholder={placeholder}
      style={{ minWidth: 160, ...style }}
      popupMatchSelectWidth={false}
    />
  );
}

/** Several area codes; codes not in the tree may still be typed (staff responsibility prefixes). */
export function AreaCodesSelect({
  id,
  value,
  onChange,
}: {
  id?: string;
  value?: string[];
  onChange?: (v: string[]) => void;
}) {
  const { tree } = useAreaTree();
  const options = useMemo(() => (tree ? areaCodeOptions(tree) : []), [tree]);
  return (
    <Select
      id={id}
      mode="tags"
      value={value}
      onChange={onChange}
      options={options}
      optionFilterProp="label"
      tokenSeparators={[',', ' ']}
      placeholder="如 CY 或 CY-WJY"
    />
  );
}
