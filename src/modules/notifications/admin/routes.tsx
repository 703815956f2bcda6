// The merchant's emails admin under /admin/notifications: the touch points (switch, words,
// live preview), the brand, and the mail queue with its failed emails sent again. Every staff
// role reaches the routes; reading needs mailbox.view (agents, leads, administrators) and any
// change settings.edit (administrators).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { App } from '../../../platform/http/app.ts';
import type { Principal, StaffRole } from '../../../platform/http/principal.ts';
import { Problem, problems } from '../../../platform/http/problem.ts';
import type { Platform } from '../../../platform/platform.ts';
import { sendEmailHtml } from '../../../web/email-frame.tsx';
import { formBody, checked, text, type FormBody } from '../../../web/forms/form-body.ts';
import { FormErrors } from '../../../web/forms/form-errors.ts';
import { sendPage } from '../../../web/page-context.ts';
import { orderById } from '../../orders/index.ts';
import { getStoreProfile } from '../../site/index.ts';
import { addAdminNavItem, adminNav, can, requirePermission, staffPrincipal } from '../../staff/index.ts';
import { ticketById } from '../../support/index.ts';
import { brandOf, brandProblems, saveBrand, type Brand } from '../compose/brand.ts';
import { retryEmail } from '../queue/deliver.ts';
import { EMAIL_STATUSES, type EmailStatus } from '../schema.ts';
import { TOUCH_POINTS, touchPointByKey } from '../touch-points/catalogue.ts';
import type { TouchPoint } from '../touch-points/define.ts';
import { allSettings, defaultSettings, saveSettings, settingsOf, settingsProblems } from '../touch-points/settings.ts';
import { countsSince, listOutbox, storedEmail } from './outbox.ts';
import { BrandPage, type BrandForm } from './pages/BrandPage.tsx';
import { OutboxEmailPage } from './pages/OutboxEmailPage.tsx';
import { OutboxPage } from './pages/OutboxPage.tsx';
import { BRAND_PATH, NOTIFICATIONS_PATH, OUTBOX_PATH, outboxEmailPath, touchPointPath } from './pages/parts.tsx';
import { TouchPointPage, type TouchPointForm } from './pages/TouchPointPage.tsx';
import { TouchPointsPage } from './pages/TouchPointsPage.tsx';
import { previewTouchPoint, type Preview } from './preview.ts';
import { registerConfirmationCopies } from './resend.tsx';
import { registerEmailTimelines } from './timeline.tsx';

const STAFF_ROLES: readonly StaffRole[] = ['agent', 'lead', 'admin'];
type Staff = Extract<Principal, { kind: 'staff' }>;

/** The figures beside each touch point cover this many days. */
const COUNT_DAYS = 7;
/** What a form field may carry before the checks say it is too long. */
const TYPED_MAX = 5000;

const KeyParams = Type.Object({ key: Type.String({ minLength: 1, maxLength: 100 }) });
const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const NoticeQuery = Type.Object({ notice: Type.Optional(Type.String({ maxLength: 20 })), order: Type.Optional(Type.String({ maxLength: 64 })) });
const WordsQuery = Type.Object({
  order: Type.Optional(Type.String({ maxLength: 64 })),
  subject: Type.Optional(Type.String({ maxLength: TYPED_MAX })),
  intro: Type.Optional(Type.String({ maxLength: TYPED_MAX })),
});
const BrandQuery = Type.Object({
  senderName: Type.Optional(Type.String({ maxLength: TYPED_MAX })),
  logoUrl: Type.Optional(Type.String({ maxLength: TYPED_MAX })),
  accentColor: Type.Optional(Type.String({ maxLength: TYPED_MAX })),
  footer: Type.Optional(Type.String({ maxLength: TYPED_MAX })),
});
const OutboxQuery = Type.Object({
  status: Type.Optional(Type.Union([Type.Literal(''), ...EMAIL_STATUSES.map((s) => Type.Literal(s))])),
  recipient: Type.Optional(Type.String({ maxLength: 254 })),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
});

