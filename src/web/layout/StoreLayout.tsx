// The storefront page frame: document head, site-status banner, header (logo, navigation,
// search, cart, account, help), main content and footer. Everything here is the same for
// every anonymous visitor so the page can be cached; the per-visitor cart count arrives
// through the cart-badge island.
import type { ComponentChildren } from 'preact';
import type { PageContext } from '../context.ts';
import { Island, IslandScopeContext, newIslandScope } from '../components/Island.tsx';
import { FAVICON_URL, LogoMark } from '../components/Logo.tsx';
import { SearchForm } from '../components/SearchForm.tsx';
import { SiteStatusBanner } from '../components/SiteStatusBanner.tsx';
import { CartBadge, type CartBadgeProps } from '../islands/cart-badge.tsx';

export interface StoreLayoutProps {
  ctx: PageContext;
  title: string;
  description?: string;
  /** Path of this page's one URL (e.g. `/products/oak-stool`); also marks the current nav item. */
  canonicalPath?: string;
  /** Extra elements for <head> (page-specific meta, preloads). */
  head?: ComponentChildren;
  children: ComponentChildren;
  /** Checkout pages keep the site-status banner on screen: it cannot be dismissed there. */
  stickyBanner?: boolean;
}

export function StoreLayout({
  ctx,
  title,
  description,
  canonicalPath,
  head,
  children,
  stickyBanner = false,
}: StoreLayoutProps) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · ${ctx.storeName}`}</title>
        {description && <meta name="description" content={description} />}
        {canonicalPath && <link rel="canonical" href={new URL(canonicalPath, ctx.baseUrl).href} />}
        <meta name="color-scheme" content="light dark" />
        <link rel="icon" href={FAVICON_URL} />
        <link rel="stylesheet" href={ctx.assets.url('main.css')} />
        {head}
      </head>
      <body>
        <IslandScopeContext.Provider value={newIslandScope(ctx.assets)}>
          <a class="skip-link" href="#main">
            Skip to main content
          </a>
          {ctx.banner && <SiteStatusBanner banner={ctx.banner} sticky={stickyBanner} />}
          <SiteHeader ctx={ctx} currentPath={canonicalPath} />
          {/* tabindex lets the skip link move keyboard focus, not just the scroll position. */}
          <main id="main" class="site-main container" tabIndex={-1}>
            {children}
          </main>
          <SiteFooter storeName={ctx.storeName} />
        </IslandScopeContext.Provider>
      </body>
    </html>
  );
}

const CART_BADGE: CartBadgeProps = { href: '/cart' };

function SiteHeader({ ctx, currentPath }: { ctx: PageContext; currentPath: string | undefined }) {
  return (
    <header class="site-header">
      <div class="container site-header__bar">
        <a class="brand" href="/">
          <LogoMark class="brand__mark" />
          <span>{ctx.storeName}</span>
        </a>
        <SearchForm
          landmarkLabel="Site search"
          id="site-search-q"
          class="site-search"
          buttonVariant="secondary"
        />
        <nav class="site-utility" aria-label="Help, account and cart">
          <ul>
            <li>
              <a class="site-utility__help" href="/help">
                <HelpIcon />
                <span class="site-utility__label">Help</span>
              </a>
            </li>
            <li>
              <a href="/account">
                <AccountIcon />
                <span class="site-utility__label site-utility__name">
                  {ctx.principal ? ctx.principal.name : 'Sign in'}
                </span>
              </a>
            </li>
            <li>
              <Island name="cart-badge" props={CART_BADGE}>
                <CartBadge {...CART_BADGE} />
              </Island>
            </li>
          </ul>
        </nav>
      </div>
      {ctx.navigation.length > 0 && (
        <nav class="site-nav" aria-label="Main">
          <div class="container">
            <ul>
              {ctx.navigation.map((link) => (
                <li key={link.href}>
                  <a href={link.href} aria-current={link.href === currentPath ? 'page' : undefined}>
                    {link.label}
                  </a>
                </li>
              ))}
            </ul>
          </div>
        </nav>
      )}
    </header>
  );
}

function SiteFooter({ storeName }: { storeName: string }) {
  return (
    <footer class="site-footer">
      <div class="container site-footer__inner">
        <nav aria-labelledby="footer-help">
          <h2 id="footer-help">Help</h2>
          <ul>
            <li>
              <a href="/help/contact">Contact us</a>
            </li>
            <li>
              <a href="/help">Help</a>
            </li>
            <li>
              <a href="/status">Store status</a>
            </li>
          </ul>
        </nav>
        <nav aria-labelledby="footer-policies">
          <h2 id="footer-policies">Policies</h2>
          <ul>
            <li>
              <a href="/policies/shipping">Shipping</a>
            </li>
            <li>
              <a href="/policies/returns">Returns</a>
            </li>
            <li>
              <a href="/policies/privacy">Privacy</a>
            </li>
          </ul>
        </nav>
        <p class="site-footer__legal">
          © {new Date().getFullYear()} {storeName}
        </p>
      </div>
    </footer>
  );
}

const ICON_PROPS = {
  class: 'site-utility__icon',
  viewBox: '0 0 24 24',
  'aria-hidden': 'true',
  focusable: 'false',
  fill: 'none',
  stroke: 'currentColor',
  'stroke-width': '1.8',
  'stroke-linecap': 'round',
  'stroke-linejoin': 'round',
} as const;

function HelpIcon() {
  return (
    <svg {...ICON_PROPS}>
      <circle cx="12" cy="12" r="9" />
      <path d="M9.6 9.3a2.5 2.5 0 0 1 4.8.9c0 1.7-2.4 2.2-2.4 3.6M12 17v.1" />
    </svg>
  );
}

function AccountIcon() {
  return (
    <svg {...ICON_PROPS}>
      <circle cx="12" cy="8.5" r="3.5" />
      <path d="M5 20a7 7 0 0 1 14 0" />
    </svg>
  );
}
