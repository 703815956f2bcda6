// API tokens for integrations: the list (revocable), the form that creates one, and the new
// token's secret, shown on this one response and never again.
import type { ApiToken } from '../../../platform/http/auth/api-tokens.ts';
import type { PageContext } from '../../../web/context.ts';
import { Alert } from '../../../web/components/Alert.tsx';
import { Button } from '../../../web/components/Button.tsx';
import { ErrorSummary } from '../../../web/components/ErrorSummary.tsx';
import { Field } from '../../../web/components/Field.tsx';
import { Form } from '../../../web/components/Form.tsx';
import { Notice } from '../../../web/components/Notice.tsx';
import type { FormErrors } from '../../../web/forms/form-errors.ts';
import { AdminLayout, type AdminNavItem } from '../../../web/layout/AdminLayout.tsx';
import { TOKEN_SCOPES } from '../permissions.ts';

export const API_TOKENS_PATH = '/admin/api-tokens';
export const TOKEN_NAME_MAX = 100;

export interface TokenForm {
  name: string;
  scopes: string[];
}

export interface ApiTokensPageProps {
  ctx: PageContext;
  nav: AdminNavItem[];
  tokens: ApiToken[];
  /** Formats a date in the store's time zone. */
  formatDate: (date: Date) => string;
  form: TokenForm;
  errors?: FormErrors | undefined;
  /** The token just created, with its secret. */
  created?: { name: string; secret: string } | undefined;
  notice?: string | undefined;
}

export function ApiTokensPage({
  ctx,
  nav,
  tokens,
  formatDate,
  form,
  errors,
  created,
  notice,
}: ApiTokensPageProps) {
  const scopeError = errors?.for('scopes');
  return (
    <AdminLayout ctx={ctx} title="API tokens" nav={nav}>
      <h1>API tokens</h1>
      <p>
        An API token lets another system — a warehouse, an ERP — call the store’s API. It can do
        only what its scopes allow and acts in its own name, never as a member of staff. Give each
        system its own token, so you can revoke one without disturbing the others.
      </p>
      <Notice message={notice} />
      {created && (
        <Alert tone="success" title={`Token “${created.name}” created`}>
          <p>
            <strong>Copy it now: it will not be shown again.</strong> The store keeps only a
            fingerprint of it. If it is lost, revoke it and create a new one.
          </p>
          <p>
            <label for="new-token-secret">Token</label>
            <input
              class="input"
              id="new-token-secret"
              type="text"
              readOnly
              value={created.secret}
              autocomplete="off"
              spellcheck={false}
            />
          </p>
          <p class="small">
            Send it in every request as <code>Authorization: Bearer &lt;token&gt;</code>. The API is
            described at <a href="/api/v1/docs">/api/v1/docs</a>.
          </p>
        </Alert>
      )}

      <h2>Tokens</h2>
      {tokens.length === 0 ? (
        <p>No tokens yet. Create one below when a system needs to reach the API.</p>
      ) : (
        <div class="table-wrap">
          <table class="table">
            <caption class="visually-hidden">API tokens, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Starts with</th>
                <th scope="col">Scopes</th>
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {tokens.map((token) => (
                <tr key={token.id}>
                  <th scope="row">{token.name}</th>
                  <td>
                    <code>{token.prefix}…</code>
                  </td>
                  <td>{token.scopes.join(', ')}</td>
                  <td>{formatDate(token.createdAt)}</td>
                  <td>{token.lastUsedAt ? formatDate(token.lastUsedAt) : 'Never'}</td>
                  <td>
                    {token.revokedAt ? (
                      `Revoked ${formatDate(token.revokedAt)}`
                    ) : (
                      <Form
                        csrfToken={ctx.csrfToken}
                        action={`${API_TOKENS_PATH}/${token.id}/revoke`}
                      >
                        <Button variant="danger" aria-label={`Revoke the token ${token.name}`}>
                          Revoke
                        </Button>
                      </Form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h2 id="create-token">Create a token</h2>
      {errors && (
        <ErrorSummary errors={errors.list} title="No token was created. Please fix these first:" />
      )}
      <Form csrfToken={ctx.csrfToken} action={API_TOKENS_PATH} aria-labelledby="create-token">
        <Field
          name="name"
          label="Name"
          value={form.name}
          required
          maxLength={TOKEN_NAME_MAX}
          hint="Which system uses it, e.g. “Warehouse (Rotterdam)”."
          error={errors?.for('name')}
        />
        <fieldset
          class={
            scopeError ? 'fieldset fieldset--plain field--invalid' : 'fieldset fieldset--plain'
          }
          aria-describedby={scopeError ? 'field-scopes-error' : undefined}
        >
          <legend class="field__label">Scopes</legend>
          {scopeError && (
            <p class="field__error" id="field-scopes-error">
              <span class="visually-hidden">Error: </span>
              {scopeError}
            </p>
          )}
          {TOKEN_SCOPES.map((scope, i) => (
            <label class="choice" key={scope.permission}>
              {/* The first box carries the group's id, so the error summary can link to it. */}
              <input
                type="checkbox"
                name="scopes"
                value={scope.permission}
                id={i === 0 ? 'field-scopes' : undefined}
                checked={form.scopes.includes(scope.permission)}
              />
              <span>
                <code>{scope.permission}</code>{' '}
                <span class="muted small">— {scope.description}</span>
              </span>
            </label>
          ))}
        </fieldset>
        <Button>Create token</Button>
      </Form>
    </AdminLayout>
  );
}
