// The merchant's CSV upload: GET shows the form, POST imports the file and shows the
// per-row report. Only staff with catalog.edit may use it. The upload is multipart/form-data,
// read by the platform's upload reader, which checks the form's CSRF token itself.
import type { FastifyRequest } from 'fastify';
import type { App } from '../../../platform/http/app.ts';
import type { Principal, StaffRole } from '../../../platform/http/principal.ts';
import { readUpload, registerUploadRoutes, UploadError, type UploadLimits } from '../../../platform/http/upload.ts';
import type { Platform } from '../../../platform/platform.ts';
import { sendPage } from '../../../web/page-context.ts';
import { addAdminNavItem, adminNav, requirePermission } from '../../staff/index.ts';
import { CSV_LIMITS, ImportFileError, importProducts } from './importer.ts';
import { IMPORT_PATH, ImportPage, ImportReportPage } from './ImportPage.tsx';

const STAFF: readonly StaffRole[] = ['agent', 'lead', 'admin'];

const UPLOAD_LIMITS: UploadLimits = { fileBytes: CSV_LIMITS.fileBytes, fields: 4 };

/** The signed-in staff member, who must hold catalog.edit (401/403 otherwise). */
async function merchantOf(request: FastifyRequest): Promise<Principal> {
  const principal = await request.principal();
  requirePermission(principal, 'catalog.edit');
  return principal as Principal;
}

export function registerImportRoutes(app: App, platform: Platform): void {
  addAdminNavItem({
    label: 'Import products',
    href: IMPORT_PATH,
    permission: 'catalog.edit',
    order: 130,
  });

  const showForm = async (request: FastifyRequest, staff: Principal, error?: string) => (
    <ImportPage
      ctx={await app.pages.context(request)}
      nav={adminNav(staff, IMPORT_PATH)}
      error={error}
    />
  );

  app.get(IMPORT_PATH, { config: { access: STAFF } }, async (request, reply) => {
    return sendPage(reply, await showForm(request, await merchantOf(request)));
  });

  registerUploadRoutes(app, UPLOAD_LIMITS, (scope) => {
    scope.post(IMPORT_PATH, { config: { access: STAFF, csrf: false } }, async (request, reply) => {
      const staff = await merchantOf(request);
      let upload;
      try {
        upload = await readUpload(platform.signer, request, UPLOAD_LIMITS);
      } catch (error) {
        if (!(error instanceof UploadError)) throw error;
        return sendPage(reply, await showForm(request, staff, error.message), error.status);
      }
      try {
        const report = await importProducts(platform, upload.data, {
          actor: `staff:${staff.id}`,
          source: upload.name,
        });
        platform.log.info(
          { staffId: staff.id, file: upload.name, ...report, failed: report.failed.length },
          'products imported from the admin',
        );
        return sendPage(
          reply,
          <ImportReportPage
            ctx={await app.pages.context(request)}
            nav={adminNav(staff, IMPORT_PATH)}
            fileName={upload.name}
            report={report}
          />,
        );
      } catch (error) {
        if (!(error instanceof ImportFileError)) throw error;
        return sendPage(reply, await showForm(request, staff, error.message), 422);
      }
    });
  });
}
