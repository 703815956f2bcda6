// What every server-rendered page needs from the request, gathered once by the HTTP side
// and handed to the layouts. Plain data only: the layouts escape everything they print.
import type { AssetManifest } from './assets.ts';
import type { Principal } from '../platform/http/principal.ts';

export interface NavLink {
  label: string;
  href: string;
}

/** The site-status banner (planned maintenance, an incident). Plain text, never HTML. */
export interface SiteBanner {
  tone: 'info' | 'warning' | 'danger';
  /** Rules out passing markup: the banner text is escaped like any other text. */
  html?: never;
  message: string;
  detail?: string;
  /** Where to read more, usually the status page. */
  href?: string;
  /** When the notice is about a span of time (planned maintenance): shown in the visitor's own time zone. */
  schedule?: BannerSchedule;
}

/**
 * A span of time in the banner. `text` is the span in the store's zone with the zone named
 * (what shows without JavaScript); the banner-times island rewrites it into the browser's own
 * zone and counts down to `countdownTo` during its last hour.
 */
export interface BannerSchedule {
  /** ISO 8601 instants. */
  startsAt: string;
  endsAt: string;
  text: string;
  countdownTo?: string;
  /** What the countdown counts to, e.g. "Checkout closes in". */
  countdownLabel?: string;
}

export interface PageContext {
  assets: AssetManifest;
  csrfToken: string;
  principal: Principal | null;
  storeName: string;
  /** Absolute origin (and optional path) used for canonical links, e.g. https://shop.example. */
  baseUrl: string;
  navigation: NavLink[];
  banner: SiteBanner | null;
}
