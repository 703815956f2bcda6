// The JSON API mirror of the account pages, under /api/v1/auth/. Sessions are the same
// HttpOnly cookie the pages use.
import { Type, type Static } from 'typebox';
import type { App } from '../../platform/http/app.ts';
import type { Platform } from '../../platform/platform.ts';
import { MAX_PASSWORD_LENGTH } from '../../platform/http/auth/passwords.ts';
import { MAX_EMAIL_LENGTH } from './email.ts';
import {
  MAX_NAME_LENGTH,
  requestPasswordReset,
  resetPassword,
  signIn,
  signUp,
  type Customer,
} from './service.ts';
import { POST_RATE_LIMIT, endSession, startSession } from './session.ts';

// Bounds only: the services explain what is wrong in words a person understands.
const Email = Type.String({ maxLength: MAX_EMAIL_LENGTH + 20, examples: ['ann@example.com'] });
const Password = Type.String({ maxLength: MAX_PASSWORD_LENGTH });

export const CustomerView = Type.Object({
  id: Type.String({ format: 'uuid' }),
  email: Type.String(),
  name: Type.String(),
  tier: Type.Union([Type.Literal('standard'), Type.Literal('premium'), Type.Literal('platinum')]),
  createdAt: Type.String({ format: 'date-time' }),
});
export type CustomerView = Static<typeof CustomerView>;

export function customerView(customer: Customer): CustomerView {
  return {
    id: customer.id,
    email: customer.email,
    name: customer.name,
    tier: customer.tier,
    createdAt: customer.createdAt.toISOString(),
  };
}

const SignedIn = Type.Object({ customer: CustomerView });
const Message = Type.Object({ message: Type.String() });

export const RESET_REQUESTED_MESSAGE =
  'If an account exists for that email, we have sent it a link to choose a new password. It works for one hour.';

export function registerApiRoutes(app: App, platform: Platform): void {
  const open = { access: 'public' as const, rateLimit: POST_RATE_LIMIT };

  app.post(
    '/api/v1/auth/sign-up',
    {
      config: open,
      schema: {
        summary: 'Create a customer account and sign in',
        tags: ['auth'],
        body: Type.Object({
          email: Email,
          name: Type.String({ maxLength: MAX_NAME_LENGTH + 20 }),
          password: Password,
        }),
        response: { 201: SignedIn },
      },
    },
    async (request, reply) => {
      const customer = await signUp(platform, request.body);
      await startSession(platform, request, reply, 'customer', customer.id);
      return reply.status(201).send({ customer: customerView(customer) });
    },
  );

  app.post(
    '/api/v1/auth/sign-in',
    {
      config: open,
      schema: {
        summary: 'Sign in as a customer',
        description: 'Wrong password and unknown email get the same 401 answer.',
        tags: ['auth'],
        body: Type.Object({ email: Email, password: Password }),
        response: { 200: SignedIn },
      },
    },
    async (request, reply) => {
      const customer = await signIn(platform, request.body.email, request.body.password);
      await startSession(platform, request, reply, 'customer', customer.id);
      return { customer: customerView(customer) };
    },
  );

  app.post(
    '/api/v1/auth/sign-out',
    {
      config: { access: 'public' },
      schema: {
        summary: 'End the current session',
        tags: ['auth'],
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await endSession(platform, request, reply);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/auth/password-reset',
    {
      config: open,
      schema: {
        summary: 'Email a password-reset link',
        description: 'Answers the same whether or not an account exists for the email.',
        tags: ['auth'],
        body: Type.Object({ email: Email }),
        response: { 202: Message },
      },
    },
    async (request, reply) => {
      await requestPasswordReset(platform, request.body.email);
      return reply.status(202).send({ message: RESET_REQUESTED_MESSAGE });
    },
  );

  app.post(
    '/api/v1/auth/password-reset/confirm',
    {
      config: open,
      schema: {
        summary: 'Choose a new password with the emailed token',
        description: 'Signs the customer out everywhere, then into this session.',
        tags: ['auth'],
        body: Type.Object({ token: Type.String({ maxLength: 4096 }), password: Password }),
        response: { 200: SignedIn },
      },
    },
    async (request, reply) => {
      const customer = await resetPassword(platform, request.body.token, request.body.password);
      await startSession(platform, request, reply, 'customer', customer.id);
      return { customer: customerView(customer) };
    },
  );
}
