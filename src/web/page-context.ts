// Builds the PageContext every page is rendered with. Modules contribute what the shared
// layout shows (navigation links, the site-status banner) through providers, so the web
// layer never reaches into a module.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import type { AssetManifest } from './assets.ts';
import type { NavLink, PageContext, SiteBanner } from './context.ts';
import { renderDocument } from './components/render.ts';

export type NavigationProvider = () => Promise<NavLink[]>;
export type BannerProvider = (request: FastifyRequest) => Promise<SiteBanner | null>;

export interface PageContextOptions {
  assets: AssetManifest;
  storeName: string;
  baseUrl: string;
}

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
