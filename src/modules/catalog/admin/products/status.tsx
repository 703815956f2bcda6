// How a product's status reads in the admin.
import type { ProductStatus } from '../../schema.ts';

const STATUS_LABELS: Record<ProductStatus, string> = { draft: 'Draft', active: 'Active', archived: 'Archived' };

export const STATUS_CHOICES = (Object.keys(STATUS_LABELS) as ProductStatus[]).map((value) => ({ value, label: STATUS_LABELS[value] }));

const TONES: Record<ProductStatus, string> = { active: 'badge--in-stock', draft: 'badge--backorder', archived: '' };

export function StatusBadge({ status }: { status: ProductStatus }) {
  return <span class={`badge ${TONES[status]}`}>{STATUS_LABELS[status]}</span>;
}
