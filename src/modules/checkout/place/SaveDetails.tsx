// "Save my details" is offered after the purchase, never before: on the order page a guest
// may choose a password, and their account (attached to the customer record their order was
// placed under) then lists this order and those to come. The form posts to the account
// sign-up, which keeps what was typed and explains any problem.
import { MIN_PASSWORD_LENGTH } from '../../../platform/http/auth/passwords.ts';
import type { Platform } from '../../../platform/platform.ts';
import { Button } from '../../../web/components/Button.tsx';
import { Form } from '../../../web/components/Form.tsx';
import { getCustomer } from '../../customers/index.ts';
import { orderPagePath, registerOrderPageSection } from '../../orders/index.ts';

export function registerSaveDetailsOffer(platform: Platform): void {
  registerOrderPageSection(platform, async ({ order, viewer, csrfToken }) => {
    // Once paid: until then the page's one job is getting it paid.
    if (viewer.kind !== 'link' || order.status === 'placed' || order.status === 'cancelled' || !order.customerId) return null;
    const customer = await getCustomer(platform.database.db, order.customerId);
    if (!customer || customer.hasAccount) return null;
    return (
      <section class="card order-save-details" aria-labelledby="save-details-title">
        <h2 id="save-details-title">Save your details for next time</h2>
        <p>Choose a password and your account will list this order and any to come, with where each one stands. Nothing else to fill in.</p>
        <Form csrfToken={csrfToken} action="/account/sign-up">
          <input type="hidden" name="email" value={order.email} />
          <input type="hidden" name="name" value={order.shippingAddress.name} />
          <input type="hidden" name="next" value={orderPagePath(platform, order)} />
          <input type="text" name="username" value={order.email} autocomplete="username" hidden />
          <label class="field__label" for="save-details-password">
            Password (at least {MIN_PASSWORD_LENGTH} characters)
          </label>
          <input class="input" id="save-details-password" name="password" type="password" autocomplete="new-password" minLength={MIN_PASSWORD_LENGTH} required />
          <Button variant="secondary">Save my details</Button>
        </Form>
      </section>
    );
  });
}
