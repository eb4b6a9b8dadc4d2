/**
 * IDOR cases: resident endpoints that name an account. Routes with `:accountNo` in the path are found
 * automatically (idor.test.ts); add an entry here when such a route needs a valid body or query to get
 * past validation, or when the accountNo travels in the body or query instead of the path.
 */
export type IdorCase = {
  /** Sample input; the string '$accountNo' anywhere in it is replaced by the account under test. */
  body?: unknown;
  query?: Record<string, string>;
};

export const idorCases: Record<string, IdorCase> = {
  // operationId: { body: { accountNo: '$accountNo', ... } }
  listBills: { query: { accountNo: '$accountNo' } },
  getUsageHistory: { query: { accountNo: '$accountNo' } },
  submitMeterReading: {
    body: { accountNo: '$accountNo', reading: 1300, photoId: '0123456789abcdef01234567' },
  },
  createWorkOrder: {
    body: {
      accountNo: '$accountNo',
      type: 'repair',
      category: 'indoorFault',
      description: '厨房有燃气味',
      contactPhone: '13800001234',
    },
  },
};
