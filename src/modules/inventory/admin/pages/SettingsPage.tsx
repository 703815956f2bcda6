// /admin/inventory/settings: how long checkouts hold stock, when stock counts as low, and
// how long a backorder waits when nothing is expected.
import { Button } from '../../../../web/components/Button.tsx';
import { ErrorSummary } from '../../../../web/components/ErrorSummary.tsx';
import { Field } from '../../../../web/components/Field.tsx';
import { Form } from '../../../../web/components/Form.tsx';
import { Notice } from '../../../../web/components/Notice.tsx';
import type { PageContext } from '../../../../web/context.ts';
import type { AdminNavItem } from '../../../../web/layout/AdminLayout.tsx';
import { SETTING_LIMITS } from '../../settings.ts';
import { SETTING_LABELS, type SettingsForm } from '../settings-form.ts';
import { INVENTORY_PATH, InventoryFrame, type FormState } from './parts.tsx';

export const SETTINGS_PATH = `${INVENTORY_PATH}/settings`;

const HINTS: Record<keyof SettingsForm, string> = {
  reservationTtlMinutes: `Minutes a checkout keeps its items set aside without activity (${SETTING_LIMITS.reservationTtlMinutes.min} to ${SETTING_LIMITS.reservationTtlMinutes.max}).`,
  lowStockThreshold: `With this many or fewer available, shoppers read “only a few left” and the variant is on the low-stock list (${SETTING_LIMITS.lowStockThreshold.min} to ${SETTING_LIMITS.lowStockThreshold.max}).`,
  defaultLeadTimeDays: `Business days a backorder waits when no receipt is expected and the variant has no lead time of its own (${SETTING_LIMITS.defaultLeadTimeDays.min} to ${SETTING_LIMITS.defaultLeadTimeDays.max}).`,
};

export function SettingsPage({ ctx, nav, settings, notice }: { ctx: PageContext; nav: AdminNavItem[]; settings: FormState<SettingsForm>; notice?: string | undefined }) {
  return (
    <InventoryFrame ctx={ctx} nav={nav} title="Inventory settings" tab={SETTINGS_PATH}>
      <Notice message={notice} />
      {settings.errors && <ErrorSummary errors={settings.errors.list} />}
      <Form csrfToken={ctx.csrfToken} action={SETTINGS_PATH} aria-label="Inventory settings" noValidate>
        {(Object.keys(SETTING_LABELS) as (keyof SettingsForm)[]).map((field) => (
          <Field key={field} name={field} label={SETTING_LABELS[field]} value={settings.form[field]} error={settings.errors?.for(field)} hint={HINTS[field]} maxLength={6} required />
        ))}
        <Button>Save settings</Button>
      </Form>
    </InventoryFrame>
  );
}
