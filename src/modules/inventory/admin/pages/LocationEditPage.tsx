// /admin/inventory/locations/:id: change a location's name, address, dispatch times or priority.
import { Button, ButtonLink } from '../../../../web/components/Button.tsx';
import { ErrorSummary } from '../../../../web/components/ErrorSummary.tsx';
import { Form } from '../../../../web/components/Form.tsx';
import { Notice } from '../../../../web/components/Notice.tsx';
import type { PageContext } from '../../../../web/context.ts';
import type { AdminNavItem } from '../../../../web/layout/AdminLayout.tsx';
import type { StockLocation } from '../../locations.ts';
import type { LocationForm } from '../location-form.ts';
import { LocationFields } from './LocationFields.tsx';
import { LOCATIONS_PATH } from './LocationsPage.tsx';
import { InventoryFrame, type FormState } from './parts.tsx';

export interface LocationEditPageProps {
  ctx: PageContext;
  nav: AdminNavItem[];
  location: StockLocation;
  edit: FormState<LocationForm>;
  notice?: string | undefined;
}

export function LocationEditPage({ ctx, nav, location, edit, notice }: LocationEditPageProps) {
  return (
    <InventoryFrame ctx={ctx} nav={nav} title={location.name} tab={LOCATIONS_PATH} actions={<ButtonLink href={LOCATIONS_PATH}>All locations</ButtonLink>}>
      <Notice message={notice} />
      {edit.errors && <ErrorSummary errors={edit.errors.list} />}
      <Form csrfToken={ctx.csrfToken} action={`${LOCATIONS_PATH}/${location.id}`} aria-label={`Edit ${location.name}`} noValidate>
        <LocationFields form={edit.form} errors={edit.errors} />
        <Button>Save location</Button>
      </Form>
    </InventoryFrame>
  );
}
