// /admin/maintenance: the windows still to end and the latest past ones, the schedule form,
// and one window's page (move its end, end it now, cancel it, announce it by email). Staff
// without maintenance.manage see the pages without their forms.
import type { ComponentChildren } from 'preact';
import { Alert } from '../../../web/components/Alert.tsx';
import { Button } from '../../../web/components/Button.tsx';
import { ErrorSummary } from '../../../web/components/ErrorSummary.tsx';
import { Field } from '../../../web/components/Field.tsx';
import { RadioGroup, TextAreaField } from '../../../web/components/fields.tsx';
import { Form } from '../../../web/components/Form.tsx';
import { Notice } from '../../../web/components/Notice.tsx';
import type { PageContext } from '../../../web/context.ts';
import type { FormErrors } from '../../../web/forms/form-errors.ts';
import { AdminLayout, type AdminNavItem } from '../../../web/layout/AdminLayout.tsx';
import { SCOPE_LABELS, type WindowForm } from '../form.ts';
import { MAINTENANCE_SCOPES, MESSAGE_MAX } from '../schema.ts';
import { formatMoment, formatSpan, zoneName, type StoreClock } from '../times.ts';
import { phaseOf, type MaintenanceWindow, type WindowPhase } from '../windows.ts';

export const MAINTENANCE_PATH = '/admin/maintenance';

const PHASE_LABELS: Record<WindowPhase, string> = { upcoming: 'Upcoming', running: 'Running now', over: 'Over', cancelled: 'Cancelled' };

interface Common {
  ctx: PageContext;
  nav: AdminNavItem[];
  store: StoreClock;
  now: Date;
  /** Whether the viewer may change windows (maintenance.manage). */
  canManage: boolean;
  notice?: string | undefined;
}

