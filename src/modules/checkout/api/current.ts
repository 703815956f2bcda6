// The checkout as the visitor of a request sees it: their cart's draft, with what the store
// knows filled into empty fields (a signed-in customer's email and name, the guest draft
// typed before signing in, the home market), worked out and presented.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Platform } from '../../../platform/platform.ts';
import type { FieldName } from '../../../web/islands/checkout-draft.tsx';
import { checkoutHolder, type CartRead } from '../../cart/index.ts';
import { homeCountry } from '../../shipping/index.ts';
import { carriedDraft, rememberGuestDraft } from '../draft/carry.ts';
import { DRAFT_FIELDS, emptyDraft, loadDraft, type CheckoutDraft } from '../draft/drafts.ts';
import { FORM_NAMES } from '../draft/input.ts';
import { prefilled } from '../draft/prefill.ts';
import { checkoutSummary, type CheckoutSummary, type HoldOf } from '../summary.ts';
import { presentCheckout } from './checkout-json.ts';

export interface CurrentCheckout {
  summary: CheckoutSummary;
  json: ReturnType<typeof presentCheckout>;
  /** Fields shown with a value the draft does not hold yet (filled in for the shopper): the form saves them. */
  unsaved: FieldName[];
}

/** `justSaved`: the draft as this request saved it, so it is not read again (undefined: read it). */
async function shownDraft(platform: Platform, request: FastifyRequest, reply: FastifyReply, cartId: string, justSaved: CheckoutDraft | undefined): Promise<{ saved: CheckoutDraft; shown: CheckoutDraft }> {
  const db = platform.database.db;
  const principal = await request.principal();
  const customer = principal?.kind === 'customer' ? principal : null;
  const [saved, home, carried] = await Promise.all([justSaved ?? loadDraft(db, cartId), homeCountry(db), customer ? carriedDraft(platform, request) : null]);
  if (!customer) rememberGuestDraft(platform, reply, cartId);
  const draft = saved ?? emptyDraft(cartId);
  const base = draft.version === 0 && carried && carried.cartId !== cartId ? { ...carried, cartId, version: 0 } : draft;
  return { saved: draft, shown: prefilled(base, { email: customer?.email, name: customer?.name, country: home }) };
}

/** What the request already knows, not read again: the draft it just saved, the hold it just judged. */
export interface KnownToRequest {
  draft?: CheckoutDraft;
  hold?: HoldOf;
}

/** The checkout of the cart as `readCart` read it (its stock figures are not read again). */
export async function currentCheckout(platform: Platform, request: FastifyRequest, reply: FastifyReply, { cart, figures }: CartRead, known: KnownToRequest = {}): Promise<CurrentCheckout> {
  const { saved, shown } = await shownDraft(platform, request, reply, cart.id!, known.draft);
  const summary = await checkoutSummary(platform, { cart, draft: shown, holder: checkoutHolder(cart.id!), figures, ...(known.hold ? { hold: known.hold } : {}) });
  const unsaved = DRAFT_FIELDS.filter((f) => shown[f] !== saved[f]).map((f) => FORM_NAMES[f] as FieldName);
  return { summary, json: presentCheckout(platform, summary, shown), unsaved };
}
