// Extension points of the order pages: another module adds a section (checkout's "Pay now"
// block for an unpaid order, later shipments or tickets) without this module knowing it. A
// section that fails is left out and logged: the rest of the page still tells the customer
// where their order stands.
import type { JSX } from 'preact';
import type { StaffRole } from '../../platform/http/principal.ts';
import type { Platform } from '../../platform/platform.ts';
import type { Order } from './read.ts';

/** Who is looking at the order page, and why they may. */
export type OrderViewer =
  /** Holder of the signed link (from an email, the confirmation or the lookup form). */
  | { kind: 'link' }
  /** The signed-in customer the order belongs to. */
  | { kind: 'customer'; customerId: string }
  | { kind: 'staff'; staffId: string; role: StaffRole };

export interface OrderSectionContext {
  platform: Platform;
  order: Order;
  viewer: OrderViewer;
  /** For forms in the section (every POST form carries it). */
  csrfToken: string;
}

/** Renders a section, or null when it has nothing to show for this order. */
export type OrderSection = (ctx: OrderSectionContext) => Promise<JSX.Element | null>;

type Place = 'customer' | 'staff';

const registry = new WeakMap<Platform, Record<Place, OrderSection[]>>();

function sectionsOf(platform: Platform): Record<Place, OrderSection[]> {
  let sections = registry.get(platform);
  if (!sections) {
    sections = { customer: [], staff: [] };
    registry.set(platform, sections);
  }
  return sections;
}

/** Adds a section to the customer's order page (shown under the status, in registration order). */
export function registerOrderPageSection(platform: Platform, section: OrderSection): void {
  sectionsOf(platform).customer.push(section);
}

/** Adds a section to the staff order page at /admin/orders/:number. */
export function registerStaffOrderSection(platform: Platform, section: OrderSection): void {
  sectionsOf(platform).staff.push(section);
}

export async function renderSections(place: Place, ctx: OrderSectionContext): Promise<JSX.Element[]> {
  const rendered = await Promise.all(
    sectionsOf(ctx.platform)[place].map(async (section) => {
      try {
        return await section(ctx);
      } catch (error) {
        ctx.platform.log.error({ err: error, orderId: ctx.order.id }, 'an order page section failed');
        return null;
      }
    }),
  );
  return rendered.filter((node): node is JSX.Element => node !== null);
}
