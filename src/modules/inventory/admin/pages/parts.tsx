// Pieces every stock page uses: the frame with the inventory tabs, the state badge, a
// variant's name, the figures of one location, and the links between pages of a list.
import type { ComponentChildren } from 'preact';
import type { PageContext } from '../../../../web/context.ts';
import { AdminTabs } from '../../../../web/components/AdminTabs.tsx';
import type { FormErrors } from '../../../../web/forms/form-errors.ts';
import { AdminLayout, type AdminNavItem } from '../../../../web/layout/AdminLayout.tsx';
import type { Availability } from '../../availability.ts';
import { variantTitle, type VariantLabel } from '../../variant-directory.ts';
import type { Figures } from '../figures.ts';
import { STATE_LABELS } from './labels.ts';

export const INVENTORY_PATH = '/admin/inventory';

/** A form as typed, with its errors when it was refused. */
export interface FormState<F> {
  form: F;
  errors?: FormErrors | undefined;
}

const TABS = [
  { href: INVENTORY_PATH, label: 'Stock' },
  { href: `${INVENTORY_PATH}/low-stock`, label: 'Low stock' },
  { href: `${INVENTORY_PATH}/supply`, label: 'Inbound supply' },
  { href: `${INVENTORY_PATH}/locations`, label: 'Locations' },
  { href: `${INVENTORY_PATH}/settings`, label: 'Settings' },
];

export interface InventoryFrameProps {
  ctx: PageContext;
  nav: AdminNavItem[];
  title: string;
  /** The tab this page belongs to. */
  tab: string;
  /** Shown beside the title, e.g. a button to the page's main action. */
  actions?: ComponentChildren;
  children: ComponentChildren;
}

export function InventoryFrame({ ctx, nav, title, tab, actions, children }: InventoryFrameProps) {
  return (
    <AdminLayout ctx={ctx} title={title} nav={nav}>
      <AdminTabs label="Inventory" tabs={TABS} current={tab} />
      <div class="admin-heading">
        <h1>{title}</h1>
        {actions}
      </div>
      {children}
    </AdminLayout>
  );
}

export function StateBadge({ availability }: { availability: Availability }) {
  const state = STATE_LABELS[availability.state];
  return <span class={`badge badge--${state.badge}`}>{state.label}</span>;
}

/** The variant's name linked to its stock page, with its SKU below. */
export function VariantName({ variantId, label }: { variantId: string; label: VariantLabel | null }) {
  return (
    <>
      <a href={`${INVENTORY_PATH}/variants/${variantId}`}>{label ? variantTitle(label) : 'A variant no longer in the catalogue'}</a>
      <div class="muted small">{label ? `SKU ${label.sku}` : variantId}</div>
    </>
  );
}

/** Available in large, on hand and reserved below. */
export function FiguresCell({ figures }: { figures: Figures | undefined }) {
  const f = figures ?? { onHand: 0, reserved: 0, available: 0, backordered: 0 };
  return (
    <td class="num">
      <strong>{f.available}</strong>
      <div class="muted small">
        {f.onHand} on hand · {f.reserved} reserved
        {f.backordered > 0 && ` · ${f.backordered} backordered`}
      </div>
    </td>
  );
}
