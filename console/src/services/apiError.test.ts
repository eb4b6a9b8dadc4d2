/** A refusal as staff read it: the server's words in the toast, each field's problem beside that field. */
import { ApiError, describeError, fieldErrors } from './apiError';

const refusal = new ApiError(
  'VALIDATION_FAILED',
  400,
  '请检查:目标节点须在起始节点之后;日历:工作日历不存在',
  [
    { path: 'body.targetNode', message: '目标节点须在起始节点之后' },
    { path: 'body.calendar', message: '工作日历不存在' },
    { path: 'body.nodes.3.label', message: '不能为空' },
    { path: 'body.nodes.3.label', message: '不能超过 20 个字' },
    { path: 'query.page', message: '须为正整数' },
  ],
);

it('says what the server said, never a field’s path', () => {
  expect(describeError(refusal)).toBe('请检查:目标节点须在起始节点之后;日历:工作日历不存在');
  expect(describeError(refusal)).not.toMatch(/body\./);
  expect(describeError(new ApiError('NOT_FOUND', 404, '申请不存在'))).toBe('申请不存在');
});

it('puts each body field’s problems on the form field it names, when the form has it', () => {
  const has = (name: string) => ['targetNode', 'nodes'].includes(name);
  expect(fieldErrors(refusal, has)).toEqual([
    { name: ['targetNode'], errors: ['目标节点须在起始节点之后'] },
    { name: ['nodes', 3, 'label'], errors: ['不能为空', '不能超过 20 个字'] },
  ]);
  expect(fieldErrors(new Error('网络错误'), () => true)).toEqual([]);
});
