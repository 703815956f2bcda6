// Who the stock ledger says made a change: the API token or the member of staff.
import type { Principal } from '../../../platform/http/principal.ts';

export function actorOf(principal: Principal): string {
  return principal.kind === 'integration'
    ? `token:${principal.id}`
    : `${principal.kind}:${principal.id}`;
}
