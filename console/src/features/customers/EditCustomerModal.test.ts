import { changedFields, type EditableCustomer } from './EditCustomerModal';

const record: EditableCustomer = {
  accountNo: '1000000001',
  holderName: '张三',
  status: 'active',
  tags: ['VIP', '独居老人'],
  specialNeeds: '上门前先电话联系',
};
const unchanged = { ...record, specialNeeds: record.specialNeeds ?? '', phone: '' };

describe('what a customer edit sends', () => {
  it('sends nothing when nothing changed, whatever the tag order', () => {
    expect(changedFields(record, { ...unchanged, tags: ['独居老人', 'VIP'] })).toEqual({});
  });

  it('sends only the fields the agent changed, trimmed', () => {
    expect(
      changedFields(record, {
        ...unchanged,
        status: 'suspended',
        phone: ' 13800138000 ',
        specialNeeds: ' 轮椅 ',
      }),
    ).toEqual({ status: 'suspended', phone: '13800138000', specialNeeds: '轮椅' });
  });

  it('sends a new holder name for a 过户 recorded at the counter', () => {
    expect(changedFields(record, { ...unchanged, holderName: '李四' })).toEqual({ holderName: '李四' });
  });

  it('clears special needs when the agent empties them', () => {
    expect(changedFields(record, { ...unchanged, specialNeeds: '' })).toEqual({ specialNeeds: '' });
  });
});
