/**
 * Console import: upload an .xlsx/.csv (multipart field "file" or the raw bytes), which queues a job (see
 * importJob.runner.ts); poll its progress, cancel it, list past imports, download a report.
 */
import type Koa from 'koa';
import * as T from '@portal/types';
import type { AppDeps } from '../../../deps';
import { actorOf } from '../../../platform/audit';
import type { StaffAuth } from '../../../platform/auth/auth';
import { access, collectRoutes } from '../../../platform/http/route';
import { uploadedFile } from '../../../platform/http/upload';
import { billsImporter } from '../../billing';
import { accountsImporter, problemsCsv } from './importAccounts';
import { getImportJob, importJobProblems, listImportJobs } from './importJobLifecycle';
import { cancelImport, queueImport, type ImportKind, type Importers } from './importJob.runner';

const tags = ['import'];

/** Every kind of import the job runner knows (the bill import is billing's; it runs the same loop). */
export const importers: Importers = {
  accounts: accountsImporter as Importers['accounts'],
  bills: billsImporter as Importers['bills'],
};

/** The handler both import endpoints share: the uploaded file (size-limited), checked and queued as a job. */
const queueUploadedImport =
  (deps: AppDeps, kind: ImportKind) =>
  async ({ query, auth, ctx }: { query: { filename?: string }; auth: StaffAuth; ctx: unknown }) => {
    const { stream, filename } = await uploadedFile(
      ctx as Koa.Context,
      query.filename,
      deps.config.IMPORT_MAX_MB * 1048576,
    );
    return queueImport(deps, importers, {
      kind,
      stream,
      filename,
      actor: actorOf(auth),
      requestId: (ctx as Koa.Context).state.requestId,
    });
  };

export const importRoutes = (deps: AppDeps) =>
  collectRoutes((r) => {
    r.post(
      '/api/staff/imports',
      {
        operationId: 'importAccounts',
        summary: '导入户号与表具(Excel/CSV,按户号更新;上传后在后台分批导入)',
        description:
          'Answers at once with a queued job (poll getImport for progress, cancelImport to stop it). ' +
          'A wrong name, an unreadable file or missing columns is a 400 naming the file. ' +
          'Body: multipart/form-data with a "file" field, or the raw file bytes (Content-Type text/csv or the xlsx type, or ?filename=x.xlsx). ' +
          'Headers in Chinese or English (户号/accountNo, 户主/holderName, 电话/phone, 区/district, 小区/community, 楼栋/building, 单元/unit, 房号/room, 类型/utility, 表号/meterNo ...).',
        tags,
        access: access.staff('admin'),
        query: T.ImportQuery,
        upload: { field: 'file' },
        response: T.ImportJob,
        status: 201,
        errors: { 413: '文件过大' },
      },
      queueUploadedImport(deps, 'accounts'),
    );
    r.post(
      '/api/staff/imports/bills',
      {
        operationId: 'importBills',
        summary: '导入账单(Excel/CSV,按户号+账期更新;已缴或缴费中的账单不覆盖)',
        description:
          'Body and job as importAccounts. Headers in Chinese or English: 户号/accountNo, 账期/period (YYYY-MM), 金额/amount (元, up to 2 decimals), ' +
          '用量/usage, 到期日/dueDate, 状态/status (未缴/已缴), line items 燃气费/gasCharge, 水费/waterCharge, 供热费/heatingCharge, 保险费/insurance, ' +
          '调试费/commissioning, 材料费/materials, 滞纳金/lateFee, 其他费用/otherCharge (their sum must equal 金额).',
        tags,
        access: access.staff('admin'),
        query: T.ImportQuery,
        upload: { field: 'file' },
        response: T.ImportJob,
        status: 201,
        errors: { 413: '文件过大' },
      },
      queueUploadedImport(deps, 'bills'),
    );
    r.get(
      '/api/staff/imports',
      {
        operationId: 'listImports',
        summary: '导入记录',
        tags,
        access: access.staff('admin'),
        query: T.Page,
        response: T.ImportJobList,
      },
      ({ query }) => listImportJobs(query),
    );
    r.get(
      '/api/staff/imports/:importId',
      {
        operationId: 'getImport',
        summary: '导入进度与结果',
        tags,
        access: access.staff('admin'),
        params: T.ImportIdParams,
        response: T.ImportJob,
        errors: { 404: '导入任务不存在' },
      },
      ({ params }) => getImportJob(params.importId),
    );
    r.post(
      '/api/staff/imports/:importId/cancel',
      {
        operationId: 'cancelImport',
        summary: '取消导入(排队中的立即取消;进行中的在当前批次写完后停止,已导入的行保留)',
        tags,
        access: access.staff('admin'),
        params: T.ImportIdParams,
        response: T.ImportJob,
        errors: { 404: '导入任务不存在', 409: '导入已结束' },
      },
      ({ params, auth }) => cancelImport(params.importId, actorOf(auth)),
    );
    r.get(
      '/api/staff/imports/:importId/report',
      {
        operationId: 'downloadImportReport',
        summary: '下载导入问题报告(CSV:行号, 列, 问题)',
        tags,
        access: access.staff('admin'),
        params: T.ImportIdParams,
        raw: { contentType: 'text/csv' },
        errors: { 404: '导入任务不存在' },
      },
      async ({ params, ctx }) => {
        const problems = await importJobProblems(params.importId);
        ctx.set('Content-Disposition', `attachment; filename="import-${params.importId}-problems.csv"`);
        ctx.type = 'text/csv; charset=utf-8';
        ctx.body = problemsCsv(problems);
      },
    );
  });
