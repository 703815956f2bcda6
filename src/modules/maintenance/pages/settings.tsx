// The maintenance settings on /admin/maintenance: how long before a window the banner shows
// (hours) and new checkouts stop (minutes). Staff without maintenance.manage read them only.
import { Button } from '../../../web/components/Button.tsx';
import { ErrorSummary } from '../../../web/components/ErrorSummary.tsx';
import { Field } from '../../../web/components/Field.tsx';
import { Form } from '../../../web/components/Form.tsx';
import { text, type FormBody } from '../../../web/forms/form-body.ts';
import { FormErrors } from '../../../web/forms/form-errors.ts';
import { settingsProblems, type MaintenanceSettings } from '../state.ts';

export const SETTINGS_PATH = '/admin/maintenance/settings';

/** The settings form as typed: the lead time in hours, the drain in minutes. */
export interface SettingsForm {
  leadHours: string;
  drainMinutes: string;
}

export function settingsForm(settings: MaintenanceSettings): SettingsForm {
  return { leadHours: String(settings.leadMinutes / 60), drainMinutes: String(settings.drainMinutes) };
}

const LABELS = { leadHours: 'Banner lead time', drainMinutes: 'Checkout drain' } as const;

const whole = (value: string) => (/^\d{1,6}$/.test(value.trim()) ? Number(value.trim()) : Number.NaN);

/** The settings typed in the form, or what is wrong beside each field. */
export function parseSettingsForm(body: FormBody): { form: SettingsForm; errors: FormErrors; settings?: MaintenanceSettings } {
  const form = { leadHours: text(body, 'leadHours'), drainMinutes: text(body, 'drainMinutes') };
  const errors = new FormErrors();
  const settings = { leadMinutes: whole(form.leadHours) * 60, drainMinutes: whole(form.drainMinutes) };
  const range = (field: keyof MaintenanceSettings, min: number, max: number) =>
    field === 'leadMinutes' ? `Enter a whole number of hours from ${min / 60} to ${max / 60}.` : `Enter a whole number of minutes from ${min} to ${max}.`;
  for (const problem of settingsProblems(settings, range)) {
    const field = problem.field === 'leadMinutes' ? 'leadHours' : 'drainMinutes';
    errors.add(field, problem.message, LABELS[field]);
  }
  return errors.empty ? { form, errors, settings } : { form, errors };
}

export function SettingsSection({ csrfToken, canManage, settings, form, errors }: { csrfToken: string; canManage: boolean; settings: MaintenanceSettings; form: SettingsForm; errors?: FormErrors | undefined }) {
  return (
    <section aria-labelledby="maintenance-settings-title">
      <h2 id="maintenance-settings-title" class="admin-subheading">
        Before each window
      </h2>
      {canManage ? (
        <>
          {errors && <ErrorSummary errors={errors.list} />}
          <Form csrfToken={csrfToken} action={SETTINGS_PATH} aria-labelledby="maintenance-settings-title" noValidate>
            <Field name="leadHours" label="Show the banner on every page this many hours before" type="number" value={form.leadHours} error={errors?.for('leadHours')} hint="48 hours lets people finish an order the day before." required />
            <Field name="drainMinutes" label="Stop starting new checkouts this many minutes before" type="number" value={form.drainMinutes} error={errors?.for('drainMinutes')} hint="Checkouts already started may finish until the window starts." required />
            <Button>Save</Button>
          </Form>
        </>
      ) : (
        <p>
          The banner shows {settings.leadMinutes / 60} hours before a window; new checkouts stop {settings.drainMinutes} minutes before it.
        </p>
      )}
    </section>
  );
}
