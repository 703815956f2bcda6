// The console's own pages: the macros and their editor (with the placeholders a macro may
// use), the satisfaction report over a period, and the escalation setting.
import { Alert } from '../../../web/components/Alert.tsx';
import { Button, ButtonLink } from '../../../web/components/Button.tsx';
import { Field } from '../../../web/components/Field.tsx';
import { TextAreaField } from '../../../web/components/fields.tsx';
import { Form } from '../../../web/components/Form.tsx';
import type { PageContext } from '../../../web/context.ts';
import { AdminLayout, type AdminNavItem } from '../../../web/layout/AdminLayout.tsx';
import { MACRO_PLACEHOLDERS, MACRO_TITLE_MAX, type Macro } from '../macros.ts';
import type { CsatReport, CsatRow } from '../satisfaction.ts';
import { MESSAGE_MAX } from '../schema.ts';
import { ADMIN_SUPPORT_PATH, ESCALATION_PATH, MACROS_PATH, SATISFACTION_PATH, TIER_LABELS } from './parts.tsx';

export function MacrosPage({ ctx, nav, macros, mayEdit }: { ctx: PageContext; nav: AdminNavItem[]; macros: readonly Macro[]; mayEdit: boolean }) {
  return (
    <AdminLayout ctx={ctx} title="Macros" nav={nav}>
      <p class="small">
        <a href={ADMIN_SUPPORT_PATH}>← Support</a>
      </p>
      <div class="admin-heading">
        <h1>Macros</h1>
        {mayEdit && <ButtonLink href={`${MACROS_PATH}/new`}>New macro</ButtonLink>}
      </div>
      <p>Canned replies: on a ticket, choose one and press “Insert macro”; its placeholders are filled from the ticket and you can change the text before sending.</p>
      {macros.length === 0 ? (
        <p>No macros yet.</p>
      ) : (
        <ul class="stack">
          {macros.map((macro) => (
            <li key={macro.id} class="card">
              <h2>{mayEdit ? <a href={`${MACROS_PATH}/${macro.id}`}>{macro.title}</a> : macro.title}</h2>
              <p class="small" style="white-space: pre-wrap">
                {macro.body}
              </p>
            </li>
          ))}
        </ul>
      )}
    </AdminLayout>
  );
}

export function MacroEditPage({ ctx, nav, id, values, errors }: { ctx: PageContext; nav: AdminNavItem[]; id: string | null; values: { title: string; body: string }; errors: readonly { field: string; message: string }[] }) {
  const errorOf = (field: string) => {
    const found = errors.filter((e) => e.field === field).map((e) => `${field === 'title' ? 'The title' : 'The text'} ${e.message}.`);
    return found.length ? found.join(' ') : undefined;
  };
  const action = id ? `${MACROS_PATH}/${id}` : `${MACROS_PATH}/new`;
  const titleError = errorOf('title');
  const bodyError = errorOf('body');
  return (
    <AdminLayout ctx={ctx} title={id ? 'Change a macro' : 'New macro'} nav={nav}>
      <p class="small">
        <a href={MACROS_PATH}>← Macros</a>
      </p>
      <h1>{id ? 'Change a macro' : 'New macro'}</h1>
      {errors.length > 0 && (
        <Alert tone="error" title="The macro was not saved">
          <p>Correct what is marked below.</p>
        </Alert>
      )}
      <Form csrfToken={ctx.csrfToken} action={action} noValidate>
        <Field name="title" label="Title" value={values.title} maxLength={MACRO_TITLE_MAX} required {...(titleError ? { error: titleError } : {})} />
        <TextAreaField name="body" label="Text" value={values.body} rows={10} maxLength={MESSAGE_MAX} required error={bodyError} hint="Placeholders are written in double braces, e.g. {{customer.name}}." />
        <div class="button-row">
          <Button>Save</Button>
        </div>
      </Form>
      <h2>Placeholders</h2>
      <dl>
        {Object.entries(MACRO_PLACEHOLDERS).map(([name, meaning]) => (
          <>
            <dt>
              <code>{`{{${name}}}`}</code>
            </dt>
            <dd>{meaning}</dd>
          </>
        ))}
      </dl>
      {id && (
        <Form csrfToken={ctx.csrfToken} action={`${MACROS_PATH}/${id}/delete`}>
          <Button variant="secondary">Delete this macro</Button>
        </Form>
      )}
    </AdminLayout>
  );
}

