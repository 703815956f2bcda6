// A ticket page that keeps itself current: the customer's request page and the agents' ticket
// page follow the ticket's live topic and, when it changes, fetch the same page again and
// swap in the parts named in `refresh` (the conversation, the status, who else is there). The
// page's own URL is fetched, so the server's access check answers exactly as it did for the
// page: the live message itself carries nothing but what changed. On the console, the page
// also says every few seconds that the agent is still there and whether they are typing a
// reply (`presenceUrl`), which is what other agents see as "X is also viewing / replying".
// Forms are never swapped: what someone is typing stays.
import { useEffect } from 'preact/hooks';
import { island } from './hydrate.ts';

export interface TicketLiveProps {
  topic: string;
  /** Ids of the elements to replace with their newer versions. */
  refresh: string[];
  /** The console's presence endpoint; absent on the customer's page. */
  presenceUrl?: string;
}

const LIVE_URL = '/live';
const BEAT_MS = 15_000;
/** A burst of changes (a reply and the status move with it) becomes one fetch. */
const SETTLE_MS = 200;

async function refreshParts(ids: readonly string[]): Promise<void> {
  const response = await fetch(location.href, { headers: { accept: 'text/html' }, credentials: 'same-origin' });
  if (!response.ok) return;
  const next = new DOMParser().parseFromString(await response.text(), 'text/html');
  for (const id of ids) {
    const current = document.getElementById(id);
    const fresh = next.getElementById(id);
    if (current && fresh) current.innerHTML = fresh.innerHTML;
  }
}

export const TicketLive = island('ticket-live', function TicketLive({ topic, refresh, presenceUrl }: TicketLiveProps) {
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const soon = () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = null;
        refreshParts(refresh).catch(() => {});
      }, SETTLE_MS);
    };
    const source = new EventSource(`${LIVE_URL}?topics=${encodeURIComponent(topic)}`);
    source.onmessage = soon;
    source.addEventListener('resync', soon);

    let beat: ReturnType<typeof setInterval> | null = null;
    let wasReplying = false;
    const replyBox = () => document.getElementById('reply-body') as HTMLTextAreaElement | null;
    const tell = (body: object) =>
      presenceUrl
        ? fetch(presenceUrl, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, credentials: 'same-origin', body: JSON.stringify(body) }).catch(() => {})
        : Promise.resolve();
    const onInput = () => {
      const replying = (replyBox()?.value.trim() ?? '') !== '';
      if (replying !== wasReplying) {
        wasReplying = replying;
        void tell({ replying });
      }
    };
    const onLeave = () => {
      if (presenceUrl) navigator.sendBeacon(presenceUrl, new Blob([JSON.stringify({ leaving: true })], { type: 'application/json' }));
    };
    if (presenceUrl) {
      beat = setInterval(() => void tell({ replying: wasReplying }), BEAT_MS);
      document.addEventListener('input', onInput);
      window.addEventListener('pagehide', onLeave);
    }
    return () => {
      source.close();
      if (timer) clearTimeout(timer);
      if (beat) clearInterval(beat);
      document.removeEventListener('input', onInput);
      window.removeEventListener('pagehide', onLeave);
    };
  }, [topic, presenceUrl]);
  return null;
});
