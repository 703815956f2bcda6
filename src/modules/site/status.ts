// The live state of the store's parts, measured rather than declared. The site-status module
// grows this into incidents, maintenance windows and history.
import type { Platform } from '../../platform/platform.ts';

export interface ComponentStatus {
  name: string;
  state: 'operational' | 'degraded' | 'down';
  detail: string;
}

/** A queue backlog older than this means emails and updates are running late. */
const BACKLOG_DEGRADED_SECONDS = 300;

export async function currentStatus(platform: Platform): Promise<ComponentStatus[]> {
  // This runs only when the store answers requests with its database.
  const storefront: ComponentStatus = { name: 'Storefront and checkout', state: 'operational', detail: 'Pages and orders are being served.' };
  let background: ComponentStatus;
  try {
    const depth = await platform.jobs.depth();
    const oldest = Math.max(0, ...depth.map((q) => q.oldestWaitingSeconds));
    background =
      oldest > BACKLOG_DEGRADED_SECONDS
        ? { name: 'Emails and order updates', state: 'degraded', detail: `Running about ${Math.round(oldest / 60)} minutes late; nothing is lost.` }
        : { name: 'Emails and order updates', state: 'operational', detail: 'Sent within moments.' };
  } catch {
    background = { name: 'Emails and order updates', state: 'down', detail: 'Queued safely; they go out once we are back.' };
  }
  return [storefront, background];
}
