// The preference centre and the one-click unsubscribe, both opened by the signed link in an
// email: the token names the address, and nothing else is needed (no account, no sign-in).
//
// GET  /email/preferences?token=   the reader's choices, with a form to change them
// POST /email/preferences           saves them (the form carries the token; CSRF as usual)
// GET  /email/unsubscribe?topic=&token=  a page whose button unsubscribes: a GET changes
//                                   nothing, because mail scanners follow links
// POST /email/unsubscribe?topic=&token=  RFC 8058 one-click: the mail program posts
//                                   List-Unsubscribe=One-Click from elsewhere, so no CSRF
//                                   token; the signed token is the authority
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { App } from '../../../platform/http/app.ts';
import type { Platform } from '../../../platform/platform.ts';
import { checked, formBody, text } from '../../../web/forms/form-body.ts';
import { sendPage } from '../../../web/page-context.ts';
import { LinkNotValidPage, PREFERENCES_PATH, PreferencesPage, UNSUBSCRIBE_PATH, UnsubscribePage } from './pages.tsx';
import { stopSubscriptionOf } from '../../maintenance/index.ts';
import { addressOfToken, EMAIL_TOPICS, preferencesOf, preferencesUrl, savePreferences, type EmailTopic, type Preferences } from './preferences.ts';

const Token = Type.Optional(Type.String({ maxLength: 4096 }));
const PreferencesQuery = Type.Object({ token: Token });
const UnsubscribeQuery = Type.Object({ token: Token, topic: Type.Optional(Type.String({ maxLength: 40 })) });

const isTopic = (value: string | undefined): value is EmailTopic => (EMAIL_TOPICS as readonly string[]).includes(value ?? '');

export function registerPreferenceRoutes(app: App, platform: Platform): void {
  const db = () => platform.database.db;

  async function notValid(request: FastifyRequest, reply: FastifyReply) {
    return sendPage(reply, <LinkNotValidPage ctx={await app.pages.context(request)} />, 404);
  }

  // The token travels in the URL: keep it out of Referer headers (the access log redacts it).
  const private_ = (reply: FastifyReply) => reply.header('referrer-policy', 'no-referrer');

  app.get<{ Querystring: { token?: string } }>(PREFERENCES_PATH, { config: { access: 'public' }, schema: { querystring: PreferencesQuery } }, async (request, reply) => {
    private_(reply);
    const token = request.query.token ?? '';
    const address = addressOfToken(platform, token);
    if (!address) return notValid(request, reply);
    const preferences = await preferencesOf(db(), address);
    return sendPage(reply, <PreferencesPage ctx={await app.pages.context(request)} address={address} token={token} preferences={preferences} saved={false} />);
  });

  app.post(PREFERENCES_PATH, { config: { access: 'public' } }, async (request, reply) => {
    private_(reply);
    const body = formBody(request);
    const token = text(body, 'token');
    const address = addressOfToken(platform, token);
    if (!address) return notValid(request, reply);
    const preferences = Object.fromEntries(EMAIL_TOPICS.map((topic) => [topic, checked(body, topic)])) as Preferences;
    await platform.database.transaction(async (tx) => {
      await savePreferences(tx, address, preferences, platform.clock.now());
      if (!preferences.announcements) await stopSubscriptionOf(tx, address, platform.clock.now());
    });
    return sendPage(reply, <PreferencesPage ctx={await app.pages.context(request)} address={address} token={token} preferences={preferences} saved />);
  });

  async function unsubscribePage(request: FastifyRequest<{ Querystring: { token?: string; topic?: string } }>, reply: FastifyReply, done: boolean) {
    private_(reply);
    const token = request.query.token ?? '';
    const topic = request.query.topic;
    const address = addressOfToken(platform, token);
    if (!address || !isTopic(topic)) return notValid(request, reply);
    if (done) {
      await platform.database.transaction(async (tx) => {
        const preferences = await preferencesOf(tx, address);
        if (preferences[topic]) await savePreferences(tx, address, { ...preferences, [topic]: false }, platform.clock.now());
        if (topic === 'announcements') await stopSubscriptionOf(tx, address, platform.clock.now());
      });
    }
    const action = `${UNSUBSCRIBE_PATH}?topic=${topic}&token=${encodeURIComponent(token)}`;
    return sendPage(reply, <UnsubscribePage ctx={await app.pages.context(request)} action={action} topic={topic} preferencesUrl={preferencesUrl(platform, address)} done={done} />);
  }

  app.get<{ Querystring: { token?: string; topic?: string } }>(UNSUBSCRIBE_PATH, { config: { access: 'public' }, schema: { querystring: UnsubscribeQuery } }, (request, reply) =>
    unsubscribePage(request, reply, false),
  );
  void app.register(async (scope: FastifyInstance) => {
    // RFC 8058 lets the mail program post its one field as multipart/form-data too; the field
    // says nothing the URL does not, so the body is read (bounded) and set aside.
    scope.addContentTypeParser('multipart/form-data', { parseAs: 'buffer', bodyLimit: 16 * 1024 }, (_request, _body, done) => done(null, {}));
    scope.post<{ Querystring: { token?: string; topic?: string } }>(
      UNSUBSCRIBE_PATH,
      { config: { access: 'public', csrf: false }, schema: { querystring: UnsubscribeQuery } },
      (request, reply) => unsubscribePage(request, reply, true),
    );
  });
}
