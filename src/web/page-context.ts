// Builds the PageContext every page is rendered with. Modules contribute what the shared
// layout shows (navigation links, the site-status banner) through providers, so the web
// layer never reaches into a module.
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import type { TaggedCache } from '../platform/cache.ts';
import type { AssetManifest } from './assets.ts';
import type { NavLink, PageContext, SiteBanner } from './context.ts';
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

/**
 * Stands in for the visitor's CSRF token in cached HTML; replaced per request, so one
 * rendering serves every anonymous visitor while each gets their own token.
 */
const CSRF_PLACEHOLDER = 'csrf-placeholder-4f1c9a2e7b';

export class Pages {
  readonly #options: PageContextOptions;
  #navigation: NavigationProvider = async () => [];
  #banner: BannerProvider = async () => null;

  constructor(options: PageContextOptions) {
    this.#options = options;
  }

  /** The catalogue provides the collections shown in the header. */
  provideNavigation(provider: NavigationProvider): void {
    this.#navigation = provider;
  }

  /** Site status provides the banner (maintenance, incidents). */
  provideBanner(provider: BannerProvider): void {
    this.#banner = provider;
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
   * Renders a page that is the same for every anonymous visitor, or takes it from the
   * cache. Signed-in visitors (their name is in the header) always get a fresh rendering.
   * Answers 304 to a matching If-None-Match.
   */
  async sendCached(
    request: FastifyRequest,
    reply: FastifyReply,
    options: CachedPageOptions,
    render: (ctx: PageContext) => Promise<VNode>,
  ): Promise<FastifyReply> {
    const ctx = await this.context(request);
    let html: string;
    if (ctx.principal) {
      html = renderDocument(await render(ctx));
      reply.header('x-page-cache', 'bypass');
    } else {
      const key = `${options.key ?? request.url}\u0000${JSON.stringify(ctx.banner)}\u0000${JSON.stringify(ctx.navigation)}`;
      let hit = true;
      const template = await this.#options.cache.remember(key, options.tags, async () => {
        hit = false;
        return renderDocument(await render({ ...ctx, csrfToken: CSRF_PLACEHOLDER }));
      });
      html = template.replaceAll(CSRF_PLACEHOLDER, ctx.csrfToken);
      reply.header('x-page-cache', hit ? 'hit' : 'miss');
    }
    const etag = `W/"${createHash('sha1').update(html).digest('base64url')}"`;
    reply.header('etag', etag).header('cache-control', 'private, no-cache').header('vary', 'cookie');
    if (request.headers['if-none-match'] === etag) return reply.status(304).send();
    return reply
      .status(options.status ?? 200)
      .type('text/html; charset=utf-8')
      .send(html);
  }

  /**
   * A context that needs no database: for error pages, which must render even when the
   * database is what failed.
   */
  bareContext(request: FastifyRequest): PageContext {
    return {
      assets: this.#options.assets,
      csrfToken: request.csrfToken(),
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