const NOTICES: Record<string, string> = {
  saved: 'Saved. The next emails use these words.',
  defaults: 'Back to the default words. The next emails use them.',
  brand: 'Saved. The next emails look like this.',
  retried: 'The email is back in the queue and goes out within a minute.',
};

const brandFormOf = (brand: Brand): BrandForm => ({ ...brand, logoUrl: brand.logoUrl ?? '' });
const brandOfForm = (form: BrandForm): Brand => ({ senderName: form.senderName.trim(), logoUrl: form.logoUrl.trim() || null, accentColor: form.accentColor.trim(), footer: form.footer.trim() });
const brandFormFrom = (read: (name: keyof BrandForm) => string): BrandForm => ({ senderName: read('senderName'), logoUrl: read('logoUrl'), accentColor: read('accentColor'), footer: read('footer') });

function errorsOf(list: readonly { field: string; message: string }[], labels: Record<string, string>): FormErrors | undefined {
  if (list.length === 0) return undefined;
  const errors = new FormErrors();
  for (const problem of list) errors.add(problem.field, problem.message, labels[problem.field]);
  return errors;
}

const WORD_LABELS = { subject: 'Subject', intro: 'Introduction' };
const BRAND_LABELS = { senderName: 'Sender name', logoUrl: 'Logo address', accentColor: 'Accent colour', footer: 'Footer' };

