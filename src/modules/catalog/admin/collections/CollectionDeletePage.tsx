// The confirmation step before a collection is deleted (a link never deletes anything).
import { Button } from '../../../../web/components/Button.tsx';
import { Form } from '../../../../web/components/Form.tsx';
import type { PageContext } from '../../../../web/context.ts';
import { AdminLayout, type AdminNavItem } from '../../../../web/layout/AdminLayout.tsx';
import type { CollectionRow } from './read.ts';

export function CollectionDeletePage({ ctx, nav, collection, productCount }: { ctx: PageContext; nav: AdminNavItem[]; collection: CollectionRow; productCount: number }) {
  return (
    <AdminLayout ctx={ctx} title={`Delete ${collection.title}`} nav={nav}>
      <h1>Delete “{collection.title}”?</h1>
      <p>
        The collection leaves the shop and its address /collections/{collection.handle} stops working. Its {productCount} product
        {productCount === 1 ? '' : 's'} stay in the shop and in other collections.
      </p>
      <Form csrfToken={ctx.csrfToken} action={`/admin/collections/${collection.id}/delete`}>
        <div class="button-row">
          <Button variant="danger">Delete collection</Button>
          <a href={`/admin/collections/${collection.id}`}>Keep it</a>
        </div>
      </Form>
    </AdminLayout>
  );
}
