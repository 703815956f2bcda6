// The values a checkout form opens with: the draft, with what the store already knows put
// into the fields the shopper has left empty (a signed-in customer's email and name, the
// home market as the country). Shown, not saved: the shopper's next save keeps them.
import type { CheckoutDraft } from './drafts.ts';

export interface KnownDetails {
  email?: string | undefined;
  name?: string | undefined;
  country?: string | null | undefined;
}

export function prefilled(draft: CheckoutDraft, known: KnownDetails): CheckoutDraft {
  return {
    ...draft,
    email: draft.email || known.email || '',
    name: draft.name || known.name || '',
    country: draft.country || known.country || '',
  };
}
