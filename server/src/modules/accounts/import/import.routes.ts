/** Console import: upload an .xlsx/.csv (multipart field "file" or the raw bytes), poll progress, download the report. */
import { Transform, type Readable } from 'node:stream';
import type Koa from 'koa';
import Busboy from 'busboy';
import * as T from '@portal/types';
import type { AppDeps } from '../../../deps';
import { actorOf } from '../../../platform/audit';
import type { StaffAuth } from '../../../platform/auth/auth';
import { errors } from '../../../platform/http/errors';
import { access, collectRoutes } from '../../../platform/http/route';
import { importBills } from '../../billing';
import { importAccounts, problemsCsv } from './importAccounts';
import { getImportJob, importJobProblems, listImportJobs } from './importJobLifecycle';

const tags = ['import'];
const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function limitBytes(max: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      seen += chunk.length;
      if (seen > max) cb(errors.fileTooLarge(Math.round(max / 1048576)));
      else cb(null, chunk);
    },
  });
}

/** The uploaded file as a stream, with its name. */
function uploadedFile(ctx: Koa.Context, nameFromQuery: string | undefined, maxBytes: number): Promise<{ stream: Readable; filename: string }> {
  if (ctx.is('multipart/form-data')) {
    return new Promise((resolve, reject) => {
      let bb: ReturnType<typeof Busboy>;
      try {
        bb = Busboy({ headers: ctx.req.headers, limits: { files: 1 }, defParamCharset: 'utf8' });
      } catch {
        reject(errors.malformedUpload());
        return;
      }
      let got = false;
      bb.on('file', (_field, stream, info) => {
        got = true;
        resolve({ stream: stream.pipe(limitBytes(maxBytes)), filename: nameFromQuery ?? info.filename ?? 'upload' });
      });
      bb.on('close', () => !got && reject(errors.validation([{ path: 'file', message: '缺少文件' }])));
      bb.on('error', () => reject(errors.malformedUpload()));
      ctx.req.pipe(bb);
    });
  }
  const guessed = ctx.is(XLSX_MIME) ? 'upload.xlsx' : ctx.is('text/csv') ? 'upload.csv' : undefined;
  const filename = nameFromQuery ?? guessed;
  if (!filename) throw errors.validation([{ path: 'query.filename', message: '请提供文件名(.xlsx 或 .csv)' }]);
  const limiter = limitBytes(maxBytes);
  ctx.req.on('error', (e) => limiter.destroy(e));
  return Promise.resolve({ stream: ctx.req.pipe(limiter), filename });
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
