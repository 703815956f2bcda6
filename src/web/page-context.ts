// Builds the PageContext every page is rendered with. Modules contribute what the shared
// layout shows (navigation links, the site-status banner) through providers, so the web
// layer never reaches into a module.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import type { TaggedCache } from '../platform/cache.ts';
import type { AssetManifest } from './assets.ts';
import type { NavLink, PageContext, SiteBanner } from './context.ts';
import { CachedPage, preferredEncoding } from './cached-page.ts';
import { renderDocument } from './components/render.ts';

export type NavigationProvider = () => Promise<NavLink[]>;
export type BannerProvider = (request: FastifyRequest) => Promise<SiteBanner | null>;

export interface PageContextOptions {
  assets: AssetManifest;
  storeName: string;
  baseUrl: string;
  cache: TaggedCache;
}

/** What a cacheable page depends on: cache tags (e.g. catalog, stock) and its cache key. */
export interface CachedPageOptions {
  tags: readonly string[];
  /** Defaults to the request URL (path and query). */
  key?: string;
  status?: number;
}


export class Pages {
  readonly #options: PageContextOptions;
  #navigation: NavigationProvider = async () => [];
  readonly #banners: BannerProvider[] = [];

  constructor(options: PageContextOptions) {
    this.#options = options;
  }

  /** The catalogue provides the collections shown in the header. */
  provideNavigation(provider: NavigationProvider): void {
    this.#navigation = provider;
  }

  /**
   * Site status provides the banner (maintenance, incidents). Several modules may: the first
   * provider, in the order they were added, with something to say has the banner.
   */
  provideBanner(provider: BannerProvider): void {
    this.#banners.push(provider);
  }

  async #banner(request: FastifyRequest): Promise<SiteBanner | null> {
    const banners = await Promise.all(this.#banners.map((provider) => provider(request)));
    return banners.find((banner) => banner !== null) ?? null;
  }

  async context(request: FastifyRequest): Promise<PageContext> {
    const [principal, navigation, banner] = await Promise.all([
      request.principal(),
      this.#navigation(),
      this.#banner(request),
    ]);
    return { ...this.bareContext(request), principal, navigation, banner };
  }

  /**
   * Renders a page that is the same for every anonymous visitor, or takes it (already
   * compressed) from the cache. Such a page carries no per-visitor token, so its forms must
   * be checked by origin (`config.csrf: 'origin'`). Signed-in visitors (their name is in the
   * header) always get a fresh rendering. Answers 304 to a matching If-None-Match.
   */
  async sendCached(
    request: FastifyRequest,
    reply: FastifyReply,
    options: CachedPageOptions,
    render: (ctx: PageContext) => Promise<VNode>,
  ): Promise<FastifyReply> {
    const [principal, navigation, banner] = await Promise.all([request.principal(), this.#navigation(), this.#banner(request)]);
    const ctx: PageContext = { ...this.#frame(''), principal, navigation, banner };
    if (principal) {
      reply.header('x-page-cache', 'bypass');
      return sendPage(reply, await render({ ...ctx, csrfToken: request.csrfToken() }), options.status);
    }
    const key = `${options.key ?? request.url}\u0000${JSON.stringify(banner)}\u0000${JSON.stringify(navigation)}`;
    let hit = true;
    const page = await this.#options.cache.remember(
      key,
      options.tags,
      async () => {
        hit = false;
        return new CachedPage(renderDocument(await render(ctx)));
      },
      (built) => built.size,
    );
    reply
      .header('x-page-cache', hit ? 'hit' : 'miss')
      .header('etag', page.etag)
      .header('cache-control', 'public, no-cache')
      .header('vary', 'accept-encoding, cookie');
    if (request.headers['if-none-match'] === page.etag) return reply.status(304).send();
    const encoding = preferredEncoding(request.headers['accept-encoding']);
    if (encoding !== 'identity') reply.header('content-encoding', encoding);
    return reply
      .status(options.status ?? 200)
      .type('text/html; charset=utf-8')
      .send(page.body(encoding));
  }

  /**
   * A context that needs no database: for error pages, which must render even when the
   * database is what failed.
   */
  bareContext(request: FastifyRequest): PageContext {
    return this.#frame(request.csrfToken());
  }

  #frame(csrfToken: string): PageContext {
    return {
      assets: this.#options.assets,
      csrfToken,
      principal: null,
      storeName: this.#options.storeName,
      baseUrl: this.#options.baseUrl,
      navigation: [],
      banner: null,
    };
  }
}

/** Sends a rendered page. Pages are per-visitor (CSRF token, account link): never shared-cached. */
export function sendPage(reply: FastifyReply, page: VNode, status = 200): FastifyReply {
  return reply
    .status(status)
    .header('cache-control', 'private, no-cache')
    .type('text/html; charset=utf-8')
    .send(renderDocument(page));
}

declare module 'fastify' {
  interface FastifyInstance {
    pages: Pages;
  }
}
