// /admin/support/answer-times: what the desk promises and when it is open. Support hours (the
// same on every business day of the store calendar, in the store's time zone) and, for one
// channel at a time, each tier's first-answer and solution times and whether they count
// support hours or run around the clock. A new ticket takes the promise in force when it opens;
// tickets already open keep theirs. Staff with settings.edit only.
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { isTimeOfDay } from '../../../platform/calendar.ts';
import type { Db } from '../../../platform/db/database.ts';
import type { App } from '../../../platform/http/app.ts';
import type { Principal, StaffRole } from '../../../platform/http/principal.ts';
import type { Platform } from '../../../platform/platform.ts';
import { Button } from '../../../web/components/Button.tsx';
import { ErrorSummary } from '../../../web/components/ErrorSummary.tsx';
import { Field } from '../../../web/components/Field.tsx';
import { Form } from '../../../web/components/Form.tsx';
import { CheckboxField, SelectField } from '../../../web/components/fields.tsx';
import { Notice } from '../../../web/components/Notice.tsx';
import type { PageContext } from '../../../web/context.ts';
import { checked, formBody, text, type FormBody } from '../../../web/forms/form-body.ts';
import { FormErrors } from '../../../web/forms/form-errors.ts';
import { AdminLayout, type AdminNavItem } from '../../../web/layout/AdminLayout.tsx';
import { sendPage } from '../../../web/page-context.ts';
import { CUSTOMER_TIERS, type CustomerTier } from '../../customers/index.ts';
import { adminNav, requirePermission } from '../../staff/index.ts';
import {
  policyFor,
  readSupportHours,
  savePolicy,
  saveSupportHours,
  type SlaPolicy,
} from '../sla/policies.ts';
import { TICKET_CHANNELS, TICKET_CHANNEL_LABELS, type TicketChannel } from '../states.ts';
import { ADMIN_SUPPORT_PATH, ANSWER_TIMES_PATH, TIER_LABELS } from './parts.tsx';

const STAFF_ROLES: readonly StaffRole[] = ['agent', 'lead', 'admin'];
/** A promise longer than a year is a typing mistake. */
const MAX_HOURS = 24 * 366;

interface TierForm {
  first: string;
  resolution: string;
  aroundTheClock: boolean;
}

interface SettingsForm {
  channel: TicketChannel;
  opens: string;
  closes: string;
  tiers: Record<CustomerTier, TierForm>;
}

/** Minutes as the hours a merchant types: "10", "0.5", "1.25". */
const asHours = (minutes: number) => String(Math.round((minutes / 60) * 100) / 100);

function AnswerTimesPage({
  ctx,
  nav,
  form,
  errors,
  notice,
}: {
  ctx: PageContext;
  nav: AdminNavItem[];
  form: SettingsForm;
  errors?: FormErrors;
  notice?: string | undefined;
}) {
  return (
    <AdminLayout ctx={ctx} title="Answer times" nav={nav}>
      <p class="small">
        <a href={ADMIN_SUPPORT_PATH}>← All tickets</a>
      </p>
      <div class="admin-heading">
        <h1>Answer times</h1>
      </div>
      <Notice message={notice} />
      {/* No action: it asks this same page for another channel. */}
      <form class="admin-filters" method="get" aria-label="Choose a channel">
        <SelectField
          name="channel"
          label="Channel"
          value={form.channel}
          choices={TICKET_CHANNELS.map((channel) => ({
            value: channel,
            label: TICKET_CHANNEL_LABELS[channel],
          }))}
        />
        <div class="button-row">
          <Button variant="secondary">Show</Button>
        </div>
      </form>
      {errors && !errors.empty && <ErrorSummary errors={errors.list} />}
      <Form
        csrfToken={ctx.csrfToken}
        action={ANSWER_TIMES_PATH}
        aria-label="Answer times and support hours"
        noValidate
      >
        <input type="hidden" name="channel" value={form.channel} />
        <fieldset class="fieldset">
          <legend>Support hours, every business day</legend>
          <p class="field__hint">
            In the store's time zone, on the business days and holidays of the store calendar. The
            customer is told the answer time worked out from them.
          </p>
          <Field
            name="opens"
            label="Opens"
            value={form.opens}
            error={errors?.for('opens')}
            hint="24-hour, for example 09:00."
            maxLength={5}
            required
          />
          <Field
            name="closes"
            label="Closes"
            value={form.closes}
            error={errors?.for('closes')}
            hint="24-hour, for example 18:00."
            maxLength={5}
            required
          />
        </fieldset>
        {CUSTOMER_TIERS.map((tier) => (
          <fieldset class="fieldset" key={tier}>
            <legend>
              {TIER_LABELS[tier]} customers, {TICKET_CHANNEL_LABELS[form.channel].toLowerCase()}
            </legend>
            <Field
              name={`${tier}.first`}
              label="First answer within (hours)"
              value={form.tiers[tier].first}
              error={errors?.for(`${tier}.first`)}
              maxLength={8}
              required
            />
            <Field
              name={`${tier}.resolution`}
              label="Solved within (hours)"
              value={form.tiers[tier].resolution}
              error={errors?.for(`${tier}.resolution`)}
              maxLength={8}
              required
            />
            <CheckboxField
              name={`${tier}.aroundTheClock`}
              label="Around the clock"
              checked={form.tiers[tier].aroundTheClock}
              hint="Count every hour, nights, weekends and holidays included, instead of support hours only."
            />
          </fieldset>
        ))}
        <Button>Save answer times</Button>
      </Form>
    </AdminLayout>
  );
}

