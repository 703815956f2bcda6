// /admin/fulfillment/delays: the delays not over yet, oldest first, each with its order, what
// was found, the revised dates and its ticket, and the settings of the checks (business days
// without a scan before a parcel counts as late; days a missed ship day moves). Staff with
// orders.view see it; changing the settings needs orders.fulfill (leads and admins).
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { formatDayRange } from '../../../platform/calendar.ts';
import type { App } from '../../../platform/http/app.ts';
import type { Principal, StaffRole } from '../../../platform/http/principal.ts';
import type { Platform } from '../../../platform/platform.ts';
import { Button } from '../../../web/components/Button.tsx';
import { ErrorSummary } from '../../../web/components/ErrorSummary.tsx';
import { Field } from '../../../web/components/Field.tsx';
import { Form } from '../../../web/components/Form.tsx';
import { Notice } from '../../../web/components/Notice.tsx';
import type { PageContext } from '../../../web/context.ts';
import { formatDateTime } from '../../../web/dates.ts';
import { formBody, text } from '../../../web/forms/form-body.ts';
import { FormErrors } from '../../../web/forms/form-errors.ts';
import { AdminLayout, type AdminNavItem } from '../../../web/layout/AdminLayout.tsx';
import { sendPage } from '../../../web/page-context.ts';
import { orderById } from '../../orders/index.ts';
import { getStoreProfile } from '../../site/index.ts';
import { addAdminNavItem, adminNav, can, requirePermission, type Permission } from '../../staff/index.ts';
import { DELAY_KIND_LABELS } from './kinds.ts';
import { openDelays, type OrderDelay } from './read.ts';
import { DELAY_SETTING_LIMITS, readDelaySettings, saveDelaySettings, type DelaySettings } from './settings.ts';

export const DELAYS_PATH = '/admin/fulfillment/delays';
const STAFF_ROLES: readonly StaffRole[] = ['agent', 'lead', 'admin'];
/** The list shows this many; the checks themselves look at every open delay. */
const LISTED = 200;

const LABELS: Record<keyof DelaySettings, string> = {
  noScanBusinessDays: 'Days without a carrier scan',
  replanBusinessDays: 'Days a missed ship day moves',
};
const HINTS: Record<keyof DelaySettings, string> = {
  noScanBusinessDays: `Business days a parcel on its way may go without a scan before the customer and an agent hear of it (${DELAY_SETTING_LIMITS.noScanBusinessDays.min} to ${DELAY_SETTING_LIMITS.noScanBusinessDays.max}).`,
  replanBusinessDays: `When an order misses its ship day, the new ship day is this many business days from the day it is found (${DELAY_SETTING_LIMITS.replanBusinessDays.min} to ${DELAY_SETTING_LIMITS.replanBusinessDays.max}).`,
};
const FIELDS = Object.keys(LABELS) as (keyof DelaySettings)[];
type SettingsForm = Record<keyof DelaySettings, string>;

interface Row {
  delay: OrderDelay;
  orderNumber: string | null;
}

interface DelaysPageProps {
  ctx: PageContext;
  nav: AdminNavItem[];
  rows: Row[];
  form: SettingsForm;
  errors?: FormErrors;
  mayEdit: boolean;
  notice?: string | undefined;
  format: { locale: string; timeZone: string };
}

