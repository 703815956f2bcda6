// /admin/inventory/import: staff with inventory.edit upload a stock file; it is applied as one
// batch, named by the batch id on the form, and the page reports each row.
import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CsvFileError } from '../../../platform/csv.ts';
import type { App } from '../../../platform/http/app.ts';
import type { Principal, StaffRole } from '../../../platform/http/principal.ts';
import {
  readUpload,
  registerUploadRoutes,
  UploadError,
  type UploadLimits,
} from '../../../platform/http/upload.ts';
import type { Platform } from '../../../platform/platform.ts';
import { sendPage } from '../../../web/page-context.ts';
import { addAdminNavItem, adminNav, requirePermission } from '../../staff/index.ts';
import { actorOf } from './actor.ts';
import { applyStockBatch, BatchError } from './apply.ts';
import { readStockCsv, STOCK_CSV_LIMITS } from './csv.ts';
import { STOCK_IMPORT_PATH, StockImportPage, StockImportReportPage } from './StockImportPage.tsx';

const STAFF: readonly StaffRole[] = ['agent', 'lead', 'admin'];
const UPLOAD_LIMITS: UploadLimits = { fileBytes: STOCK_CSV_LIMITS.fileBytes, fields: 1 };

/** A fresh batch id for the form: the day and a random tail, e.g. stock-2025-03-03-k3x9qa. */
function freshBatchId(now: Date): string {
  return `stock-${now.toISOString().slice(0, 10)}-${randomBytes(6)
    .toString('base64url')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')}`;
}

async function editorOf(request: FastifyRequest): Promise<Principal> {
  const principal = await request.principal();
  requirePermission(principal, 'inventory.edit');
  return principal!;
}

export function registerStockImportRoutes(app: App, platform: Platform): void {
  addAdminNavItem({
    label: 'Import stock',
    href: STOCK_IMPORT_PATH,
    permission: 'inventory.edit',
    order: 240,
  });

  const showForm = async (
    request: FastifyRequest,
    reply: FastifyReply,
    staff: Principal,
    form: { batchId: string; batchIdError?: string; fileError?: string },
    status = 200,
  ) =>
    sendPage(
      reply,
      <StockImportPage
        ctx={await app.pages.context(request)}
        nav={adminNav(staff, STOCK_IMPORT_PATH)}
        batchId={form.batchId}
        batchIdError={form.batchIdError}
        fileError={form.fileError}
      />,
      status,
    );

  app.get(STOCK_IMPORT_PATH, { config: { access: STAFF } }, async (request, reply) => {
    return showForm(request, reply, await editorOf(request), {
      batchId: freshBatchId(platform.clock.now()),
    });
  });

  registerUploadRoutes(app, UPLOAD_LIMITS, (scope) => {
    scope.post(
      STOCK_IMPORT_PATH,
      { config: { access: STAFF, csrf: false } },
      async (request, reply) => {
        const staff = await editorOf(request);
        let upload;
        try {
          upload = await readUpload(platform.signer, request, UPLOAD_LIMITS);
        } catch (error) {
          if (!(error instanceof UploadError)) throw error;
          return showForm(
            request,
            reply,
            staff,
            { batchId: freshBatchId(platform.clock.now()), fileError: error.message },
            error.status,
          );
        }
        const batchId = (upload.fields.batchId ?? '').trim();
        try {
          const result = await applyStockBatch(platform, {
            batchId,
            source: 'csv',
            actor: actorOf(staff),
            lines: readStockCsv(upload.data),
          });
          if (!result.replayed) {
            platform.log.info(
              {
                batchId,
                staffId: staff.id,
                file: upload.name,
                applied: result.applied,
                failed: result.failed,
              },
              'stock file applied',
            );
          }
          return sendPage(
            reply,
            <StockImportReportPage
              ctx={await app.pages.context(request)}
              nav={adminNav(staff, STOCK_IMPORT_PATH)}
              fileName={upload.name}
              result={result}
            />,
          );
        } catch (error) {
          if (error instanceof CsvFileError)
            return showForm(request, reply, staff, { batchId, fileError: error.message }, 422);
          if (!(error instanceof BatchError)) throw error;
          const onBatchId = error.code === 'invalid-batch-id' || error.code === 'batch-id-reused';
          return showForm(
            request,
            reply,
            staff,
            onBatchId
              ? { batchId, batchIdError: error.message }
              : { batchId, fileError: error.message },
            422,
          );
        }
      },
    );
  });
}