export function registerNotificationsAdmin(app: App, platform: Platform): void {
  addAdminNavItem({ label: 'Emails', href: NOTIFICATIONS_PATH, permission: 'mailbox.view', order: 700 });
  registerEmailTimelines(platform);
  registerConfirmationCopies(app, platform);
  const config = { access: STAFF_ROLES };
  const db = () => platform.database.db;
  const format = async () => {
    const profile = await getStoreProfile(platform);
    return { locale: profile.locale, timeZone: profile.timeZone };
  };

  async function staffWith(request: FastifyRequest, permission: 'mailbox.view' | 'settings.edit'): Promise<Staff> {
    const principal = await request.principal();
    requirePermission(principal, permission);
    return principal as Staff;
  }

  function touchPointOf(key: string): TouchPoint {
    const touchPoint = touchPointByKey(key);
    if (!touchPoint) throw new Problem({ status: 404, type: 'not-found', title: 'We could not find that email', detail: 'Choose one from the list of emails.' });
    return touchPoint;
  }

  // ---- touch points -----------------------------------------------------------------
  app.get(NOTIFICATIONS_PATH, { config }, async (request, reply) => {
    const staff = await staffWith(request, 'mailbox.view');
    const since = new Date(platform.clock.now().getTime() - COUNT_DAYS * 86_400_000);
    const [settings, counts] = await Promise.all([allSettings(db()), countsSince(db(), since)]);
    const summaries = TOUCH_POINTS.map((touchPoint) => ({
      touchPoint,
      settings: settings.get(touchPoint.key) ?? defaultSettings(touchPoint),
      counts: counts.get(touchPoint.key) ?? { sent: 0, failed: 0 },
    }));
    return sendPage(reply, <TouchPointsPage ctx={await app.pages.context(request)} nav={adminNav(staff, NOTIFICATIONS_PATH)} canManage={can(staff, 'settings.edit')} summaries={summaries} days={COUNT_DAYS} />);
  });

  /** The preview frame's address: the typed words travel in it (a GET that changes nothing). */
  function previewSrc(touchPoint: TouchPoint, form: TouchPointForm, typed: boolean): string {
    const params = new URLSearchParams();
    if (form.order.trim()) params.set('order', form.order.trim());
    if (typed) {
      params.set('subject', form.subject);
      params.set('intro', form.intro);
    }
    const search = params.toString();
    return `${touchPointPath(touchPoint.key)}/preview.html${search ? `?${search}` : ''}`;
  }

  async function showTouchPoint(request: FastifyRequest, reply: FastifyReply, staff: Staff, touchPoint: TouchPoint, shown: { form?: TouchPointForm; errors?: FormErrors; typed?: boolean; notice?: string | undefined; order?: string }, status = 200) {
    const saved = await settingsOf(db(), touchPoint);
    const form = shown.form ?? { enabled: saved.enabled, subject: saved.subject, intro: saved.intro, order: shown.order ?? '' };
    const typed = shown.typed ?? false;
    const savedById = saved.updatedBy?.startsWith('staff:') ? saved.updatedBy.slice('staff:'.length) : null;
    const [preview, savedBy] = await Promise.all([
      shown.errors ? null : previewTouchPoint(platform, touchPoint, { orderNumber: form.order.trim() || null, words: typed ? form : saved }),
      savedById ? staffPrincipal(db(), savedById).then((person) => person?.name ?? null) : null,
    ]);
    return sendPage(
      reply,
      <TouchPointPage
        ctx={await app.pages.context(request)}
        nav={adminNav(staff, NOTIFICATIONS_PATH)}
        canManage={can(staff, 'settings.edit')}
        touchPoint={touchPoint}
        saved={saved}
        savedBy={savedBy}
        form={form}
        errors={shown.errors}
        notice={shown.notice}
        typed={typed}
        preview={preview}
        previewHtmlSrc={previewSrc(touchPoint, form, typed)}
        format={await format()}
      />,
      status,
    );
  }

  const typedForm = (body: FormBody): TouchPointForm => ({
    enabled: checked(body, 'enabled'),
    subject: text(body, 'subject').slice(0, TYPED_MAX),
    intro: text(body, 'intro').slice(0, TYPED_MAX).replace(/\r\n/g, '\n'),
    order: text(body, 'order').slice(0, 64),
  });

  app.get<{ Params: { key: string }; Querystring: { notice?: string; order?: string } }>(`${NOTIFICATIONS_PATH}/:key`, { config, schema: { params: KeyParams, querystring: NoticeQuery } }, async (request, reply) => {
    const staff = await staffWith(request, 'mailbox.view');
    const touchPoint = touchPointOf(request.params.key);
    return showTouchPoint(request, reply, staff, touchPoint, { notice: NOTICES[request.query.notice ?? ''], order: request.query.order ?? '' });
  });

  app.post<{ Params: { key: string } }>(`${NOTIFICATIONS_PATH}/:key`, { config, schema: { params: KeyParams } }, async (request, reply) => {
    const staff = await staffWith(request, 'settings.edit');
    const touchPoint = touchPointOf(request.params.key);
    const form = typedForm(formBody(request));
    const errors = errorsOf(settingsProblems(touchPoint, form), WORD_LABELS);
    if (errors) return showTouchPoint(request, reply, staff, touchPoint, { form, errors, typed: true }, 400);
    await saveSettings(platform.database, db(), touchPoint, form, `staff:${staff.id}`, platform.clock.now());
    platform.log.info({ touchPoint: touchPoint.key, enabled: form.enabled, staffId: staff.id }, 'touch point settings saved');
    return reply.redirect(`${touchPointPath(touchPoint.key)}?notice=saved`, 303);
  });

  // A POST because the typed words may be long; it renders and changes nothing.
  app.post<{ Params: { key: string } }>(`${NOTIFICATIONS_PATH}/:key/preview`, { config, schema: { params: KeyParams } }, async (request, reply) => {
    const staff = await staffWith(request, 'settings.edit');
    const touchPoint = touchPointOf(request.params.key);
    const form = typedForm(formBody(request));
    const errors = errorsOf(settingsProblems(touchPoint, form), WORD_LABELS);
    return showTouchPoint(request, reply, staff, touchPoint, { form, typed: true, ...(errors ? { errors } : {}) }, errors ? 400 : 200);
  });

  app.post<{ Params: { key: string } }>(`${NOTIFICATIONS_PATH}/:key/defaults`, { config, schema: { params: KeyParams } }, async (request, reply) => {
    const staff = await staffWith(request, 'settings.edit');
    const touchPoint = touchPointOf(request.params.key);
    const { enabled } = await settingsOf(db(), touchPoint);
    await saveSettings(platform.database, db(), touchPoint, { enabled, ...touchPoint.defaults }, `staff:${staff.id}`, platform.clock.now());
    return reply.redirect(`${touchPointPath(touchPoint.key)}?notice=defaults`, 303);
  });

  app.get<{ Params: { key: string }; Querystring: { order?: string; subject?: string; intro?: string } }>(`${NOTIFICATIONS_PATH}/:key/preview.html`, { config, schema: { params: KeyParams, querystring: WordsQuery } }, async (request, reply) => {
    await staffWith(request, 'mailbox.view');
    const touchPoint = touchPointOf(request.params.key);
    const { order, subject, intro } = request.query;
    const words = subject !== undefined || intro !== undefined ? { subject: subject ?? '', intro: intro ?? '' } : await settingsOf(db(), touchPoint);
    const problem = settingsProblems(touchPoint, words)[0];
    if (problem) return reply.code(400).type('text/plain; charset=utf-8').send(problem.message);
    return sendPreviewHtml(reply, await previewTouchPoint(platform, touchPoint, { orderNumber: order?.trim() || null, words }));
  });

  function sendPreviewHtml(reply: FastifyReply, preview: Preview): FastifyReply {
    if (preview.kind === 'failed') return reply.code(500).type('text/plain; charset=utf-8').send('The preview could not be written: the error is in the store’s log.');
    if (preview.kind !== 'email') return reply.code(404).type('text/plain; charset=utf-8').send('No order to preview this email from.');
    return sendEmailHtml(reply, preview.email.html, platform.config.baseUrl);
  }

  // ---- brand ------------------------------------------------------------------------
  /** The brand's sample: the order confirmation (the first email every customer gets) in its saved words. */
  async function brandPreview(brand: Brand): Promise<Preview> {
    const touchPoint = touchPointByKey('order.recorded') ?? TOUCH_POINTS[0]!;
    return previewTouchPoint(platform, touchPoint, { orderNumber: null, words: await settingsOf(db(), touchPoint), brand });
  }

  async function showBrand(request: FastifyRequest, reply: FastifyReply, staff: Staff, shown: { form?: BrandForm; errors?: FormErrors; notice?: string | undefined }, status = 200) {
    const typed = shown.form !== undefined;
    const form = shown.form ?? brandFormOf(await brandOf(db()));
    const preview = shown.errors ? null : await brandPreview(brandOfForm(form));
    const params = typed ? `?${new URLSearchParams({ ...form }).toString()}` : '';
    return sendPage(
      reply,
      <BrandPage
        ctx={await app.pages.context(request)}
        nav={adminNav(staff, NOTIFICATIONS_PATH)}
        storeName={(await getStoreProfile(platform)).name}
        form={form}
        errors={shown.errors}
        notice={shown.notice}
        typed={typed}
        preview={preview}
        previewHtmlSrc={`${BRAND_PATH}/preview.html${params}`}
      />,
      status,
    );
  }

  const typedBrand = (body: FormBody): BrandForm => brandFormFrom((name) => text(body, name).slice(0, TYPED_MAX));

  app.get<{ Querystring: { notice?: string } }>(BRAND_PATH, { config, schema: { querystring: NoticeQuery } }, async (request, reply) => {
    const staff = await staffWith(request, 'settings.edit');
    return showBrand(request, reply, staff, { notice: NOTICES[request.query.notice ?? ''] });
  });

  app.post(BRAND_PATH, { config }, async (request, reply) => {
    const staff = await staffWith(request, 'settings.edit');
    const form = typedBrand(formBody(request));
    const errors = errorsOf(brandProblems(brandOfForm(form)), BRAND_LABELS);
    if (errors) return showBrand(request, reply, staff, { form, errors }, 400);
    await saveBrand(platform.database, db(), brandOfForm(form), platform.clock.now());
    platform.log.info({ staffId: staff.id }, 'email brand saved');
    return reply.redirect(`${BRAND_PATH}?notice=brand`, 303);
  });

  app.post(`${BRAND_PATH}/preview`, { config }, async (request, reply) => {
    const staff = await staffWith(request, 'settings.edit');
    const form = typedBrand(formBody(request));
    const errors = errorsOf(brandProblems(brandOfForm(form)), BRAND_LABELS);
    return showBrand(request, reply, staff, { form, ...(errors ? { errors } : {}) }, errors ? 400 : 200);
  });

  app.get<{ Querystring: Partial<BrandForm> }>(`${BRAND_PATH}/preview.html`, { config, schema: { querystring: BrandQuery } }, async (request, reply) => {
    await staffWith(request, 'settings.edit');
    const query = request.query;
    const brand = query.accentColor === undefined ? await brandOf(db()) : brandOfForm(brandFormFrom((name) => query[name] ?? ''));
    const problem = brandProblems(brand)[0];
    if (problem) return reply.code(400).type('text/plain; charset=utf-8').send(problem.message);
    return sendPreviewHtml(reply, await brandPreview(brand));
  });

  // ---- mail queue -------------------------------------------------------------------
  const titleOf = (key: string) => touchPointByKey(key)?.title ?? key;

  app.get<{ Querystring: { status?: EmailStatus | ''; recipient?: string; page?: number } }>(OUTBOX_PATH, { config, schema: { querystring: OutboxQuery } }, async (request, reply) => {
    const staff = await staffWith(request, 'mailbox.view');
    const query = { status: request.query.status || null, recipient: (request.query.recipient ?? '').trim() };
    const list = await listOutbox(db(), query, request.query.page ?? 1);
    return sendPage(
      reply,
      <OutboxPage ctx={await app.pages.context(request)} nav={adminNav(staff, NOTIFICATIONS_PATH)} canManage={can(staff, 'settings.edit')} query={query} list={list} touchPointTitle={titleOf} format={await format()} />,
    );
  });

  async function emailOf(id: string) {
    const email = await storedEmail(db(), id);
    if (!email) throw problems.notFound('email');
    return email;
  }

  app.get<{ Params: { id: string }; Querystring: { notice?: string } }>(`${OUTBOX_PATH}/:id`, { config, schema: { params: IdParams, querystring: NoticeQuery } }, async (request, reply) => {
    const staff = await staffWith(request, 'mailbox.view');
    const email = await emailOf(request.params.id);
    const [order, ticket] = await Promise.all([email.orderId ? orderById(db(), email.orderId) : null, email.ticketId ? ticketById(db(), email.ticketId) : null]);
    const about = {
      orderHref: order && can(staff, 'orders.view') ? `/admin/orders/${order.number}` : null,
      ticketHref: ticket && can(staff, 'tickets.view') ? `/admin/support/${ticket.number}` : null,
    };
    return sendPage(
      reply,
      <OutboxEmailPage
        ctx={await app.pages.context(request)}
        nav={adminNav(staff, NOTIFICATIONS_PATH)}
        canManage={can(staff, 'settings.edit')}
        email={email}
        touchPointTitle={titleOf(email.touchPoint)}
        about={about}
        notice={NOTICES[request.query.notice ?? '']}
        format={await format()}
      />,
    );
  });

  app.get<{ Params: { id: string } }>(`${OUTBOX_PATH}/:id/html`, { config, schema: { params: IdParams } }, async (request, reply) => {
    await staffWith(request, 'mailbox.view');
    return sendEmailHtml(reply, (await emailOf(request.params.id)).html, platform.config.baseUrl);
  });

  app.post<{ Params: { id: string } }>(`${OUTBOX_PATH}/:id/retry`, { config, schema: { params: IdParams } }, async (request, reply) => {
    const staff = await staffWith(request, 'settings.edit');
    const email = await emailOf(request.params.id);
    if (!(await retryEmail(platform, email.id))) {
      throw problems.conflict('email-not-failed', 'This email is not failed any more', 'It may have been sent again already: the mail queue shows where it stands.');
    }
    platform.log.info({ emailId: email.id, staffId: staff.id }, 'failed email queued again');
    return reply.redirect(`${outboxEmailPath(email.id)}?notice=retried`, 303);
  });
}
