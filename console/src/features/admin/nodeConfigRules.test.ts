import { nodeProblems, toFormPath } from './nodeConfigRules';

describe('checking work-order steps before saving', () => {
  it('accepts a sequence of distinct steps', () => {
    expect(nodeProblems([{ key: 'accepted' }, { key: 'dispatched' }, { key: 'completed' }])).toEqual([]);
  });

  it('names the second use of a step code, in Chinese', () => {
    expect(nodeProblems([{ key: 'accepted' }, { key: 'arrived' }, { key: 'arrived' }])).toEqual([
      { path: 'body.nodes.2.key', message: '节点编码 arrived 重复' },
    ]);
  });

  it('refuses a type with a single step', () => {
    expect(nodeProblems([{ key: 'accepted' }])).toEqual([
      { path: 'body.nodes', message: '至少需要 2 个节点' },
    ]);
  });
});

describe('placing a server problem beside its field', () => {
  it('maps a step field to the row and column of the form', () => {
    expect(toFormPath('body.nodes.3.action')).toEqual(['nodes', 3, 'action']);
  });

  it('leaves problems about the whole list or a whole step for the summary', () => {
    expect(toFormPath('body.nodes')).toBeUndefined();
    expect(toFormPath('body.nodes.0')).toBeUndefined();
    expect(toFormPath('body.nodes.1.unknown')).toBeUndefined();
  });
});
