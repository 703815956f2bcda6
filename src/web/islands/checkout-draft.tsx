// The checkout form: contact, shipping address (its fields follow the country), shipping
// method with each method's price and dates, the items with their dates, totals and "Place
// order". The server renders it and it works as a plain form: "Update shipping options" and
// "Save and continue" post the details (saved even when some are wrong), "Place order" posts
// them with the one-time order token. In the browser, every change is saved as the shopper
// goes (a JSON autosave, debounced, only the fields that changed), and the answer refreshes
// the methods, dates and totals, which the server works out: nothing here computes a price.
// Props are plain, already formatted data: this file runs in the browser and knows no module.
import type { InputHTMLAttributes } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { island } from './hydrate.ts';

export type FieldName = 'email' | 'name' | 'line1' | 'line2' | 'city' | 'region' | 'postalCode' | 'country' | 'phone' | 'method';

export type FieldValues = Record<FieldName, string>;

export interface AddressFormatView {
  cityLabel: string;
  regionLabel: string;
  regionRequired: boolean;
  regions: { code: string; name: string }[] | null;
  postalLabel: string;
  postalRequired: boolean;
  postalExample: string | null;
  postalNumeric: boolean;
}

/** What the server answers for the draft as saved: the page's props and the autosave's reply. */
export interface CheckoutState {
  version: number;
  orderToken: string;
  values: FieldValues;
  /** Every problem with the details as saved, by form field. */
  errors: { field: FieldName; message: string }[];
  format: AddressFormatView;
  methods: { id: string; name: string; price: string; arrives: string | null }[];
  /** The method the order ships by: the one chosen, else the cheapest. */
  methodId: string | null;
  lines: {
    id: string;
    title: string;
    options: string;
    quantity: number;
    image: { url: string; alt: string } | null;
    total: string;
    promise: { label: string; tone: string };
    /** "1 in stock now; 1 waits for the restock." */
    note: string | null;
  }[];
  /** Lines leave on different days: when one parcel with everything arrives (null: no date yet). */
  mixed: { arrives: string | null } | null;
  /** Tax: added to the total, or contained in it; its amount is null until the address says where. */
  totals: { subtotal: string; shippingLabel: string; shipping: string | null; tax: { label: string; amount: string | null; included: boolean } | null; total: string };
  /** What keeps the order from being placed besides the fields: stock, the hold, the cart. */
  problems: string[];
  readyToPlace: boolean;
}

export interface CheckoutDraftProps {
  state: CheckoutState;
  countries: { code: string; name: string }[];
  csrfToken: string;
  /** PUT: the JSON autosave. */
  saveUrl: string;
  /** POST: the details form. */
  detailsAction: string;
  /** POST: place the order with the details and the order token. */
  placeAction: string;
  /** POST: give the held items back and return to the cart. */
  leaveAction: string;
  /** Where a guest signs in (and comes back); null when signed in. */
  signInHref: string | null;
  /** Show every problem at once (after "Save and continue"), not only those of fields left. */
  showErrors: boolean;
  /** Fields shown with a value filled in for the shopper that the draft does not hold yet: saved at once. */
  unsaved: FieldName[];
}

const FORM_ID = 'checkout-form';
const TYPING_DELAY_MS = 800;
const CHANGE_DELAY_MS = 150;
const RETRY_DELAY_MS = 5000;
const FIELDS: FieldName[] = ['email', 'country', 'name', 'line1', 'line2', 'city', 'region', 'postalCode', 'phone', 'method'];

function labelOf(field: FieldName, format: AddressFormatView): string {
  const labels: Record<FieldName, string> = {
    email: 'Email',
    name: 'Full name',
    line1: 'Address line 1',
    line2: 'Address line 2',
    city: format.cityLabel,
    region: format.regionLabel,
    postalCode: format.postalLabel,
    country: 'Country',
    phone: 'Phone',
    method: 'Shipping method',
  };
  return labels[field];
}

