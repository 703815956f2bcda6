// Who changed an order: the system (a job, a webhook), the customer, an agent or the merchant.
import type { ActorKind } from './schema.ts';

export interface OrderActor {
  kind: ActorKind;
  /** The customer's or staff member's id; absent for the system or a guest. */
  id?: string | null;
}

/** How the outbox records the actor, as the other modules write it ("customer:<id>", "system"). */
export function actorLabel(actor: OrderActor): string {
  return actor.id ? `${actor.kind}:${actor.id}` : actor.kind;
}
