import { fillPath, indexOperations, toQueryString } from './operations';

describe('finding endpoints by operationId', () => {
  const doc = {
    paths: {
      '/api/staff/customers': { get: { operationId: 'searchCustomers' } },
      '/api/staff/customers/{accountNo}': { get: { operationId: 'getCustomer360' }, patch: { operationId: 'updateCustomer' } },
    },
  };
  it('indexes every operation of the OpenAPI document', () => {
    const ops = indexOperations(doc);
    expect(ops.get('getCustomer360')).toEqual({ method: 'get', path: '/api/staff/customers/{accountNo}' });
    expect(ops.get('updateCustomer')?.method).toBe('patch');
    expect(ops.has('listNotices')).toBe(false);
  });
  it('fills path parameters, encoded, and refuses a missing one', () => {
    expect(fillPath('/api/staff/customers/{accountNo}', { accountNo: 'A 1', id: 'x' })).toBe('/api/staff/customers/A%201');
    expect(() => fillPath('/api/staff/customers/{accountNo}', {})).toThrow('accountNo');
  });
  it('leaves blank filters out of the query string', () => {
    expect(toQueryString({ q: '张', page: 1, status: '', area: undefined, open: true })).toBe('?q=%E5%BC%A0&page=1&open=true');
    expect(toQueryString({})).toBe('');
  });
});
