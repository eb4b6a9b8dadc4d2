import { toCsv } from './exportTable';

describe('CSV export', () => {
  const cols = [
    { title: '户号', value: (r: { no: string; name: string }) => r.no },
    { title: '户主', value: (r: { no: string; name: string }) => r.name },
  ];
  it('writes a header and one line per row, quoting commas and quotes', () => {
    expect(toCsv(cols, [{ no: '3101000123', name: '张三, "小张"' }])).toBe(
      '户号,户主\r\n3101000123,"张三, ""小张"""',
    );
  });
  it('neutralises cells Excel would run as formulas', () => {
    expect(toCsv(cols, [{ no: '1', name: '=HYPERLINK("x")' }])).toContain(`"'=HYPERLINK(""x"")"`);
    expect(toCsv(cols, [{ no: '-5', name: 'a' }])).toContain('-5,a');
  });
});
