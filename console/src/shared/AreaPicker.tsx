/**
 * Pick areas (areaCode prefixes: a district "CY" or a community "CY-WJY"). Offers the server's area tree
 * (listAreas) when it has one; otherwise codes are typed in.
 */
import { Select, TreeSelect } from 'antd';
import { useApiQuery } from './useApiQuery';

export type AreaNode = { code: string; name?: string; children?: AreaNode[] };
type TreeNode = { value: string; title: string; children?: TreeNode[] };

const toTree = (nodes: AreaNode[]): TreeNode[] =>
  nodes.map((n) => ({ value: n.code, title: n.name ? `${n.name}(${n.code})` : n.code, children: n.children && toTree(n.children) }));

type Props = { value?: string[]; onChange?: (v: string[]) => void; placeholder?: string };

export function AreaPicker({ value, onChange, placeholder = '选择片区' }: Props) {
  const { data, loading } = useApiQuery<AreaNode[] | { items: AreaNode[] }>('listAreas');
  const nodes = Array.isArray(data) ? data : (data?.items ?? []);
  if (nodes.length > 0) {
    return (
      <TreeSelect
        treeData={toTree(nodes)}
        value={value}
        onChange={onChange}
        treeCheckable
        showCheckedStrategy={TreeSelect.SHOW_PARENT}
        placeholder={placeholder}
        style={{ width: '100%' }}
        loading={loading}
        allowClear
      />
    );
  }
  return (
    <Select
      mode="tags"
      value={value}
      onChange={onChange}
      placeholder={`${placeholder}(输入片区编码后回车)`}
      style={{ width: '100%' }}
      loading={loading}
      tokenSeparators={[',', ' ', ',']}
      open={false}
    />
  );
}
