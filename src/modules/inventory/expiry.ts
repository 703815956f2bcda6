// The background release of checkout holds that ran out: every minute, and once at start-up.
import type { Platform } from '../../platform/platform.ts';
import { releaseExpiredReservations } from './reservations.ts';

export const RELEASE_EXPIRED_JOB = 'inventory.release-expired-reservations';
export const RELEASE_EXPIRED_CRON = '* * * * *';

export async function releaseExpiredNow(platform: Platform): Promise<void> {
  const released = await releaseExpiredReservations(platform);
  if (released) platform.log.info({ released }, 'expired checkout holds released');
}