function DelaysPage({ ctx, nav, rows, form, errors, mayEdit, notice, format }: DelaysPageProps) {
  return (
    <AdminLayout ctx={ctx} title="Delays" nav={nav}>
      <div class="admin-heading">
        <h1>Delays</h1>
      </div>
      <Notice message={notice} />
      <section aria-labelledby="open-delays-title">
        <h2 id="open-delays-title">Not over yet</h2>
        {rows.length === 0 ? (
          <p>No order is running late.</p>
        ) : (
          <table class="table">
            <thead>
              <tr>
                <th scope="col">Order</th>
                <th scope="col">Found</th>
                <th scope="col">What</th>
                <th scope="col">Now arrives</th>
              </tr>
            </thead>
            <tbody>
              {rows.map(({ delay, orderNumber }) => (
                <tr key={delay.id}>
                  <td>{orderNumber ? <a href={`/admin/orders/${orderNumber}`}>{orderNumber}</a> : 'An order no longer there'}</td>
                  <td>{formatDateTime(delay.detectedAt, format.locale, format.timeZone)}</td>
                  <td>
                    <strong>{DELAY_KIND_LABELS[delay.kind]}</strong>
                    <div class="small">{delay.detail}</div>
                  </td>
                  <td>{formatDayRange(delay.newEarliest, delay.newLatest, format.locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="delay-settings-title">
        <h2 id="delay-settings-title">Settings</h2>
        <p>The checks run every 15 minutes. A carrier exception is acted on as soon as the carrier reports it.</p>
        {errors && !errors.empty && <ErrorSummary errors={errors.list} />}
        {mayEdit ? (
          <Form csrfToken={ctx.csrfToken} action={DELAYS_PATH} aria-label="Delay check settings" noValidate>
            {FIELDS.map((field) => (
              <Field key={field} name={field} label={LABELS[field]} value={form[field]} error={errors?.for(field)} hint={HINTS[field]} maxLength={3} required />
            ))}
            <Button>Save settings</Button>
          </Form>
        ) : (
          <dl>
            {FIELDS.flatMap((field) => [<dt key={`${field}-label`}>{LABELS[field]}</dt>, <dd key={`${field}-value`}>{form[field]}</dd>])}
          </dl>
        )}
      </section>
    </AdminLayout>
  );
}

function parseSettings(body: ReturnType<typeof formBody>): { form: SettingsForm; errors: FormErrors; settings: DelaySettings | null } {
  const form = Object.fromEntries(FIELDS.map((field) => [field, text(body, field).trim()])) as SettingsForm;
  const errors = new FormErrors();
  const settings = {} as DelaySettings;
  for (const field of FIELDS) {
    const { min, max } = DELAY_SETTING_LIMITS[field];
    const value = /^\d{1,3}$/.test(form[field]) ? Number(form[field]) : null;
    if (value === null || value < min || value > max) errors.add(field, `Enter a whole number from ${min} to ${max}.`, LABELS[field]);
    else settings[field] = value;
  }
  return { form, errors, settings: errors.empty ? settings : null };
}

async function staffWith(request: FastifyRequest, permission: Permission): Promise<Principal> {
  const principal = await request.principal();
  requirePermission(principal, permission);
  return principal!;
}

export function registerDelayAdmin(app: App, platform: Platform): void {
  const db = () => platform.database.db;
  addAdminNavItem({ label: 'Delays', href: DELAYS_PATH, permission: 'orders.view', order: 32 });

  async function show(request: FastifyRequest, staff: Principal, form: { form: SettingsForm; errors?: FormErrors }, notice?: string) {
    const delays = await openDelays(db(), LISTED);
    const rows: Row[] = [];
    for (const delay of delays) rows.push({ delay, orderNumber: (await orderById(db(), delay.orderId))?.number ?? null });
    const profile = await getStoreProfile(platform);
    return (
      <DelaysPage
        ctx={await app.pages.context(request)}
        nav={adminNav(staff, DELAYS_PATH)}
        rows={rows}
        {...form}
        mayEdit={can(staff, 'orders.fulfill')}
        notice={notice}
        format={{ locale: profile.locale, timeZone: profile.timeZone }}
      />
    );
  }

  app.get<{ Querystring: { notice?: string } }>(
    DELAYS_PATH,
    { config: { access: STAFF_ROLES }, schema: { querystring: Type.Object({ notice: Type.Optional(Type.String({ maxLength: 20 })) }) } },
    async (request, reply) => {
      const staff = await staffWith(request, 'orders.view');
      const settings = await readDelaySettings(db());
      const form = Object.fromEntries(FIELDS.map((field) => [field, String(settings[field])])) as SettingsForm;
      return sendPage(reply, await show(request, staff, { form }, request.query.notice === 'saved' ? 'Settings saved. The next run of the checks uses them.' : undefined));
    },
  );

  app.post(DELAYS_PATH, { config: { access: STAFF_ROLES } }, async (request, reply) => {
    const staff = await staffWith(request, 'orders.fulfill');
    const { form, errors, settings } = parseSettings(formBody(request));
    if (!settings) return sendPage(reply, await show(request, staff, { form, errors }), 400);
    await platform.database.transaction((tx) => saveDelaySettings(platform.database, tx, settings, platform.clock.now()));
    return reply.redirect(`${DELAYS_PATH}?notice=saved`, 303);
  });
}
