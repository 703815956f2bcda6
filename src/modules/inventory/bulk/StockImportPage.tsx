// The stock file upload: the form (with the file format and an example), and the per-line
// report of a batch, first applied or replayed.
import type { PageContext } from '../../../web/context.ts';
import { Alert } from '../../../web/components/Alert.tsx';
import { Button, ButtonLink } from '../../../web/components/Button.tsx';
import { Field } from '../../../web/components/Field.tsx';
import { Form } from '../../../web/components/Form.tsx';
import { AdminLayout, type AdminNavItem } from '../../../web/layout/AdminLayout.tsx';
import { MAX_BATCH_LINES, type BatchResult } from './apply.ts';
import { STOCK_CSV_COLUMNS, STOCK_CSV_LIMITS } from './csv.ts';

export const STOCK_IMPORT_PATH = '/admin/inventory/import';

const MiB = 1024 * 1024;
const count = (n: number, one: string, many = `${one}s`) =>
  `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

const EXAMPLE = `sku,location,set,delta,reason
TSHIRT-BLUE-M,main,25,,Monthly count
TSHIRT-BLUE-L,,,12,Delivery from supplier
MUG-WHITE,east,,-2,Broken in the warehouse`;

export interface StockImportPageProps {
  ctx: PageContext;
  nav: AdminNavItem[];
  batchId: string;
  /** Why the batch id was refused. */
  batchIdError?: string | undefined;
  /** Why the file could not be applied at all. */
  fileError?: string | undefined;
}

export function StockImportPage({
  ctx,
  nav,
  batchId,
  batchIdError,
  fileError,
}: StockImportPageProps) {
  const failed = batchIdError ?? fileError;
  return (
    <AdminLayout ctx={ctx} title="Import stock" nav={nav}>
      <h1>Import stock</h1>
      <p>
        Upload a stock file from your warehouse to set counted stock or to add and remove units,
        many SKUs at once. Each row is applied on its own: a row with an unknown SKU, a quantity
        that is not a whole number or more units taken off than there are is reported with its line
        number, and every other row is applied.
      </p>
      {failed && (
        <Alert tone="error" title="Nothing was applied">
          <p>{failed}</p>
        </Alert>
      )}
      <Form csrfToken={ctx.csrfToken} action={STOCK_IMPORT_PATH} encType="multipart/form-data">
        <Field
          name="batchId"
          label="Batch id"
          value={batchId}
          required
          maxLength={100}
          hint="Names this upload. Uploading the same file with the same id again changes nothing, so a double click or a retry is safe. Letters, digits, dots, underscores, colons and hyphens."
          error={batchIdError}
        />
        <div class={fileError ? 'field field--invalid' : 'field'}>
          <label class="field__label" for="stock-file">
            Stock file (CSV)
          </label>
          <p class="field__hint" id="stock-file-hint">
            UTF-8 CSV with a header row, at most {STOCK_CSV_LIMITS.fileBytes / MiB} MiB and{' '}
            {MAX_BATCH_LINES.toLocaleString('en-US')} rows.
          </p>
          <input
            class="input"
            id="stock-file"
            type="file"
            name="file"
            accept=".csv,text/csv"
            required
            aria-describedby="stock-file-hint"
            aria-invalid={fileError ? 'true' : undefined}
          />
        </div>
        <Button>Apply stock file</Button>
      </Form>

      <h2>The file format</h2>
      <p>
        The first line names the columns: <code>{STOCK_CSV_COLUMNS.join(',')}</code>. Each following
        row changes one SKU at one location:
      </p>
      <ul>
        <li>
          <code>sku</code> — the variant’s SKU, as in the catalogue.
        </li>
        <li>
          <code>location</code> — the stock location’s code; leave it empty for the default
          location.
        </li>
        <li>
          <code>set</code> — the number of units counted on hand, or <code>delta</code> — units to
          add (or to remove, with a minus sign). Fill in one of the two.
        </li>
        <li>
          <code>reason</code> — optional; it appears in the stock ledger.
        </li>
      </ul>
      <p>For example:</p>
      <pre class="small">{EXAMPLE}</pre>
    </AdminLayout>
  );
}

export interface StockImportReportPageProps {
  ctx: PageContext;
  nav: AdminNavItem[];
  fileName: string;
  result: BatchResult;
}

export function StockImportReportPage({ ctx, nav, fileName, result }: StockImportReportPageProps) {
  const title = result.replayed ? 'Stock file already applied' : 'Stock file applied';
  const totals = `${count(result.applied, 'row')} applied, ${count(result.failed, 'row')} not applied`;
  return (
    <AdminLayout ctx={ctx} title={title} nav={nav}>
      <h1>{title}</h1>
      {result.replayed ? (
        <Alert tone="info" title="Nothing changed this time">
          <p>
            The batch <code>{result.batchId}</code> was applied before, with the same rows: {totals}
            . Here is what happened then. To apply a new file, give it a new batch id.
          </p>
        </Alert>
      ) : (
        <Alert tone={result.failed ? 'warning' : 'success'} title={totals}>
          <p>
            {fileName}, batch <code>{result.batchId}</code>.{' '}
            {result.failed > 0 &&
              'The rows that were not applied are listed below with the reason; fix them and upload them as a new batch.'}
          </p>
        </Alert>
      )}
      <div class="table-wrap">
        <table class="table">
          <caption>Outcome per row of the file</caption>
          <thead>
            <tr>
              <th scope="col" class="num">
                Line
              </th>
              <th scope="col">SKU</th>
              <th scope="col">Location</th>
              <th scope="col">Outcome</th>
              <th scope="col" class="num">
                On hand before
              </th>
              <th scope="col" class="num">
                On hand after
              </th>
            </tr>
          </thead>
          <tbody>
            {result.lines.map((line) => (
              <tr key={line.line}>
                <td class="num">{line.line}</td>
                <td>{line.sku || '—'}</td>
                <td>{line.location || '—'}</td>
                <td>
                  {line.status === 'applied'
                    ? 'Applied'
                    : `Not applied: ${line.error?.message ?? ''}`}
                </td>
                <td class="num">{line.onHandBefore ?? '—'}</td>
                <td class="num">{line.onHandAfter ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p>
        <ButtonLink href={STOCK_IMPORT_PATH}>Import another file</ButtonLink>
      </p>
    </AdminLayout>
  );
}
