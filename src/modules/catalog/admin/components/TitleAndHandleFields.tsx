// The title and handle of a product or collection, which both catalogue edit forms start with.
import { Field } from '../../../../web/components/Field.tsx';

/**
 * The title and handle of a product or collection. The handle is its address: the hint
 * says so, and that changing it breaks links to the old one.
 */
export function TitleAndHandleFields({ kind, path, current, title, handle, errors, example }: {
  kind: 'product' | 'collection';
  /** The address prefix, e.g. /products/. */
  path: string;
  /** The stored handle when editing; undefined when creating. */
  current: string | undefined;
  title: string;
  handle: string;
  errors: { for(field: string): string | undefined };
  example: string;
}) {
  return (
    <>
      <Field name="title" label="Title" value={title} error={errors.for('title')} maxLength={255} required />
      <Field
        name="handle"
        label="Handle"
        value={handle}
        error={errors.for('handle')}
        maxLength={255}
        hint={
          current
            ? `The ${kind}'s address is ${path}${current}. Changing the handle changes the address; links to the old one stop working.`
            : `The last part of the ${kind}’s address, such as ${example}. Leave blank to make one from the title.`
        }
      />
    </>
  );
}
