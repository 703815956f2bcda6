// The product's images as addresses with a description (alt text), in display order. The
// store fetches each one in the background and shows a placeholder until it has a copy.
import { CellCheckbox, CellInput } from '../../../../web/components/fields.tsx';
import type { FormErrors } from '../../../../web/forms/form-errors.ts';
import { imageField, type ProductForm } from './form.ts';

export function ImagesTable({ form, errors }: { form: ProductForm; errors: FormErrors }) {
  return (
    <fieldset class="fieldset">
      <legend class="fieldset__legend">Images</legend>
      <p class="field__hint" id="images-hint">
        Add an image by its web address (https://…) in an empty row. Describe what it shows for people who cannot see it; leave the description blank only
        for a purely decorative image.
      </p>
      <div class="table-wrap" tabIndex={0} role="region" aria-label="Images">
        <table class="table admin-grid">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Address</th>
              <th scope="col">Description (alt text)</th>
              <th scope="col">Remove</th>
            </tr>
          </thead>
          <tbody>
            {form.images.map((image, i) => {
              const name = image.src ? `image ${i + 1}` : `new image row ${i + 1}`;
              return (
                <tr key={i}>
                  <td class="num">{i + 1}</td>
                  <td>
                    <CellInput name={imageField(i, 'src')} label={`Address of ${name}`} value={image.src} error={errors.for(imageField(i, 'src'))} describedBy="images-hint" size={40} />
                  </td>
                  <td>
                    <CellInput name={imageField(i, 'alt')} label={`Description of ${name}`} value={image.alt} error={errors.for(imageField(i, 'alt'))} size={30} />
                  </td>
                  <td>
                    <CellCheckbox name={imageField(i, 'remove')} label={`Remove ${name}`} checked={image.remove} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </fieldset>
  );
}
