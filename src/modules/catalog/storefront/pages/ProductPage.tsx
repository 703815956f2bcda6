// A product: pictures, title, price, the variant picker with availability and the delivery
// promise, "Add to cart", the description and related products. Also what search engines
// and link previews read (canonical URL, Open Graph, schema.org/Product JSON-LD).
import type { PageContext } from '../../../../web/context.ts';
import { StoreLayout } from '../../../../web/layout/StoreLayout.tsx';
import { Island } from '../../../../web/components/Island.tsx';
import { CSRF_FIELD } from '../../../../platform/http/csrf.ts';
import { ADD_TO_CART, AddToCart } from '../../../../web/islands/add-to-cart.tsx';
import { ProductBuyBox, type BuyBoxVariant, type ProductBuyBoxProps } from '../../../../web/islands/product-buy-box.tsx';
import { productImageUrl } from '../../images/urls.ts';
import { altOf, Gallery, MAIN_IMAGE_ID } from '../components/Gallery.tsx';
import { Shelf } from '../components/Shelf.tsx';
import { promiseDatesNote, STOCK_ALERTS_API_PATH, STOCK_ALERTS_PATH } from '../../../inventory/index.ts';
import { canBuy, MAX_QUANTITY_PER_ADD, maxQuantity } from '../delivery-promise.ts';
import { money, type MoneyFormat } from '../money.ts';
import type { ProductView } from '../product-view.ts';
import { decimalPrice, jsonLdText, productJsonLd, productPath } from '../seo.ts';

export interface ProductPageProps {
  ctx: PageContext;
  view: ProductView;
  format: MoneyFormat;
  fractionDigits: number;
}

export function ProductPage({ ctx, view, format, fractionDigits }: ProductPageProps) {
  const { product, availability, promises, promisedFor, selection, related, summary, collection } = view;
  const path = productPath(product.handle);
  const variants: BuyBoxVariant[] = product.variants.map((variant) => {
    const state = availability.get(variant.id)!;
    const image = product.images.find((i) => i.id === variant.imageId) ?? null;
    return {
      id: variant.id,
      options: variant.options,
      price: money(variant.priceMinor, format),
      compareAt: variant.compareAtMinor !== null && variant.compareAtMinor > variant.priceMinor ? money(variant.compareAtMinor, format) : null,
      promise: pick(promises.get(variant.id)!),
      canBuy: canBuy(state),
      maxQuantity: maxQuantity(state),
      image: image ? { url: productImageUrl(image, product.id), alt: altOf(image, product.title) } : null,
    };
  });
  const buyBox: ProductBuyBoxProps = {
    productPath: path,
    optionNames: product.optionNames,
    variants,
    selectedId: selection.variant?.id ?? null,
    selectedOptions: selection.options,
    csrfToken: ctx.csrfToken,
    csrfField: CSRF_FIELD,
    imageElementId: MAIN_IMAGE_ID,
    promiseFor: { country: promisedFor.country, methodId: promisedFor.method?.id ?? null },
    datesNote: promiseDatesNote(promisedFor, format.locale),
    stockAlerts: { formPath: STOCK_ALERTS_PATH, apiPath: STOCK_ALERTS_API_PATH },
    maxPerAdd: MAX_QUANTITY_PER_ADD,
  };
  const mainImage = product.images.find((i) => i.id === selection.variant?.imageId) ?? product.images[0] ?? null;
  const jsonLd = productJsonLd({ product, availability, baseUrl: ctx.baseUrl, currency: format.currency, fractionDigits, storeName: ctx.storeName, description: summary });
  const absolute = (p: string) => new URL(p, ctx.baseUrl).href;
  const shownPrice = selection.variant?.priceMinor ?? product.priceMinMinor;

  const head = (
    <>
      <meta property="og:type" content="product" />
      <meta property="og:site_name" content={ctx.storeName} />
      <meta property="og:title" content={product.seoTitle || product.title} />
      <meta property="og:description" content={summary} />
      <meta property="og:url" content={absolute(path)} />
      {/* Link previews cannot show the SVG placeholder: only a stored picture is offered. */}
      {mainImage?.stored && <meta property="og:image" content={absolute(productImageUrl(mainImage, product.id))} />}
      {mainImage?.stored && <meta property="og:image:alt" content={altOf(mainImage, product.title)} />}
      <meta property="product:price:amount" content={decimalPrice(shownPrice, fractionDigits)} />
      <meta property="product:price:currency" content={format.currency} />
      <meta name="twitter:card" content={mainImage?.stored ? 'summary_large_image' : 'summary'} />
      {/* Data, not script: escaped so no text in it can close the element (see jsonLdText). */}
      <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: jsonLdText(jsonLd) }} />
    </>
  );

  return (
    <StoreLayout ctx={ctx} title={product.seoTitle || product.title} description={summary} canonicalPath={path} head={head}>
      <nav class="breadcrumbs" aria-label="Breadcrumb">
        <ol>
          <li>
            <a href="/">Home</a>
          </li>
          <li>{collection ? <a href={`/collections/${collection.handle}`}>{collection.title}</a> : <a href="/collections/all">All products</a>}</li>
          <li>
            <a href={path} aria-current="page">
              {product.title}
            </a>
          </li>
        </ol>
      </nav>
      <div class="product">
        <div class="product__gallery">
          <Gallery product={product} mainImageId={mainImage?.id ?? null} />
        </div>
        <div class="product__details">
          {product.vendor && <p class="product__vendor">{product.vendor}</p>}
          <h1 class="product__title">{product.title}</h1>
          <Island name="product-buy-box" props={buyBox}>
            <ProductBuyBox {...buyBox} />
          </Island>
          {/* Sends the buy box's form to the cart API and shows the mini-cart without leaving the page. */}
          <Island name="add-to-cart" props={ADD_TO_CART}>
            <AddToCart {...ADD_TO_CART} />
          </Island>
          {product.bodyHtml && (
            <section class="product__description" aria-labelledby="product-description">
              <h2 id="product-description" class="product__section-title">
                Description
              </h2>
              {/* Sanitised when saved (catalog/sanitize.ts): formatting only, no scripts or handlers. */}
              <div class="prose" dangerouslySetInnerHTML={{ __html: product.bodyHtml }} />
            </section>
          )}
          {(product.productType || product.vendor) && (
            <dl class="product__facts">
              {product.productType && (
                <>
                  <dt>Type</dt>
                  <dd>{product.productType}</dd>
                </>
              )}
              {product.vendor && (
                <>
                  <dt>Brand</dt>
                  <dd>{product.vendor}</dd>
                </>
              )}
            </dl>
          )}
        </div>
      </div>
      {related.length > 0 && <Shelf id="related-products" title="You may also like" cards={related} format={format} />}
    </StoreLayout>
  );
}

/** The island's props carry only what it shows of a promise. */
const pick = ({ state, orderable, label }: { state: string; orderable: boolean; label: string }) => ({ state, orderable, label });
