// Lets a visitor close the site-status banner for the rest of this browser session. The
// banner is part of the cached page, so the choice lives in the browser (sessionStorage),
// keyed by the banner's text: a new or changed notice shows again. A banner marked
// data-sticky, or on the cart and checkout pages (where it may decide whether to pay now),
// cannot be closed and shows even when closed elsewhere. Without JavaScript it simply stays.

const STORAGE_KEY = 'doorstep:banner-dismissed';
/** /cart and /checkout…: the pages where the shopper is about to buy. */
const BUYING_PAGE = /^\/(cart|checkout)(\/|$)/;
const onBuyingPage = BUYING_PAGE.test(location.pathname);

for (const root of document.querySelectorAll<HTMLElement>('[data-island="banner-dismiss"]')) {
  const banner = root.querySelector<HTMLElement>('[data-banner-key]');
  if (!banner || banner.hasAttribute('data-sticky') || onBuyingPage) continue;
  const key = banner.dataset.bannerKey ?? '';
  if (readDismissed() === key) {
    banner.hidden = true;
    continue;
  }
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'site-status__dismiss';
  button.setAttribute('aria-label', 'Dismiss this notice');
  button.textContent = '×';
  button.addEventListener('click', () => {
    banner.hidden = true;
    writeDismissed(key);
    // Focus would otherwise fall back to the top of the document.
    document.getElementById('main')?.focus();
  });
  (banner.querySelector('.site-status__inner') ?? banner).append(button);
}

// Storage can be unavailable (private modes, disabled cookies): then the banner stays.
function readDismissed(): string | null {
  try {
    return sessionStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

function writeDismissed(key: string): void {
  try {
    sessionStorage.setItem(STORAGE_KEY, key);
  } catch {
    // Nothing to do: the banner is hidden for this page view only.
  }
}
