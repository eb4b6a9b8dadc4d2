/**
 * 节假日安排 endpoints: the calendar status (with the missing-year warning), one year's days, entering or
 * removing a year, and importing a file. Holidays are company-wide, so there is no area to check: any
 * supervisor or admin may enter them; dispatchers and managers may read them.
 */
import type Koa from 'koa';
import * as T from '@portal/types';
import type { AppDeps } from '../../deps';
import { actorOf } from '../../platform/audit';
import { access, collectRoutes } from '../../platform/http/route';
import { uploadedFile } from '../../platform/http/upload';
import {
  deleteHolidayYear,
  getHolidayYear,
  holidayStatus,
  importHolidayFile,
  putHolidayYear,
} from './holidays.service';

const tags = ['holidays'];
const READ = access.staff('supervisor', 'admin', 'dispatcher', 'manager');
const WRITE = access.staff('supervisor', 'admin');

export const holidayRoutes = (deps: AppDeps) =>
  collectRoutes((r) => {
    r.get(
      '/api/staff/holidays',
      {
        operationId: 'getHolidayCalendar',
        summary: '节假日安排:各年份录入情况与缺失提醒',
        tags,
        access: READ,
        response: T.HolidayCalendarStatus,
      },
      () => holidayStatus(deps.clock.now()),
    );
    r.get(
      '/api/staff/holidays/:year',
      {
        operationId: 'getHolidayYear',
        summary: '某年的法定节假日与调休上班日',
        tags,
        access: READ,
        params: T.HolidayYearParams,
        response: T.HolidayYear,
      },
      ({ params }) => getHolidayYear(params.year),
    );
    r.put(
      '/api/staff/holidays/:year',
      {
        operationId: 'putHolidayYear',
        summary: '录入某年的节假日安排(整年替换)',
        tags,
        access: WRITE,
        params: T.HolidayYearParams,
        body: T.PutHolidayYearBody,
        response: T.HolidayYear,
      },
      ({ params, body, auth, ctx }) =>
        putHolidayYear(
          params.year,
          body.days,
          { actor: actorOf(auth), requestId: ctx.state.requestId },
          deps.clock.now(),
        ),
    );
    r.delete(
      '/api/staff/holidays/:year',
      {
        operationId: 'deleteHolidayYear',
        summary: '删除某年录入的节假日安排(恢复为随版本发布的安排,或周一至周五)',
        tags,
        access: WRITE,
        params: T.HolidayYearParams,
        response: T.HolidayYear,
        errors: { 404: '该年没有录入的安排' },
      },
      ({ params, auth, ctx }) =>
        deleteHolidayYear(
          params.year,
          { actor: actorOf(auth), requestId: ctx.state.requestId },
          deps.clock.now(),
        ),
    );
    r.post(
      '/api/staff/holidays/import',
      {
        operationId: 'importHolidays',
        summary: '从文件导入节假日安排(Excel/CSV:日期、类型(放假/上班)、名称;文件中出现的年份整年替换)',
        description:
          'Body: multipart/form-data with a "file" field, or the raw file bytes (Content-Type text/csv or the xlsx type, or ?filename=x.csv).',
        tags,
        access: WRITE,
        query: T.ImportQuery,
        upload: { field: 'file' },
        response: T.HolidayImportResult,
        errors: { 413: '文件过大' },
      },
      async ({ query, auth, ctx }) => {
        const { stream, filename } = await uploadedFile(
          ctx as Koa.Context,
          query.filename,
          deps.config.IMPORT_MAX_MB * 1048576,
        );
        return importHolidayFile(
          stream,
          filename,
          { actor: actorOf(auth), requestId: ctx.state.requestId },
          deps.clock.now(),
        );
      },
    );
  });
