/** Console import: upload an .xlsx/.csv (multipart field "file" or the raw bytes), poll progress, download the report. */
import type Koa from 'koa';
import * as T from '@portal/types';
import type { AppDeps } from '../../../deps';
import { actorOf } from '../../../platform/audit';
import type { StaffAuth } from '../../../platform/auth/auth';
import { errors } from '../../../platform/http/errors';
import { access, collectRoutes } from '../../../platform/http/route';
import { uploadedFile } from '../../../platform/http/upload';
import { ImportJobModel, type ImportJobDoc } from './importJob.model';
import { importAccounts, problemsCsv } from './importAccounts';
import { toImportJob } from './importJobLifecycle';
import { importBills } from './importBills';

const tags = ['import'];
async function getJob(importId: string): Promise<ImportJobDoc> {
  const job = await ImportJobModel.findById(importId).lean<ImportJobDoc>();
  if (!job) throw errors.notFound('导入任务', 'IMPORT_NOT_FOUND');
  return job;
}

/** The handler both import endpoints share: the uploaded file (size-limited) into one kind of import. */
const runUploadedImport =
  (deps: AppDeps, run: typeof importAccounts) =>
  async ({ query, auth, ctx }: { query: { filename?: string }; auth: StaffAuth; ctx: unknown }) => {
    const { stream, filename } = await uploadedFile(ctx as Koa.Context, query.filename, deps.config.IMPORT_MAX_MB * 1048576);
    return run(stream, { filename, actor: actorOf(auth), requestId: (ctx as Koa.Context).state.requestId });
  };

export const importRoutes = (deps: AppDeps) =>
  collectRoutes((r) => {
    r.post(
      '/api/staff/imports',
      {
        operationId: 'importAccounts',
        summary: '导入户号与表具(Excel/CSV,按户号更新)',
        description:
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
      runUploadedImport(deps, importAccounts),
    );
    r.post(
      '/api/staff/imports/bills',
      {
        operationId: 'importBills',
        summary: '导入账单(Excel/CSV,按户号+账期更新;已缴或缴费中的账单不覆盖)',
        description:
          'Body as importAccounts. Headers in Chinese or English: 户号/accountNo, 账期/period (YYYY-MM), 金额/amount (元, up to 2 decimals), ' +
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
      runUploadedImport(deps, importBills),
    );
    r.get(
      '/api/staff/imports',
      { operationId: 'listImports', summary: '导入记录', tags, access: access.staff('admin'), query: T.Page, response: T.ImportJobList },
      async ({ query }) => {
        const [rows, total] = await Promise.all([
          ImportJobModel.find({}, { problems: { $slice: 20 } }).sort({ startedAt: -1 }).skip((query.page - 1) * query.pageSize).limit(query.pageSize).lean<ImportJobDoc[]>(),
          ImportJobModel.countDocuments(),
        ]);
        return { items: rows.map(toImportJob), total, page: query.page, pageSize: query.pageSize };
      },
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
      async ({ params }) => toImportJob(await getJob(params.importId)),
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
        const job = await getJob(params.importId);
        ctx.set('Content-Disposition', `attachment; filename="import-${params.importId}-problems.csv"`);
        ctx.type = 'text/csv; charset=utf-8';
        ctx.body = problemsCsv(job.problems.map((p) => ({ row: p.row ?? 0, column: p.column ?? '', problem: p.problem ?? '' })));
      },
    );
  });