type SaveStatus = 'idle' | 'saving' | 'saved' | 'retrying' | 'refused';

interface InputProps {
  name: FieldName;
  label: string;
  value: string;
  error: string | undefined;
  autocomplete: string;
  required: boolean;
  type?: 'text' | 'email' | 'tel';
  inputMode?: 'email' | 'tel' | 'numeric' | 'text';
  hint?: string | null;
  maxLength?: number;
  onInput: (name: FieldName, value: string) => void;
  onLeave: (name: FieldName) => void;
}

function Described({ id, hint, error }: { id: string; hint?: string | null | undefined; error: string | undefined }) {
  return (
    <>
      {hint && (
        <p class="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p class="field__error" id={`${id}-error`}>
          <span class="visually-hidden">Error: </span>
          {error}
        </p>
      )}
    </>
  );
}

const describedBy = (id: string, hint: string | null | undefined, error: string | undefined) => [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined;

function Label({ id, label, required }: { id: string; label: string; required: boolean }) {
  return (
    <label class="field__label" for={id}>
      {label}
      {!required && <span class="field__optional"> (optional)</span>}
    </label>
  );
}

function TextInput({ name, label, value, error, autocomplete, required, type = 'text', inputMode, hint, maxLength, onInput, onLeave }: InputProps) {
  const id = `field-${name}`;
  const attributes = { type, inputMode } as InputHTMLAttributes<HTMLInputElement>;
  return (
    <div class={error ? 'field field--invalid' : 'field'}>
      <Label id={id} label={label} required={required} />
      <Described id={id} hint={hint} error={error} />
      <input
        class="input"
        id={id}
        name={name}
        {...attributes}
        value={value}
        autocomplete={autocomplete}
        required={required}
        maxLength={maxLength}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(id, hint, error)}
        onInput={(event) => onInput(name, event.currentTarget.value)}
        onBlur={() => onLeave(name)}
      />
    </div>
  );
}

interface SelectProps extends Pick<InputProps, 'name' | 'label' | 'value' | 'error' | 'autocomplete' | 'required' | 'onInput' | 'onLeave'> {
  choices: { code: string; name: string }[];
  placeholder: string | null;
}

function Select({ name, label, value, error, autocomplete, required, choices, placeholder, onInput, onLeave }: SelectProps) {
  const id = `field-${name}`;
  return (
    <div class={error ? 'field field--invalid' : 'field'}>
      <Label id={id} label={label} required={required} />
      <Described id={id} error={error} />
      <select
        class="input"
        id={id}
        name={name}
        autocomplete={autocomplete}
        required={required}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(id, null, error)}
        onChange={(event) => {
          onInput(name, event.currentTarget.value);
          onLeave(name);
        }}
      >
        {placeholder !== null && (
          <option value="" selected={value === ''}>
            {placeholder}
          </option>
        )}
        {/* A value from elsewhere (another country's region) stays, with its error, until changed. */}
        {value !== '' && !choices.some((c) => c.code === value) && (
          <option value={value} selected>
            {value}
          </option>
        )}
        {choices.map((choice) => (
          <option key={choice.code} value={choice.code} selected={choice.code === value}>
            {choice.name}
          </option>
        ))}
      </select>
    </div>
  );
}

