/** Bills, usage and self meter readings. */
import * as T from '@portal/types';
import type { AppDeps } from '../../deps';
import type { StaffAuth } from '../../platform/auth/auth';
import { access, collectRoutes } from '../../platform/http/route';
import { getBill, listBills, usageHistory } from './bills.service';
import {
  acceptMeterReading,
  listMeterReadings,
  listMyMeterReadings,
  rejectMeterReading,
  submitMeterReading,
} from './meterReadings.service';

const REVIEWERS = ['agent', 'supervisor', 'admin'] as const;

export const billingRoutes = (deps: AppDeps) =>
  collectRoutes((r) => {
    r.get(
      '/api/bills',
      {
        operationId: 'listBills',
        summary: '账单列表',
        tags: ['billing'],
        access: access.residentOrStaff(),
        description: '居民:已绑定户号的账单(可按户号、状态、年份筛选);工作人员:须指定户号。',
        query: T.ListBillsQuery,
        response: T.BillList,
        errors: { 404: '户号不存在' },
      },
      ({ auth, query }) => listBills(auth!, query),
    );
    r.get(
      '/api/bills/:billId',
      {
        operationId: 'getBill',
        summary: '账单详情',
        tags: ['billing'],
        access: access.residentOrStaff(),
        params: T.BillParams,
        response: T.Bill,
        errors: { 404: '账单不存在' },
      },
      ({ auth, params }) => getBill(auth!, params.billId),
    );
    r.get(
      '/api/accounts/:accountNo/usage',
      {
        operationId: 'getUsageHistory',
        summary: '用量历史(近 12 个月)',
        tags: ['billing'],
        access: access.residentOrStaff(),
        params: T.AccountNoParams,
        query: T.UsageQuery,
        response: T.UsageHistory,
        errors: { 404: '户号不存在' },
      },
      ({ auth, params, query }) => usageHistory(auth!, params.accountNo, query.months, deps.clock.now()),
    );
    r.post(
      '/api/meter-readings',
      {
        operationId: 'submitMeterReading',
        summary: '自助报数',
        tags: ['billing'],
        access: access.resident,
        status: 201,
        body: T.SubmitMeterReadingBody,
        response: T.MeterReading,
        errors: { 404: '户号不存在', 422: '读数小于上次读数或明显偏高' },
      },
      ({ auth, body }) => submitMeterReading(deps, auth, body),
    );
    r.get(
      '/api/accounts/:accountNo/meter-readings',
      {
        operationId: 'listMyMeterReadings',
        summary: '我的报数记录',
        tags: ['billing'],
        access: access.resident,
        description: '该户号最近的自助报数(新的在前),含审核状态和驳回原因。',
        params: T.AccountNoParams,
        response: T.MyMeterReadingList,
        errors: { 404: '户号不存在' },
      },
      ({ auth, params }) => listMyMeterReadings(auth, params.accountNo),
    );
    r.get(
      '/api/staff/meter-readings',
      {
        operationId: 'listMeterReadings',
        summary: '自助报数审核列表',
        tags: ['billing'],
        access: access.staff(...REVIEWERS),
        description:
          '按片区的待审队列:照片(签名链接)、同户近期读数和异常标记(低于上次、远高于月均、本期已出账)。',
        query: T.ListMeterReadingsQuery,
        response: T.MeterReadingList,
      },
      ({ auth, query }) => listMeterReadings(deps, auth as StaffAuth, query),
    );
    r.post(
      '/api/staff/meter-readings/:readingId/accept',
      {
        operationId: 'acceptMeterReading',
        summary: '通过自助报数并出账',
        tags: ['billing'],
        access: access.staff(...REVIEWERS),
        params: T.MeterReadingParams,
        body: T.ReviewMeterReadingBody,
        response: T.MeterReading,
        errors: { 404: '记录不存在', 409: '已审核,或该户本期已出用量账单' },
      },
      ({ auth, params, body, ctx }) =>
        acceptMeterReading(deps, auth as StaffAuth, params.readingId, body.note, ctx.state.requestId),
    );
    r.post(
      '/api/staff/meter-readings/:readingId/reject',
      {
        operationId: 'rejectMeterReading',
        summary: '驳回自助报数',
        tags: ['billing'],
        access: access.staff(...REVIEWERS),
        params: T.MeterReadingParams,
        body: T.RejectMeterReadingBody,
        response: T.MeterReading,
        errors: { 404: '记录不存在', 409: '已审核' },
      },
      ({ auth, params, body, ctx }) =>
        rejectMeterReading(deps, auth as StaffAuth, params.readingId, body.note, ctx.state.requestId),
    );
  });
