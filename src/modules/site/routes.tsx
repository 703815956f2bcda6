// Routes of the site pages (the home page is the catalogue's storefront).
import type { App } from '../../platform/http/app.ts';
import type { Platform } from '../../platform/platform.ts';
import { sendPage } from '../../web/page-context.ts';
import { problems } from '../../platform/http/problem.ts';
import { HelpPage } from './pages/HelpPage.tsx';
import { PolicyPage } from './pages/PolicyPage.tsx';
import { StatusPage } from './pages/StatusPage.tsx';
import { policies } from './policies.ts';
import { statusJsonFields, statusPageSections } from './status-sections.ts';
import { currentStatus } from './status.ts';

export function registerSiteRoutes(app: App, platform: Platform): void {
  const open = { config: { access: 'public' as const } };
  const supportEmail = `help@${new URL(platform.config.baseUrl).hostname}`;

  app.get('/help', open, async (request, reply) =>
    sendPage(reply, <HelpPage ctx={await app.pages.context(request)} supportEmail={supportEmail} />),
  );
  app.get<{ Params: { slug: string } }>('/policies/:slug', open, async (request, reply) => {
    const policy = policies.find((p) => p.slug === request.params.slug);
    if (!policy) throw problems.notFound('policy');
    return sendPage(reply, <PolicyPage ctx={await app.pages.context(request)} policy={policy} />);
  });
  app.get('/status', open, async (request, reply) => {
    const ctx = await app.pages.context(request);
    const [components, sections] = await Promise.all([currentStatus(platform), statusPageSections(platform, ctx.csrfToken)]);
    return sendPage(
      reply,
      <StatusPage ctx={ctx} components={components} sections={sections} checkedAt={platform.clock.now().toISOString().slice(0, 16).replace('T', ' ')} />,
    );
  });
  app.get('/status.json', open, async () => ({ components: await currentStatus(platform), ...(await statusJsonFields(platform)), checkedAt: platform.clock.now().toISOString() }));
}
