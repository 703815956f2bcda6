// What the islands that show availability share (the product page's buy box, the cart's
// lines): one server-sent-events stream per tab following the stock of every variant on the
// page, the availability endpoint, and the tone a delivery promise is shown in.
//
// A page asks for the figures whenever the stream opens (first open, or reopened after a drop
// during which messages may have been missed), when the server says it missed messages
// ("resync"), and when a variant it shows changed. The messages carry ids only: what the page
// shows always comes from the answer of the endpoint.

export const LIVE_URL = '/live';
export const AVAILABILITY_URL = '/api/v1/availability';
/** The stream follows at most this many variants (the server's limit). */
const MAX_TOPICS = 50;
/** A burst of changes (a bulk stock upload) becomes one fetch. */
const SETTLE_MS = 150;

/** The parts of a delivery promise a page shows. */
export interface PromiseFigures {
  state: string;
  orderable: boolean;
  label: string;
}

export type PromiseTone = 'good' | 'low' | 'later' | 'none';

export function toneOf(promise: PromiseFigures): PromiseTone {
  if (!promise.orderable) return 'none';
  switch (promise.state) {
    case 'in_stock':
      return 'good';
    case 'low_stock':
      return 'low';
    case 'out_of_stock':
      return 'none';
    default:
      return 'later';
  }
}

export interface VariantAvailability extends PromiseFigures {
  variantId: string;
  /** Null: no limit. */
  maxOrderable: number | null;
}

export interface AvailabilityQuery {
  quantity: number;
  country: string | null;
  methodId: string | null;
}

/** The figures now, or null when they cannot be had (the page keeps what it shows). */
export async function fetchAvailability(variantIds: readonly string[], query: AvailabilityQuery, signal?: AbortSignal): Promise<Map<string, VariantAvailability> | null> {
  const params = new URLSearchParams({ variants: variantIds.join(','), quantity: String(query.quantity) });
  if (query.country) params.set('country', query.country);
  if (query.methodId) params.set('method', query.methodId);
  try {
    const response = await fetch(`${AVAILABILITY_URL}?${params}`, { headers: { accept: 'application/json' }, credentials: 'same-origin', ...(signal ? { signal } : {}) });
    if (!response.ok) return null;
    const answer = (await response.json()) as { variants: VariantAvailability[] };
    return new Map(answer.variants.map((v) => [v.variantId, v]));
  } catch {
    return null;
  }
}

type Listener = () => void;

const following = new Map<Listener, ReadonlySet<string>>();
const due = new Set<Listener>();
let source: EventSource | null = null;
let followedKey = '';
let reopenQueued = false;
let settleTimer: ReturnType<typeof setTimeout> | null = null;

/**
 * Calls `onChange` (after a short settle) whenever any of the variants may have changed,
 * starting with the moment the stream is open. Returns the function that stops following.
 */
export function followStock(variantIds: readonly string[], onChange: Listener): () => void {
  following.set(onChange, new Set(variantIds));
  queueReopen();
  return () => {
    following.delete(onChange);
    due.delete(onChange);
    queueReopen();
  };
}

/** Islands hydrate one after another: open one stream once they all have said what they follow. */
function queueReopen(): void {
  if (reopenQueued) return;
  reopenQueued = true;
  setTimeout(reopen, 0);
}

function reopen(): void {
  reopenQueued = false;
  const ids = [...new Set([...following.values()].flatMap((set) => [...set]))].sort().slice(0, MAX_TOPICS);
  const key = ids.join(',');
  if (key === followedKey) return;
  source?.close();
  source = null;
  followedKey = key;
  if (ids.length === 0) return;
  if (typeof EventSource === 'undefined') {
    // No live updates in this browser: the figures are still fetched once, on load.
    notify(null);
    return;
  }
  const stream = new EventSource(`${LIVE_URL}?topics=${encodeURIComponent(ids.map((id) => `stock:${id}`).join(','))}`);
  stream.onopen = () => notify(null);
  stream.onmessage = (event: MessageEvent<string>) => {
    try {
      const message = JSON.parse(event.data) as { data?: { variantId?: unknown } };
      notify(typeof message.data?.variantId === 'string' ? message.data.variantId : null);
    } catch {
      notify(null);
    }
  };
  stream.addEventListener('resync', () => notify(null));
  stream.onerror = () => {
    // The browser reconnects by itself unless the server refused the stream (busy): then
    // the page is refreshed once and stays as it is.
    if (stream.readyState === EventSource.CLOSED) notify(null);
  };
  source = stream;
}

/** Marks the followers of `variantId` (all followers when null) due, and calls them once settled. */
function notify(variantId: string | null): void {
  for (const [listener, ids] of following) if (variantId === null || ids.has(variantId)) due.add(listener);
  if (settleTimer !== null || due.size === 0) return;
  settleTimer = setTimeout(() => {
    settleTimer = null;
    const calling = [...due];
    due.clear();
    for (const listener of calling) listener();
  }, SETTLE_MS);
}