function WindowTable({ label, windows, store, now }: { label: string; windows: MaintenanceWindow[]; store: StoreClock; now: Date }) {
  return (
    <div class="table-wrap" tabIndex={0} role="region" aria-label={label}>
      <table class="table">
        <thead>
          <tr>
            <th scope="col">When ({zoneName(store, now)})</th>
            <th scope="col">What will not work</th>
            <th scope="col">State</th>
            <th scope="col">Announced</th>
          </tr>
        </thead>
        <tbody>
          {windows.map((window) => (
            <tr key={window.id}>
              <th scope="row">
                <a href={`${MAINTENANCE_PATH}/${window.id}`}>{formatSpan(window.startsAt, window.endsAt, store, true)}</a>
              </th>
              <td>
                {SCOPE_LABELS[window.scope]}: {window.message}
              </td>
              <td>{PHASE_LABELS[phaseOf(window, now)]}</td>
              <td>{window.announcedAt ? formatMoment(window.announcedAt, store) : 'Not yet'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function TimeFields({ which, form, errors, legend }: { which: 'start' | 'end'; form: WindowForm; errors?: FormErrors | undefined; legend: string }) {
  return (
    <fieldset class="fieldset fieldset--plain">
      <legend class="field__label">{legend}</legend>
      <Field name={`${which}Date`} label="Day" type="date" value={form[`${which}Date`]} error={errors?.for(`${which}Date`)} required />
      <Field name={`${which}Time`} label="Time" type="time" value={form[`${which}Time`]} error={errors?.for(`${which}Time`)} required />
    </fieldset>
  );
}

export function MaintenancePage({ ctx, nav, store, now, canManage, notice, windows, schedule, settings }: Common & { windows: { current: MaintenanceWindow[]; past: MaintenanceWindow[] }; schedule: { form: WindowForm; errors?: FormErrors | undefined }; settings: ComponentChildren }) {
  return (
    <AdminLayout ctx={ctx} title="Maintenance" nav={nav}>
      <div class="admin-heading">
        <h1>Maintenance</h1>
      </div>
      <Notice message={notice} />
      <p>Plan the times when checkout or the whole store will not work, so customers hear of it beforehand and nobody loses what they typed.</p>
      <h2 class="admin-subheading">Upcoming and running</h2>
      {windows.current.length === 0 ? <p>Nothing planned.</p> : <WindowTable label="Upcoming and running windows" windows={windows.current} store={store} now={now} />}
      {canManage && (
        <>
          <h2 id="schedule-title" class="admin-subheading">
            Schedule a window
          </h2>
          {schedule.errors && <ErrorSummary errors={schedule.errors.list} />}
          <Form csrfToken={ctx.csrfToken} action={MAINTENANCE_PATH} aria-labelledby="schedule-title" noValidate>
            <p class="muted small">Times are in the store’s time zone, {store.timeZone} ({zoneName(store, now)}). A window lasts at most 24 hours and may not overlap another.</p>
            <TimeFields which="start" legend="Starts" form={schedule.form} errors={schedule.errors} />
            <TimeFields which="end" legend="Ends" form={schedule.form} errors={schedule.errors} />
            <RadioGroup name="scope" legend="What will not work" value={schedule.form.scope} choices={MAINTENANCE_SCOPES.map((scope) => ({ value: scope, label: SCOPE_LABELS[scope] }))} error={schedule.errors?.for('scope')} />
            <TextAreaField
              name="message"
              label="Message to customers"
              value={schedule.form.message}
              error={schedule.errors?.for('message')}
              hint="What will not work and why, in your own words, e.g. “We are moving to a faster payment system.”"
              required
              rows={3}
              maxLength={MESSAGE_MAX}
            />
            <Button>Schedule</Button>
          </Form>
        </>
      )}
      {settings}
      <h2 class="admin-subheading">Past and cancelled</h2>
      {windows.past.length === 0 ? <p>None yet.</p> : <WindowTable label="Past and cancelled windows" windows={windows.past} store={store} now={now} />}
    </AdminLayout>
  );
}

export function WindowPage({ ctx, nav, store, now, canManage, notice, window, edit }: Common & { window: MaintenanceWindow; edit: { form: WindowForm; errors?: FormErrors | undefined } }) {
  const phase = phaseOf(window, now);
  const open = phase === 'upcoming' || phase === 'running';
  const path = `${MAINTENANCE_PATH}/${window.id}`;
  return (
    <AdminLayout ctx={ctx} title="Maintenance window" nav={nav}>
      <div class="admin-heading">
        <h1>Maintenance window</h1>
      </div>
      <Notice message={notice} />
      <dl class="facts">
        <dt>When</dt>
        <dd>
          {formatSpan(window.startsAt, window.endsAt, store)} ({zoneName(store, window.startsAt)})
        </dd>
        <dt>What will not work</dt>
        <dd>{SCOPE_LABELS[window.scope]}</dd>
        <dt>Message</dt>
        <dd>{window.message}</dd>
        <dt>State</dt>
        <dd>{PHASE_LABELS[phase]}</dd>
        <dt>Announced by email</dt>
        <dd>{window.announcedAt ? formatMoment(window.announcedAt, store) : 'Not yet'}</dd>
      </dl>
      {canManage && open && (
        <>
          <h2 class="admin-subheading">Announce by email</h2>
          {window.announcedAt ? (
            <p>It was announced on {formatMoment(window.announcedAt, store)}; each person hears of a window once.</p>
          ) : (
            <Form csrfToken={ctx.csrfToken} action={`${path}/announce`} aria-label="Announce by email">
              <p>One email to each confirmed status subscriber, each customer with an unpaid order, and each signed-in customer with something in their cart or shopper who typed their address at checkout in the last 7 days. It can be sent once.</p>
              <Button>Announce by email</Button>
            </Form>
          )}
          <h2 id="end-title" class="admin-subheading">
            Change the end
          </h2>
          {edit.errors && <ErrorSummary errors={edit.errors.list} />}
          <Form csrfToken={ctx.csrfToken} action={path} aria-labelledby="end-title" noValidate>
            <TimeFields which="end" legend={`Ends (${store.timeZone})`} form={edit.form} errors={edit.errors} />
            <Button variant="secondary">Save the new end</Button>
          </Form>
          {phase === 'running' ? (
            <Form csrfToken={ctx.csrfToken} action={`${path}/end`} aria-label="End now">
              <Button variant="secondary">End now</Button>
            </Form>
          ) : (
            <Form csrfToken={ctx.csrfToken} action={`${path}/cancel`} aria-label="Cancel this window">
              <Button variant="danger">Cancel this window</Button>
            </Form>
          )}
        </>
      )}
      {!open && <Alert tone="info">This window is {phase === 'cancelled' ? 'cancelled' : 'over'}; it can no longer be changed.</Alert>}
      <p>
        <a href={MAINTENANCE_PATH}>All maintenance windows</a>
      </p>
    </AdminLayout>
  );
}
