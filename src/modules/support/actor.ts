// Who did something to a ticket: the customer (signed in or holding a link), a staff member,
// or the store itself (a job, the delay detector). Written as one label everywhere the desk
// records it — messages' authors, the history, the outbox — the way the other modules do.

export interface TicketActor {
  kind: 'customer' | 'staff' | 'system';
  /** The customer's or staff member's id; absent for a guest or the system. */
  id?: string | null;
}

export const SYSTEM: TicketActor = { kind: 'system' };

/** "customer", "customer:<id>", "staff:<id>" or "system". */
export function actorLabel(actor: TicketActor): string {
  return actor.kind !== 'system' && actor.id ? `${actor.kind}:${actor.id}` : actor.kind;
}