export interface Period {
  from: Date;
  /** Inclusive. */
  to: Date;
  error: string | null;
}

const isoDay = (date: Date) => date.toISOString().slice(0, 10);

function CsatTable({ caption, rows, label }: { caption: string; rows: readonly CsatRow[]; label: (key: string | null) => string }) {
  return (
    <div class="table-wrap" tabIndex={0} role="region" aria-label={caption}>
      <table class="table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{caption.replace(/^By /, '')}</th>
            <th scope="col" class="num">
              Good
            </th>
            <th scope="col" class="num">
              Not good
            </th>
            <th scope="col" class="num">
              Satisfaction
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key ?? 'none'}>
              <th scope="row">{label(row.key)}</th>
              <td class="num">{row.good}</td>
              <td class="num">{row.bad}</td>
              <td class="num">{row.percent === null ? '—' : `${row.percent} %`}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function SatisfactionPage({ ctx, nav, period, report, staffNames }: { ctx: PageContext; nav: AdminNavItem[]; period: Period; report: CsatReport; staffNames: ReadonlyMap<string, string> }) {
  const rated = report.total.good + report.total.bad;
  return (
    <AdminLayout ctx={ctx} title="Customer satisfaction" nav={nav}>
      <p class="small">
        <a href={ADMIN_SUPPORT_PATH}>← Support</a>
      </p>
      <h1>Customer satisfaction</h1>
      <form class="admin-filters" method="get" action={SATISFACTION_PATH} aria-label="Period">
        <Field name="from" label="From" type="date" value={isoDay(period.from)} />
        <Field name="to" label="To (included)" type="date" value={isoDay(period.to)} />
        <div class="button-row">
          <Button variant="secondary">Show</Button>
        </div>
      </form>
      {period.error && (
        <Alert tone="warning" title="Check the period">
          <p>{period.error}</p>
        </Alert>
      )}
      <p role="status">
        {rated === 0
          ? 'No request was rated in this period.'
          : `${rated} rating${rated === 1 ? '' : 's'} from ${isoDay(period.from)} to ${isoDay(period.to)}: ${report.total.percent} % good (${report.total.good} good, ${report.total.bad} not good).`}
      </p>
      {rated > 0 && (
        <>
          <CsatTable caption="By agent" rows={report.byAgent} label={(key) => (key ? (staffNames.get(key) ?? 'A former staff member') : 'Unassigned')} />
          <CsatTable caption="By queue" rows={report.byQueue} label={(key) => key ?? '—'} />
          <CsatTable caption="By tier" rows={report.byTier} label={(key) => (key && key in TIER_LABELS ? TIER_LABELS[key as keyof typeof TIER_LABELS] : 'No tier recorded')} />
        </>
      )}
    </AdminLayout>
  );
}

export function EscalationPage({ ctx, nav, percent, mayEdit, error }: { ctx: PageContext; nav: AdminNavItem[]; percent: number; mayEdit: boolean; error?: string }) {
  return (
    <AdminLayout ctx={ctx} title="Escalation" nav={nav}>
      <p class="small">
        <a href={ADMIN_SUPPORT_PATH}>← Support</a>
      </p>
      <h1>Escalation</h1>
      <p>
        A ticket still waiting for its answer (or its solution) once {percent} % of its promised time has passed is raised one priority step, and the desk's leads get an email about it. The
        check runs every five minutes, with the sweep that records missed answer times.
      </p>
      {error && (
        <Alert tone="error" title="Nothing was changed">
          <p>{error}</p>
        </Alert>
      )}
      {mayEdit && (
        <Form csrfToken={ctx.csrfToken} action={ESCALATION_PATH}>
          <Field name="percent" label="Escalate at (% of the answer time)" type="number" value={percent} required />
          <div class="button-row">
            <Button>Save</Button>
          </div>
        </Form>
      )}
    </AdminLayout>
  );
}
