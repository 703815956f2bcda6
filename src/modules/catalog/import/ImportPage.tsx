// The merchant's CSV import: the upload form, and the per-row report after an import.
import type { PageContext } from '../../../web/context.ts';
import { Alert } from '../../../web/components/Alert.tsx';
import { Button, ButtonLink } from '../../../web/components/Button.tsx';
import { Form } from '../../../web/components/Form.tsx';
import { AdminLayout, type AdminNavItem } from '../../../web/layout/AdminLayout.tsx';
import { CSV_LIMITS, type ImportReport } from './importer.ts';

export const IMPORT_PATH = '/admin/catalog/import';
/** The report lists this many failures; the rest are counted. */
export const FAILURES_SHOWN = 500;

const MiB = 1024 * 1024;
const plural = (n: number, one: string, many = `${one}s`) =>
  `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

export interface ImportPageProps {
  ctx: PageContext;
  nav: AdminNavItem[];
  /** Why the last file could not be imported at all. */
  error?: string | undefined;
}

export function ImportPage({ ctx, nav, error }: ImportPageProps) {
  return (
    <AdminLayout ctx={ctx} title="Import products" nav={nav}>
      <h1>Import products</h1>
      <p>
        Upload a product CSV in Shopify’s format (one row per variant, extra rows for more images).
        Products are matched by their handle and variants by their option values, so importing a
        file again updates what changed and leaves the rest alone. A row with bad data is reported
        with its line number; its product is skipped, and every other product is imported.
      </p>
      {error && (
        <Alert tone="error" title="The file was not imported">
          <p>{error}</p>
        </Alert>
      )}
      <Form csrfToken={ctx.csrfToken} action={IMPORT_PATH} encType="multipart/form-data">
        <div class={error ? 'field field--invalid' : 'field'}>
          <label class="field__label" for="import-file">
            CSV file
          </label>
          <p class="field__hint" id="import-file-hint">
            UTF-8 CSV with a Handle column, at most {CSV_LIMITS.fileBytes / MiB} MiB and{' '}
            {CSV_LIMITS.rows.toLocaleString('en-US')} rows.
          </p>
          <input
            class="input"
            id="import-file"
            type="file"
            name="file"
            accept=".csv,text/csv"
            required
            aria-describedby="import-file-hint"
            aria-invalid={error ? 'true' : undefined}
          />
        </div>
        <Button>Import</Button>
      </Form>
    </AdminLayout>
  );
}

export interface ImportReportPageProps {
  ctx: PageContext;
  nav: AdminNavItem[];
  fileName: string;
  report: ImportReport;
}

export function ImportReportPage({ ctx, nav, fileName, report }: ImportReportPageProps) {
  const skipped = report.products - report.created - report.updated - report.unchanged;
  const shown = report.failed.slice(0, FAILURES_SHOWN);
  const counts: [string, number][] = [
    ['Products in the file', report.products],
    ['Rows in the file', report.rows],
    ['Created', report.created],
    ['Updated', report.updated],
    ['Unchanged', report.unchanged],
    ['Not imported', skipped],
  ];
  return (
    <AdminLayout ctx={ctx} title="Import report" nav={nav}>
      <h1>Import report</h1>
      <p>
        File: <strong>{fileName}</strong>
      </p>
      {report.failed.length === 0 ? (
        <Alert tone="success" title="Everything was imported">
          <p>
            {plural(report.created, 'product')} created, {plural(report.updated, 'product')}{' '}
            updated, {plural(report.unchanged, 'product')} unchanged.
          </p>
        </Alert>
      ) : (
        <Alert
          tone="warning"
          title={`${plural(report.failed.length, 'row')} could not be imported`}
        >
          <p>
            A product with a bad row is skipped whole; the other products were imported. Fix the
            rows below and import the file again: products already imported stay unchanged.
          </p>
        </Alert>
      )}
      <div class="table-wrap">
        <table class="table">
          <caption>Summary</caption>
          <tbody>
            {counts.map(([label, value]) => (
              <tr key={label}>
                <th scope="row">{label}</th>
                <td class="num">{value.toLocaleString('en-US')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {shown.length > 0 && (
        <section aria-labelledby="import-failures">
          <h2 id="import-failures">Rows that were not imported</h2>
          <div class="table-wrap">
            <table class="table">
              <caption class="visually-hidden">Rows that were not imported, by line</caption>
              <thead>
                <tr>
                  <th scope="col" class="num">
                    Line
                  </th>
                  <th scope="col">Handle</th>
                  <th scope="col">Reason</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((failure, i) => (
                  <tr key={`${failure.line}-${i}`}>
                    <td class="num">{failure.line}</td>
                    <td>
                      {failure.handle ? (
                        <code>{failure.handle}</code>
                      ) : (
                        <span class="muted">(none)</span>
                      )}
                    </td>
                    <td>{failure.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {report.failed.length > shown.length && (
            <p class="muted">
              {plural(report.failed.length - shown.length, 'more row')} not shown.
            </p>
          )}
        </section>
      )}
      <p>
        <ButtonLink href={IMPORT_PATH}>Import another file</ButtonLink>
      </p>
    </AdminLayout>
  );
}