async function currentForm(db: Db, channel: TicketChannel): Promise<SettingsForm> {
  const hours = await readSupportHours(db);
  const tiers = {} as Record<CustomerTier, TierForm>;
  for (const tier of CUSTOMER_TIERS) {
    const policy = await policyFor(db, tier, channel);
    tiers[tier] = {
      first: asHours(policy.firstResponseMinutes),
      resolution: asHours(policy.resolutionMinutes),
      aroundTheClock: !policy.businessHours,
    };
  }
  return { channel, ...hours, tiers };
}

function readForm(
  body: FormBody,
  channel: TicketChannel,
): { form: SettingsForm; errors: FormErrors; policies: Record<CustomerTier, SlaPolicy> | null } {
  const errors = new FormErrors();
  const form: SettingsForm = {
    channel,
    opens: text(body, 'opens').trim(),
    closes: text(body, 'closes').trim(),
    tiers: {} as Record<CustomerTier, TierForm>,
  };
  if (!isTimeOfDay(form.opens))
    errors.add('opens', 'Enter the opening time as HH:MM, for example 09:00.', 'Opens');
  if (!isTimeOfDay(form.closes))
    errors.add('closes', 'Enter the closing time as HH:MM, for example 18:00.', 'Closes');
  else if (isTimeOfDay(form.opens) && form.closes <= form.opens)
    errors.add('closes', 'The desk must close after it opens.', 'Closes');
  const policies = {} as Record<CustomerTier, SlaPolicy>;
  for (const tier of CUSTOMER_TIERS) {
    const typed: TierForm = {
      first: text(body, `${tier}.first`).trim(),
      resolution: text(body, `${tier}.resolution`).trim(),
      aroundTheClock: checked(body, `${tier}.aroundTheClock`),
    };
    form.tiers[tier] = typed;
    const minutes = (value: string) =>
      /^\d{1,4}(\.\d{1,2})?$/.test(value) && Number(value) > 0 && Number(value) <= MAX_HOURS
        ? Math.max(1, Math.round(Number(value) * 60))
        : null;
    const first = minutes(typed.first);
    const resolution = minutes(typed.resolution);
    const label = TIER_LABELS[tier];
    if (first === null)
      errors.add(
        `${tier}.first`,
        `Enter a number of hours above 0, at most ${MAX_HOURS}.`,
        `${label}: first answer`,
      );
    if (resolution === null)
      errors.add(
        `${tier}.resolution`,
        `Enter a number of hours above 0, at most ${MAX_HOURS}.`,
        `${label}: solved within`,
      );
    else if (first !== null && resolution < first)
      errors.add(
        `${tier}.resolution`,
        'A solution cannot be promised before the first answer.',
        `${label}: solved within`,
      );
    if (first !== null && resolution !== null)
      policies[tier] = {
        firstResponseMinutes: first,
        resolutionMinutes: resolution,
        businessHours: !typed.aroundTheClock,
      };
  }
  return { form, errors, policies: errors.empty ? policies : null };
}

const isChannel = (value: string): value is TicketChannel =>
  (TICKET_CHANNELS as readonly string[]).includes(value);

export function registerAnswerTimesRoutes(app: App, platform: Platform): void {
  const db = () => platform.database.db;
  const staffWith = async (request: FastifyRequest): Promise<Principal> => {
    const principal = await request.principal();
    requirePermission(principal, 'settings.edit');
    return principal!;
  };

  app.get<{ Querystring: { channel?: string; notice?: string } }>(
    ANSWER_TIMES_PATH,
    {
      config: { access: STAFF_ROLES },
      schema: {
        querystring: Type.Object({
          channel: Type.Optional(Type.Union(TICKET_CHANNELS.map((c) => Type.Literal(c)))),
          notice: Type.Optional(Type.String({ maxLength: 20 })),
        }),
      },
    },
    async (request, reply) => {
      const staff = await staffWith(request);
      const form = await currentForm(
        db(),
        (request.query.channel as TicketChannel | undefined) ?? 'web',
      );
      const notice =
        request.query.notice === 'saved'
          ? `Saved. Tickets that open from now on by ${TICKET_CHANNEL_LABELS[form.channel].toLowerCase()} get these times; open tickets keep theirs.`
          : undefined;
      return sendPage(
        reply,
        <AnswerTimesPage
          ctx={await app.pages.context(request)}
          nav={adminNav(staff, ADMIN_SUPPORT_PATH)}
          form={form}
          notice={notice}
        />,
      );
    },
  );

  app.post(ANSWER_TIMES_PATH, { config: { access: STAFF_ROLES } }, async (request, reply) => {
    const staff = await staffWith(request);
    const body = formBody(request);
    const typedChannel = text(body, 'channel');
    const channel = isChannel(typedChannel) ? typedChannel : 'web';
    const { form, errors, policies } = readForm(body, channel);
    if (!policies)
      return sendPage(
        reply,
        <AnswerTimesPage
          ctx={await app.pages.context(request)}
          nav={adminNav(staff, ADMIN_SUPPORT_PATH)}
          form={form}
          errors={errors}
        />,
        400,
      );
    const now = platform.clock.now();
    await platform.database.transaction(async (tx) => {
      await saveSupportHours(platform.database, tx, form.opens, form.closes, now);
      for (const tier of CUSTOMER_TIERS) await savePolicy(platform.database, tx, tier, channel, policies[tier], now);
    });
    return reply.redirect(`${ANSWER_TIMES_PATH}?channel=${channel}&notice=saved`, 303);
  });
}
