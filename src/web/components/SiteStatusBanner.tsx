// The site-status banner (planned maintenance, incidents), shown above the header on every
// page while it is set. It is part of the cached page; closing it is the browser's business
// (islands/banner-dismiss.ts). On checkout pages it is sticky: a customer about to pay must
// still see that checkout closes soon. A landmark region, not a live one: only the countdown
// of a schedule (islands/banner-times.tsx) speaks up, and rarely.
import type { SiteBanner } from '../context.ts';
import { BannerTimes } from '../islands/banner-times.tsx';
import { Island } from './Island.tsx';

const TONE_LABELS: Record<SiteBanner['tone'], string> = {
  info: 'Notice',
  warning: 'Important',
  danger: 'Problem',
};

export function SiteStatusBanner({ banner, sticky }: { banner: SiteBanner; sticky: boolean }) {
  const key = [banner.tone, banner.message, banner.detail ?? ''].join('\n');
  return (
    <Island name="banner-dismiss">
      <section
        class={`site-status site-status--${banner.tone}`}
        aria-label="Site status"
        data-banner-key={key}
        data-sticky={sticky ? '' : undefined}
      >
        <div class="container site-status__inner">
          <StatusIcon tone={banner.tone} />
          <div class="site-status__body">
            <p class="site-status__text">
              <span class="visually-hidden">{TONE_LABELS[banner.tone]}: </span>
              <strong>{banner.message}</strong>
              {banner.detail && <> {banner.detail}</>}
              {banner.href && (
                <>
                  {' '}
                  <a href={banner.href}>More about this</a>
                </>
              )}
            </p>
            {banner.schedule && (
              <Island name="banner-times" props={banner.schedule}>
                <BannerTimes {...banner.schedule} />
              </Island>
            )}
          </div>
        </div>
      </section>
    </Island>
  );
}

function StatusIcon({ tone }: { tone: SiteBanner['tone'] }) {
  return (
    <svg
      class="site-status__icon"
      viewBox="0 0 20 20"
      aria-hidden="true"
      focusable="false"
      fill="none"
      stroke="currentColor"
      stroke-width="1.8"
      stroke-linecap="round"
    >
      {tone === 'warning' ? (
        <path d="M10 2.8 18.2 17H1.8Z" stroke-linejoin="round" />
      ) : (
        <circle cx="10" cy="10" r="8" />
      )}
      {tone === 'info' ? (
        <path d="M10 9v5M10 6.2v.1" />
      ) : (
        <path d={tone === 'warning' ? 'M10 8v4M10 14.5v.1' : 'M10 5.8v5M10 13.8v.1'} />
      )}
    </svg>
  );
}
