// The name a cart's checkout holds stock under in the inventory module. The cart shows the
// units held under it as the shopper's own; checkout reserves under it.
export function checkoutHolder(cartId: string): string {
  return `cart:${cartId}`;
}