function ErrorList({ errors, format, focus }: { errors: CheckoutState['errors']; format: AddressFormatView; focus: boolean }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (focus) ref.current?.focus();
  }, [focus]);
  if (errors.length === 0) return null;
  return (
    <div class="alert alert--error error-summary" role="alert" aria-labelledby="error-summary-title" id="error-summary" tabIndex={-1} ref={ref} autofocus={focus}>
      <h2 class="alert__title" id="error-summary-title">
        Your details are saved. Please check these before you place your order:
      </h2>
      <ul>
        {errors.map((error) => (
          <li key={error.field}>
            <a href={`#field-${error.field}`}>
              {labelOf(error.field, format)}: {error.message}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

function Methods({ state, choice, error, live, onChoose }: { state: CheckoutState; choice: string; error: string | undefined; live: boolean; onChoose: (id: string) => void }) {
  // The shopper's pick shows at once; one not offered here (another country's) gives way to the server's.
  const chosen = state.methods.some((m) => m.id === choice) ? choice : state.methodId;
  return (
    <section class="checkout-section card" aria-labelledby="shipping-method-heading" id="shipping-method">
      <h2 id="shipping-method-heading">Shipping method</h2>
      {state.methods.length > 0 ? (
        <fieldset class={error ? 'fieldset fieldset--plain field--invalid checkout-methods' : 'fieldset fieldset--plain checkout-methods'} aria-describedby={error ? 'field-method-error' : undefined}>
          <legend class="visually-hidden">Shipping method</legend>
          <Described id="field-method" error={error} />
          {state.methods.map((m, i) => (
            <label key={m.id} class="checkout-method">
              <input type="radio" name="method" value={m.id} id={i === 0 ? 'field-method' : undefined} checked={m.id === chosen} onChange={() => onChoose(m.id)} />
              <span>
                <span class="checkout-method__name">{m.name}</span> — {m.price}
                {m.arrives && <> — arrives {m.arrives}</>}
              </span>
            </label>
          ))}
        </fieldset>
      ) : (
        <p class="field__error" id="field-method">
          {error ?? 'No shipping method reaches this address yet. Choose another country, or contact us: we may be able to help.'}
        </p>
      )}
      {!live && (
        <button type="submit" name="intent" value="update" class="button button--secondary">
          Update shipping options
        </button>
      )}
    </section>
  );
}

function Lines({ state }: { state: CheckoutState }) {
  return (
    <section class="checkout-section checkout-lines" aria-labelledby="review-heading" id="review">
      <h2 id="review-heading">Review your items</h2>
      <ul class="checkout-lines__list">
        {state.lines.map((line) => (
          <li key={line.id} class="checkout-line">
            {line.image ? <img class="checkout-line__image" src={line.image.url} alt="" width={64} height={64} loading="lazy" decoding="async" /> : <span class="checkout-line__image" aria-hidden="true" />}
            <div class="checkout-line__body">
              <p class="checkout-line__title">
                {line.title}
                {line.options && <span class="muted"> — {line.options}</span>}
              </p>
              <p class="small muted">
                Quantity {line.quantity} · {line.total}
              </p>
              <p class={`delivery-promise delivery-promise--${line.promise.tone} checkout-line__promise`}>{line.promise.label}</p>
              {line.note && <p class="small muted">{line.note}</p>}
            </div>
          </li>
        ))}
      </ul>
      {state.mixed && (
        <div class="alert alert--info">
          <p class="alert__title">Your items are ready on different days</p>
          <p>
            {state.mixed.arrives ? `They ship together in one parcel when the last one is ready: it arrives ${state.mixed.arrives}.` : 'They ship together in one parcel when the last one is ready.'} If you would rather not wait, remove
            the later items from your cart and order them separately.
          </p>
        </div>
      )}
    </section>
  );
}

function Totals({ props, state }: { props: CheckoutDraftProps; state: CheckoutState }) {
  const { totals } = state;
  return (
    <section class="checkout-summary card" aria-labelledby="totals-heading">
      <h2 id="totals-heading">Order total</h2>
      <dl class="checkout-summary__figures" aria-live="polite">
        <dt>Subtotal</dt>
        <dd>{totals.subtotal}</dd>
        <dt>{totals.shippingLabel}</dt>
        <dd>{totals.shipping ?? '—'}</dd>
        {totals.tax && !totals.tax.included && (
          <>
            <dt>{totals.tax.label}</dt>
            <dd>{totals.tax.amount ?? '—'}</dd>
          </>
        )}
        <dt class="checkout-summary__total">Total</dt>
        <dd class="checkout-summary__total">{totals.total}</dd>
        {totals.tax?.included && (
          <>
            <dt class="small muted">incl. {totals.tax.label}</dt>
            <dd class="small muted">{totals.tax.amount}</dd>
          </>
        )}
      </dl>
      {totals.tax?.amount === null && <p class="small muted">Tax is added once you have entered your address.</p>}
      {!state.readyToPlace && (
        <div class="checkout-summary__attention">
          <p>Before you place your order:</p>
          <ul>
            {state.errors.length > 0 && <li>Complete your details above.</li>}
            {state.problems.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
        </div>
      )}
      <input type="hidden" name="orderToken" value={state.orderToken} form={FORM_ID} />
      <button type="submit" class="button button--primary button--block" form={FORM_ID} formAction={props.placeAction}>
        Place order
      </button>
      <p class="small muted">You pay on the next step, on our payment partner’s secure page.</p>
      <p class="checkout-summary__links">
        <a href="/cart">Change your cart</a>
      </p>
      <form method="post" action={props.leaveAction}>
        <input type="hidden" name="_csrf" value={props.csrfToken} />
        <button type="submit" class="button button--secondary button--block">
          Leave checkout and release the items
        </button>
      </form>
    </section>
  );
}

function SaveNote({ status }: { status: SaveStatus }) {
  const text: Record<SaveStatus, string> = {
    idle: 'Your details are saved as you type.',
    saving: 'Saving…',
    saved: 'All changes saved.',
    retrying: 'Not saved yet: we keep trying. Nothing you typed is lost.',
    refused: 'Not saved: please use “Save and continue”.',
  };
  return (
    <p class="checkout-save small muted" role="status">
      {text[status]}
    </p>
  );
}

/** How long values typed in this tab and left unsaved are offered back to the next page. */
const UNSAVED_KEPT_MS = 10 * 60_000;
const unsavedKey = (saveUrl: string) => `doorstep:unsaved:${saveUrl}`;

/**
 * Keeps the unsaved values in this tab's session storage (gone when the tab closes), for the
 * page that loads next. Storage may be unavailable (private modes, quota): then the request
 * sent on leaving is the only copy, as before.
 */
function keepUnsaved(saveUrl: string, values: Record<string, string>): void {
  try {
    sessionStorage.setItem(unsavedKey(saveUrl), JSON.stringify({ at: Date.now(), values }));
  } catch {
    // Nothing more to do: the autosave request carries them.
  }
}

/** The values a page of this tab left unsaved, once: reading them removes them. */
function takeUnsaved(saveUrl: string): Record<string, string> {
  try {
    const kept = sessionStorage.getItem(unsavedKey(saveUrl));
    sessionStorage.removeItem(unsavedKey(saveUrl));
    if (!kept) return {};
    const { at, values } = JSON.parse(kept) as { at: number; values: Record<string, unknown> };
    if (typeof at !== 'number' || Date.now() - at > UNSAVED_KEPT_MS) return {};
    return Object.fromEntries(Object.entries(values).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  } catch {
    return {};
  }
}

export const CheckoutDraft = island('checkout-draft', function CheckoutDraft(props: CheckoutDraftProps) {
  const [state, setState] = useState(props.state);
  const [values, setValues] = useState(props.state.values);
  const [touched, setTouched] = useState<ReadonlySet<FieldName>>(new Set());
  const [live, setLive] = useState(false);
  const [status, setStatus] = useState<SaveStatus>('idle');
  const formRef = useRef<HTMLFormElement>(null);
  // Mirrors for the save loop, which runs outside renders.
  const current = useRef({ values, state });
  current.current = { values, state };
  const dirty = useRef(new Set<FieldName>());
  const saving = useRef(false);
  // The fields of the save on its way: leaving the page cancels that request, so they count
  // as unsaved until it has been answered.
  const sending = useRef<readonly FieldName[]>([]);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const body = (fields: readonly FieldName[]) =>
    JSON.stringify({
      version: current.current.state.version,
      changes: Object.fromEntries(fields.map((f) => [f, f === 'method' ? current.current.values[f] || null : current.current.values[f]])),
    });

  const schedule = (delay: number) => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void save(), delay);
  };

  async function save(conflicts = 0): Promise<void> {
    if (saving.current || dirty.current.size === 0) return;
    const fields = [...dirty.current];
    dirty.current.clear();
    saving.current = true;
    sending.current = fields;
    setStatus('saving');
    /** 'retry': the network or the store failed, try again; 'refused': the store said no, trying again cannot help. */
    let failed: 'retry' | 'refused' | null = null;
    let conflicted = false;
    try {
      const response = await fetch(props.saveUrl, { method: 'PUT', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: body(fields), credentials: 'same-origin' });
      const answer = (await response.json()) as CheckoutState & { checkout?: CheckoutState };
      if (response.ok) {
        current.current = { ...current.current, state: answer };
        setState(answer);
      } else if (response.status === 409 && answer.checkout && conflicts < 3) {
        // Saved meanwhile in another tab or on another device: take its values for the
        // fields not edited here, keep this tab's edits, and send them again.
        const theirs = answer.checkout;
        for (const f of fields) dirty.current.add(f);
        const merged = Object.fromEntries(FIELDS.map((f) => [f, dirty.current.has(f) ? current.current.values[f] : theirs.values[f]])) as FieldValues;
        current.current = { values: merged, state: theirs };
        setValues(merged);
        setState(theirs);
        conflicted = true;
      } else {
        failed = response.status >= 500 || response.status === 429 ? 'retry' : 'refused';
      }
    } catch {
      failed = 'retry';
    }
    saving.current = false;
    sending.current = [];
    if (failed) {
      // The fields stay unsaved: the next change, or the form itself, sends them.
      for (const f of fields) dirty.current.add(f);
      setStatus(failed === 'retry' ? 'retrying' : 'refused');
      if (failed === 'retry') schedule(RETRY_DELAY_MS);
    } else if (conflicted) {
      await save(conflicts + 1);
    } else if (dirty.current.size > 0) {
      schedule(CHANGE_DELAY_MS);
    } else {
      setStatus('saved');
    }
  }

  const change = (field: FieldName, value: string) => {
    setValues((typed) => ({ ...typed, [field]: value }));
    current.current = { ...current.current, values: { ...current.current.values, [field]: value } };
    dirty.current.add(field);
    schedule(TYPING_DELAY_MS);
  };
  const leave = (field: FieldName) => {
    setTouched((seen) => new Set(seen).add(field));
    if (dirty.current.has(field)) schedule(CHANGE_DELAY_MS);
  };

  useEffect(() => {
    setLive(true);
    for (const field of props.unsaved) dirty.current.add(field);
    if (dirty.current.size > 0) schedule(CHANGE_DELAY_MS);
    // The browser may have filled fields (autofill, restored form) before this script ran.
    const form = formRef.current;
    if (form) {
      // The method radios are left out: the one checked is the store's default, not a choice.
      for (const field of FIELDS.filter((f) => f !== 'method')) {
        const element = form.elements.namedItem(field);
        const value = element instanceof HTMLInputElement || element instanceof HTMLSelectElement ? element.value : null;
        if (value !== null && value !== current.current.values[field]) change(field, value);
      }
    }
    // Typed but not saved when the page was left (a reload at once): the reloaded page may be
    // rendered before the request sent on leaving arrives, so the values come back from this tab.
    for (const [field, value] of Object.entries(takeUnsaved(props.saveUrl))) {
      if (FIELDS.includes(field as FieldName) && value !== current.current.values[field as FieldName]) change(field as FieldName, value);
    }
    // Leaving the page sends what is not saved yet; the browser finishes the request. The
    // values are also kept in this tab until the next page has them.
    const flush = () => {
      const fields = [...new Set([...sending.current, ...dirty.current])];
      if (fields.length === 0) return;
      keepUnsaved(props.saveUrl, Object.fromEntries(fields.map((f) => [f, current.current.values[f]])));
      void fetch(props.saveUrl, { method: 'PUT', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: body(fields), credentials: 'same-origin', keepalive: true });
    };
    window.addEventListener('pagehide', flush);
    return () => {
      window.removeEventListener('pagehide', flush);
      clearTimeout(timer.current);
    };
  }, []);

  const { format } = state;
  // A problem is shown once the shopper has been through its field (or asked to check them
  // all), and not while a newer value is on its way to be checked.
  const shown = state.errors.filter((e) => (props.showErrors || touched.has(e.field)) && !dirty.current.has(e.field));
  const errorOf = (field: FieldName) => shown.find((e) => e.field === field)?.message;
  const input = (name: FieldName, rest: Omit<InputProps, 'name' | 'value' | 'error' | 'onInput' | 'onLeave' | 'label'> & { label?: string }) => (
    <TextInput name={name} label={rest.label ?? labelOf(name, format)} value={values[name]} error={errorOf(name)} onInput={change} onLeave={leave} {...rest} />
  );

  return (
    <div class="checkout">
      <div class="checkout__main">
        <ErrorList errors={props.showErrors ? shown : []} format={format} focus={props.showErrors} />
        <form id={FORM_ID} ref={formRef} method="post" action={props.detailsAction} noValidate class="checkout-form">
          <input type="hidden" name="_csrf" value={props.csrfToken} />
          <section class="checkout-section card" aria-labelledby="contact-heading">
            <h2 id="contact-heading">Contact</h2>
            {input('email', { type: 'email', inputMode: 'email', autocomplete: 'email', required: true, maxLength: 254, hint: 'Your order confirmation and delivery updates go here.' })}
            {props.signInHref && (
              <p class="small">
                Have an account? <a href={props.signInHref}>Sign in</a> (optional: you can check out as a guest).
              </p>
            )}
          </section>

          <section class="checkout-section card" aria-labelledby="address-heading">
            <h2 id="address-heading">Shipping address</h2>
            <Select name="country" label="Country" value={values.country} error={errorOf('country')} autocomplete="country" required choices={props.countries} placeholder={values.country ? null : 'Choose a country'} onInput={change} onLeave={leave} />
            {input('name', { autocomplete: 'name', required: true, maxLength: 100 })}
            {input('line1', { autocomplete: 'address-line1', required: true, maxLength: 100, hint: 'Street and number, or PO box.' })}
            {input('line2', { autocomplete: 'address-line2', required: false, maxLength: 100, hint: 'Apartment, suite, floor, company.' })}
            <div class="checkout-form__row">
              {input('city', { autocomplete: 'address-level2', required: true, maxLength: 60 })}
              {format.regions ? (
                <Select
                  name="region"
                  label={format.regionLabel}
                  value={values.region}
                  error={errorOf('region')}
                  autocomplete="address-level1"
                  required={format.regionRequired}
                  choices={format.regions}
                  placeholder={`Choose a ${format.regionLabel.toLowerCase()}`}
                  onInput={change}
                  onLeave={leave}
                />
              ) : (
                input('region', { autocomplete: 'address-level1', required: format.regionRequired, maxLength: 60 })
              )}
              {input('postalCode', {
                autocomplete: 'postal-code',
                required: format.postalRequired,
                inputMode: format.postalNumeric ? 'numeric' : 'text',
                maxLength: 12,
                hint: format.postalExample ? `For example ${format.postalExample}` : null,
              })}
            </div>
            {input('phone', { type: 'tel', inputMode: 'tel', autocomplete: 'tel', required: false, maxLength: 30, hint: 'Only for the courier, if they need to reach you.' })}
          </section>

          <Methods state={state} choice={values.method} error={errorOf('method')} live={live} onChoose={(id) => { change('method', id); leave('method'); }} />

          <div class="checkout-form__actions">
            <button type="submit" name="intent" value="continue" class="button button--secondary">
              Save and continue
            </button>
            {live && <SaveNote status={status} />}
          </div>
        </form>
        <Lines state={state} />
      </div>
      <Totals props={props} state={state} />
    </div>
  );
});
