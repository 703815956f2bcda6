// The merchant's CSV upload: GET shows the form, POST imports the file and shows the
// per-row report. Only staff with catalog.edit may use it.
//
// The upload is multipart/form-data. The platform checks the CSRF token of a form in
// preValidation, before a multipart body has been read, so this one route opts out of that
// check (csrf: false) and makes the same check itself while reading the body: it refuses
// cross-site posts, and the signed `_csrf` field, which the form sends before the file,
// must match the `_csrf` cookie before a byte of the file is read. The access guard
// (preHandler) runs before the handler, so nobody without access gets the body read at all.
import multipart from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { basename } from 'node:path';
import type { App } from '../../../platform/http/app.ts';
import { CSRF_FIELD, CSRF_HEADER, isCrossSite, verifyCsrf } from '../../../platform/http/csrf.ts';
import { Problem } from '../../../platform/http/problem.ts';
import type { Principal, StaffRole } from '../../../platform/http/principal.ts';
import type { Platform } from '../../../platform/platform.ts';
import { sendPage } from '../../../web/page-context.ts';
import { addAdminNavItem, adminNav, requirePermission } from '../../staff/index.ts';
import { CSV_LIMITS, ImportFileError, importProducts } from './importer.ts';
import { IMPORT_PATH, ImportPage, ImportReportPage } from './ImportPage.tsx';

const STAFF: readonly StaffRole[] = ['agent', 'lead', 'admin'];

/** Why an upload cannot be read; shown on the form. */
class UploadError extends Error {
  readonly status: number;
  constructor(message: string, status: number) {
    super(message);
    this.status = status;
  }
}

function csrfProblem(): Problem {
  return new Problem({
    status: 403,
    type: 'csrf',
    title: 'This form has expired',
    detail:
      'For your safety the form could not be sent. Please go back, reload the page and try again.',
  });
}

/** Reads the one CSV file of the upload, after checking the form's CSRF token. */
async function readUpload(
  platform: Platform,
  request: FastifyRequest,
): Promise<{ name: string; data: Buffer }> {
  if (isCrossSite(request.headers)) throw csrfProblem();
  if (!request.isMultipart()) {
    throw new Problem({
      status: 415,
      type: 'unsupported-media-type',
      title: 'This content type is not accepted',
      detail: 'Send the file as multipart/form-data.',
    });
  }
  const header = request.headers[CSRF_HEADER];
  let verified =
    typeof header === 'string' && verifyCsrf(platform.signer, request.cookies[CSRF_FIELD], header);
  let upload: { name: string; data: Buffer } | undefined;
  try {
    for await (const part of request.parts()) {
      if (part.type === 'field') {
        if (part.fieldname === CSRF_FIELD && typeof part.value === 'string') {
          verified ||= verifyCsrf(platform.signer, request.cookies[CSRF_FIELD], part.value);
        }
        continue;
      }
      if (!verified) throw csrfProblem();
      const data = await part.toBuffer();
      if (part.fieldname === 'file')
        upload = { name: basename(part.filename || 'upload.csv').slice(0, 200), data };
    }
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 413) {
      throw new UploadError(
        `Choose one CSV file of at most ${CSV_LIMITS.fileBytes / (1024 * 1024)} MiB.`,
        413,
      );
    }
    throw error;
  }
  if (!verified) throw csrfProblem();
  if (!upload || upload.data.length === 0)
    throw new UploadError('Choose a CSV file to import.', 422);
  return upload;
}

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

  // The multipart parser is registered for this route only, with the upload's limits.
  void app.register(async (scope) => {
    await scope.register(multipart, {
      limits: {
        files: 1,
        fileSize: CSV_LIMITS.fileBytes,
        fields: 5,
        fieldSize: 1024,
        parts: 6,
        headerPairs: 50,
      },
    });
    scope.post(IMPORT_PATH, { config: { access: STAFF, csrf: false } }, async (request, reply) => {
      const staff = await merchantOf(request);
      let upload;
      try {
        upload = await readUpload(platform, request);
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
