// /admin/inventory/locations: the stock locations, with a form to add one.
import { Button } from '../../../../web/components/Button.tsx';
import { ErrorSummary } from '../../../../web/components/ErrorSummary.tsx';
import { Form } from '../../../../web/components/Form.tsx';
import { Notice } from '../../../../web/components/Notice.tsx';
import type { PageContext } from '../../../../web/context.ts';
import type { AdminNavItem } from '../../../../web/layout/AdminLayout.tsx';
import type { StockLocation } from '../../locations.ts';
import type { LocationForm } from '../location-form.ts';
import { LocationFields } from './LocationFields.tsx';
import { INVENTORY_PATH, InventoryFrame, type FormState } from './parts.tsx';

export const LOCATIONS_PATH = `${INVENTORY_PATH}/locations`;

export interface LocationsPageProps {
  ctx: PageContext;
  nav: AdminNavItem[];
  locations: StockLocation[];
  newLocation: FormState<LocationForm>;
  notice?: string | undefined;
}

export function LocationsPage({ ctx, nav, locations, newLocation, notice }: LocationsPageProps) {
  return (
    <InventoryFrame ctx={ctx} nav={nav} title="Locations" tab={LOCATIONS_PATH}>
      <Notice message={notice} />
      {locations.length === 0 ? (
        <p>No location yet. The first one you add is the default.</p>
      ) : (
        <div class="table-wrap" tabIndex={0} role="region" aria-label="Stock locations">
          <table class="table">
            <thead>
              <tr>
                <th scope="col">Location</th>
                <th scope="col">Code</th>
                <th scope="col">Address</th>
                <th scope="col" class="num">
                  Processing days
                </th>
                <th scope="col">Cut-off</th>
                <th scope="col" class="num">
                  Priority
                </th>
              </tr>
            </thead>
            <tbody>
              {locations.map((location) => (
                <tr key={location.id}>
                  <th scope="row">
                    <a href={`${LOCATIONS_PATH}/${location.id}`}>{location.name}</a>
                    {location.isDefault && <div class="muted small">Default location</div>}
                  </th>
                  <td>
                    <span class="reference">{location.code}</span>
                  </td>
                  <td class="admin-address">{location.address || <span class="muted">None</span>}</td>
                  <td class="num">{location.processingDays}</td>
                  <td>{location.cutoffTime}</td>
                  <td class="num">{location.priority}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2 id="new-location-title" class="admin-subheading">
        Add a location
      </h2>
      {newLocation.errors && <ErrorSummary errors={newLocation.errors.list} />}
      <Form csrfToken={ctx.csrfToken} action={LOCATIONS_PATH} aria-labelledby="new-location-title" noValidate>
        <LocationFields form={newLocation.form} errors={newLocation.errors} />
        <Button>Add location</Button>
      </Form>
    </InventoryFrame>
  );
}
