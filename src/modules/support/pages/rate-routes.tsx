// /support/requests/:number/rate: the satisfaction survey's page. The GET shows the question
// with the emailed answer chosen and changes nothing; the POST records the rating. Both need
// the link's signed token for this very ticket: a forged, garbled or expired one, or a number
// that is not the token's ticket, gets the same friendly 404 with where to go instead.
import { Type } from 'typebox';
import type { App } from '../../../platform/http/app.ts';
import { Problem } from '../../../platform/http/problem.ts';
import type { Platform } from '../../../platform/platform.ts';
import { formBody, text } from '../../../web/forms/form-body.ts';
import { sendPage } from '../../../web/page-context.ts';
import { isRating, ratingOf, rateTicket, ratingTokenTicket } from '../ratings.ts';
import { ticketById, type Ticket } from '../read.ts';
import { RATING_COMMENT_MAX } from '../schema.ts';
import { RatePage } from './RatePage.tsx';

const NumberParams = Type.Object({ number: Type.String({ minLength: 1, maxLength: 32 }) });
const RateQuery = Type.Object({
  t: Type.Optional(Type.String({ maxLength: 4096 })),
  rating: Type.Optional(Type.String({ maxLength: 10 })),
});

const linkNotValid = () =>
  new Problem({
    status: 404,
    type: 'rating-link-not-valid',
    title: 'This survey link does not work any more',
    detail:
      'Survey links last 30 days and only work exactly as we sent them. To tell us how we did, or if you still need help, write to us from the help page at /help and quote your request number.',
  });

export function registerRateRoutes(app: App, platform: Platform): void {
  const db = () => platform.database.db;

  async function ticketOf(number: string, token: string | undefined): Promise<Ticket> {
    const ticketId = token ? ratingTokenTicket(platform, token) : null;
    const ticket = ticketId ? await ticketById(db(), ticketId) : null;
    if (!ticket || ticket.number !== number) throw linkNotValid();
    return ticket;
  }

  // The token travels in the URL: keep it out of Referer headers (the access log redacts `t=`).
  app.get<{ Params: { number: string }; Querystring: { t?: string; rating?: string } }>(
    '/support/requests/:number/rate',
    { config: { access: 'public' }, schema: { params: NumberParams, querystring: RateQuery } },
    async (request, reply) => {
      reply.header('referrer-policy', 'no-referrer');
      const token = request.query.t ?? '';
      const ticket = await ticketOf(request.params.number, token);
      const recorded = await ratingOf(db(), ticket.id);
      const clicked = request.query.rating ?? '';
      const rating = isRating(clicked) ? clicked : (recorded?.rating ?? '');
      return sendPage(
        reply,
        <RatePage
          ctx={await app.pages.context(request)}
          ticketNumber={ticket.number}
          subject={ticket.subject}
          token={token}
          rating={rating}
          comment={recorded?.comment ?? ''}
          thanked={null}
        />,
      );
    },
  );

  app.post<{ Params: { number: string } }>(
    '/support/requests/:number/rate',
    { config: { access: 'public' }, schema: { params: NumberParams } },
    async (request, reply) => {
      reply.header('referrer-policy', 'no-referrer');
      const body = formBody(request);
      const token = text(body, 't');
      const ticket = await ticketOf(request.params.number, token);
      const rating = text(body, 'rating');
      const comment = text(body, 'comment').slice(0, RATING_COMMENT_MAX);
      const page = async (
        props: { rating: string; thanked: 'good' | 'bad' | null; error?: string },
        status = 200,
      ) =>
        sendPage(
          reply,
          <RatePage
            ctx={await app.pages.context(request)}
            ticketNumber={ticket.number}
            subject={ticket.subject}
            token={token}
            rating={isRating(props.rating) ? props.rating : ''}
            comment={comment}
            thanked={props.thanked}
            {...(props.error ? { error: props.error } : {})}
          />,
          status,
        );
      if (!isRating(rating))
        return page({ rating: '', thanked: null, error: 'Choose whether our answer helped.' }, 400);
      await platform.database.transaction((tx) =>
        rateTicket(platform, tx, ticket.id, rating, comment),
      );
      return page({ rating, thanked: rating });
    },
  );
}
