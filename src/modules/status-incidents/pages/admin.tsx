// /admin/status/incidents: open incidents and the latest resolved, the form that opens one, and
// one incident's page with its updates and the form that posts the next (or resolves it).
// Staff without maintenance.manage see the pages without their forms.
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
import { COMPONENTS } from '../../site/index.ts';
import type { Incident, IncidentWithUpdates } from '../incidents.ts';
import { IMPACTS, INCIDENT_STATES, TITLE_MAX, UPDATE_MAX } from '../schema.ts';
import { componentNames, formatMoment, IMPACT_LABELS, INCIDENT_STATE_LABELS, INCIDENTS_ADMIN_PATH, INCIDENTS_PUBLIC_PATH } from '../words.ts';

export interface IncidentForm {
  title: string;
  components: string[];
  impact: string;
  state: string;
  message: string;
}

export const emptyIncidentForm = (): IncidentForm => ({ title: '', components: [], impact: 'degraded', state: 'investigating', message: '' });

interface Common {
  ctx: PageContext;
  nav: AdminNavItem[];
  store: { locale: string; timeZone: string };
  canManage: boolean;
  notice?: string | undefined;
}

const OPEN_STATES = INCIDENT_STATES.filter((state) => state !== 'resolved');

function IncidentTable({ label, list, store }: { label: string; list: Incident[]; store: Common['store'] }) {
  return (
    <div class="table-wrap" tabIndex={0} role="region" aria-label={label}>
      <table class="table">
        <thead>
          <tr>
            <th scope="col">Incident</th>
            <th scope="col">Affects</th>
            <th scope="col">State</th>
            <th scope="col">Began</th>
            <th scope="col">Opened by</th>
          </tr>
        </thead>
        <tbody>
          {list.map((incident) => (
            <tr key={incident.id}>
              <th scope="row">
                <a href={`${INCIDENTS_ADMIN_PATH}/${incident.id}`}>{incident.title}</a>
              </th>
              <td>
                {componentNames(incident.components)} ({IMPACT_LABELS[incident.impact].toLowerCase()})
              </td>
              <td>{INCIDENT_STATE_LABELS[incident.state]}</td>
              <td>{formatMoment(incident.openedAt, store)}</td>
              <td>{incident.openedBy === 'system' ? 'The store itself' : 'Staff'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function IncidentsPage({ ctx, nav, store, canManage, notice, list, form, errors }: Common & { list: { open: Incident[]; resolved: Incident[] }; form: IncidentForm; errors?: FormErrors | undefined }) {
  return (
    <AdminLayout ctx={ctx} title="Incidents" nav={nav}>
      <div class="admin-heading">
        <h1>Incidents</h1>
      </div>
      <Notice message={notice} />
      <p>
        What customers read on <a href="/status">the status page</a> when something is not working. Confirmed status subscribers get one email when an incident opens and one when it is resolved.
      </p>
      <h2 class="admin-subheading">Open</h2>
      {list.open.length === 0 ? <p>No open incident.</p> : <IncidentTable label="Open incidents" list={list.open} store={store} />}
      {canManage && (
        <>
          <h2 id="open-title" class="admin-subheading">
            Open an incident
          </h2>
          {errors && <ErrorSummary errors={errors.list} />}
          <Form csrfToken={ctx.csrfToken} action={INCIDENTS_ADMIN_PATH} aria-labelledby="open-title" noValidate>
            <Field name="title" label="Title" value={form.title} error={errors?.for('title')} hint="Short and in customers’ words, e.g. “Card payments failing”." required maxLength={TITLE_MAX} />
            <fieldset class="fieldset fieldset--plain" aria-describedby={errors?.for('components') ? 'field-components-error' : undefined}>
              <legend class="field__label">Affects</legend>
              {errors?.for('components') && (
                <p class="field__error" id="field-components-error">
                  {errors.for('components')}
                </p>
              )}
              {COMPONENTS.map(({ key, name }) => (
                <label class="choice" key={key}>
                  <input type="checkbox" name="components" value={key} checked={form.components.includes(key)} /> {name}
                </label>
              ))}
            </fieldset>
            <RadioGroup name="impact" legend="How badly" value={form.impact} choices={IMPACTS.map((impact) => ({ value: impact, label: IMPACT_LABELS[impact] }))} error={errors?.for('impact')} />
            <RadioGroup name="state" legend="Where you are" value={form.state} choices={OPEN_STATES.map((state) => ({ value: state, label: INCIDENT_STATE_LABELS[state] }))} error={errors?.for('state')} />
            <TextAreaField name="message" label="First update for customers" value={form.message} error={errors?.for('message')} hint="What customers notice, and what to do meanwhile." required rows={3} maxLength={UPDATE_MAX} />
            <Button>Open the incident</Button>
          </Form>
        </>
      )}
      <h2 class="admin-subheading">Recently resolved</h2>
      {list.resolved.length === 0 ? <p>None yet.</p> : <IncidentTable label="Resolved incidents" list={list.resolved} store={store} />}
    </AdminLayout>
  );
}

export function IncidentAdminPage({ ctx, nav, store, canManage, notice, incident, form, errors }: Common & { incident: IncidentWithUpdates; form: { state: string; message: string }; errors?: FormErrors | undefined }) {
  const path = `${INCIDENTS_ADMIN_PATH}/${incident.id}`;
  return (
    <AdminLayout ctx={ctx} title={incident.title} nav={nav}>
      <div class="admin-heading">
        <h1>{incident.title}</h1>
      </div>
      <Notice message={notice} />
      <dl class="facts">
        <dt>Affects</dt>
        <dd>
          {componentNames(incident.components)} ({IMPACT_LABELS[incident.impact].toLowerCase()})
        </dd>
        <dt>State</dt>
        <dd>{INCIDENT_STATE_LABELS[incident.state]}</dd>
        <dt>Began</dt>
        <dd>{formatMoment(incident.openedAt, store)}</dd>
        <dt>Opened by</dt>
        <dd>{incident.openedBy === 'system' ? 'The store itself (it resolves it when the fault clears)' : 'Staff'}</dd>
        <dt>Public page</dt>
        <dd>
          <a href={`${INCIDENTS_PUBLIC_PATH}/${incident.id}`}>{`${INCIDENTS_PUBLIC_PATH}/${incident.id}`}</a>
        </dd>
      </dl>
      {canManage && !incident.resolvedAt && (
        <>
          <h2 id="update-title" class="admin-subheading">
            Post an update
          </h2>
          {errors && <ErrorSummary errors={errors.list} />}
          <Form csrfToken={ctx.csrfToken} action={`${path}/updates`} aria-labelledby="update-title" noValidate>
            <RadioGroup name="state" legend="Where you are now" value={form.state} choices={INCIDENT_STATES.map((state) => ({ value: state, label: state === 'resolved' ? 'Resolved (emails subscribers)' : INCIDENT_STATE_LABELS[state] }))} error={errors?.for('state')} />
            <TextAreaField name="message" label="Update for customers" value={form.message} error={errors?.for('message')} required rows={3} maxLength={UPDATE_MAX} />
            <Button>Post the update</Button>
          </Form>
        </>
      )}
      {incident.resolvedAt && <Alert tone="info">Resolved {formatMoment(incident.resolvedAt, store)}: it takes no more updates.</Alert>}
      <h2 class="admin-subheading">Updates</h2>
      <ol class="incident-updates">
        {incident.updates.map((update) => (
          <li key={update.id}>
            <strong>{INCIDENT_STATE_LABELS[update.state]}</strong> {formatMoment(update.postedAt, store)} ({update.postedBy === 'system' ? 'the store' : 'staff'})
            <p>{update.message}</p>
          </li>
        ))}
      </ol>
      <p>
        <a href={INCIDENTS_ADMIN_PATH}>All incidents</a>
      </p>
    </AdminLayout>
  );
}
