// Gathering and sending a variant's stock page: on its own, or again with the form that was
// refused (as typed, with its errors), whichever of its forms that was.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../../../platform/http/app.ts';
import { problems } from '../../../platform/http/problem.ts';
import type { Platform } from '../../../platform/platform.ts';
import { sendPage } from '../../../web/page-context.ts';
import { getStoreProfile } from '../../site/index.ts';
import { adminNav } from '../../staff/index.ts';
import { listLocations } from '../locations.ts';
import { policyOf } from '../policies.ts';
import { readInventorySettings } from '../settings.ts';
import { openSupply, storeToday } from '../supply.ts';
import type { StaffPrincipal } from './access.ts';
import { stockRows } from './figures.ts';
import { ledgerCheck, ledgerPage } from './ledger.ts';
import { INVENTORY_PATH } from './pages/parts.tsx';
import { VariantPage, type VariantPageProps } from './pages/VariantPage.tsx';
import { policyForm } from './policy-form.ts';
import { emptyAdjustForm, emptyTransferForm } from './stock-forms.ts';
import { emptySupplyForm } from './supply-forms.ts';

export const variantPath = (variantId: string): string => `${INVENTORY_PATH}/variants/${variantId}`;

/** What a refused post puts back on the page: its form, and its status. */
export type VariantPageState = Partial<Pick<VariantPageProps, 'adjust' | 'transfer' | 'policy' | 'newSupply' | 'failedRow' | 'notice'>> & { olderThan?: string | null };

export async function sendVariantPage(
  app: App,
  platform: Platform,
  request: FastifyRequest,
  reply: FastifyReply,
  staff: StaffPrincipal,
  variantId: string,
  state: VariantPageState = {},
  status = 200,
): Promise<FastifyReply> {
  const db = platform.database.db;
  const olderThan = state.olderThan ?? null;
  const [today, profile, [row], locations, policy, supply, ledger, checks, settings] = await Promise.all([
    storeToday(platform),
    getStoreProfile(platform),
    stockRows(db, [variantId]),
    listLocations(db),
    policyOf(db, variantId),
    openSupply(db, { variantIds: [variantId] }),
    ledgerPage(db, variantId, olderThan),
    ledgerCheck(db, variantId),
    readInventorySettings(db),
  ]);
  // A variant the catalog does not know is shown only while inventory still holds stock for it.
  if (!row!.label && row!.byLocation.size === 0) throw problems.notFound('variant');
  const page = (
    <VariantPage
      ctx={await app.pages.context(request)}
      nav={adminNav(staff, INVENTORY_PATH)}
      locale={profile.locale}
      timeZone={profile.timeZone}
      today={today}
      row={row!}
      locations={locations}
      defaultLeadTimeDays={settings.defaultLeadTimeDays}
      adjust={state.adjust ?? { form: emptyAdjustForm(locations) }}
      transfer={state.transfer ?? { form: emptyTransferForm(locations) }}
      policy={state.policy ?? { form: policyForm(policy) }}
      newSupply={state.newSupply ?? { form: emptySupplyForm(locations[0]?.id ?? '') }}
      supply={supply.lines}
      failedRow={state.failedRow}
      ledger={ledger}
      olderThan={olderThan}
      checks={checks}
      notice={state.notice}
    />
  );
  return sendPage(reply, page, status);
}
