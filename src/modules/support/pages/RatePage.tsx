// "Was this helpful?" for a solved request, reached from the survey email's good or bad link:
// the answer the customer clicked is already chosen, a comment is optional, and nothing is
// recorded until they press the button. After sending, the same page thanks them and shows
// what was recorded, with the form to change it.
import { Alert } from '../../../web/components/Alert.tsx';
import { Button } from '../../../web/components/Button.tsx';
import { Form } from '../../../web/components/Form.tsx';
import { RadioGroup, TextAreaField } from '../../../web/components/fields.tsx';
import type { PageContext } from '../../../web/context.ts';
import { StoreLayout } from '../../../web/layout/StoreLayout.tsx';
import { ratingPath } from '../ratings.ts';
import { RATING_COMMENT_MAX, type Rating } from '../schema.ts';

export const RATING_LABELS: Readonly<Record<Rating, string>> = {
  good: 'Yes, it helped',
  bad: 'No, it did not help',
};

export interface RatePageProps {
  ctx: PageContext;
  ticketNumber: string;
  subject: string;
  token: string;
  /** The answer to show chosen: the one recorded, else the one the link carried. */
  rating: Rating | '';
  comment: string;
  /** Just recorded: say thank you. */
  thanked: Rating | null;
  error?: string;
}

export function RatePage({
  ctx,
  ticketNumber,
  subject,
  token,
  rating,
  comment,
  thanked,
  error,
}: RatePageProps) {
  return (
    <StoreLayout
      ctx={ctx}
      title={`Was this helpful? Request ${ticketNumber}`}
      head={<meta name="robots" content="noindex, nofollow" />}
    >
      <div class="page-header">
        <p class="order-number__label">Request {ticketNumber}</p>
        <h1>Was this helpful?</h1>
        <p>“{subject}”</p>
      </div>
      {thanked && (
        <Alert tone="success" title="Thank you: we have your answer">
          <p>
            {thanked === 'good'
              ? 'We are glad it helped. Your answer is kept with your request for the team that answered you.'
              : `We are sorry it did not help. Your answer is kept with your request for the team to see. If you still need help, write to us again and quote request ${ticketNumber}.`}{' '}
            You can change your answer below.
          </p>
        </Alert>
      )}
      <div class="card">
        <Form csrfToken={ctx.csrfToken} action={ratingPath(ticketNumber)} noValidate>
          <input type="hidden" name="t" value={token} />
          <RadioGroup
            name="rating"
            legend="Did our answer help you?"
            value={rating}
            choices={(['good', 'bad'] as const).map((value) => ({
              value,
              label: RATING_LABELS[value],
            }))}
            error={error}
          />
          <TextAreaField
            name="comment"
            label="Anything to add?"
            value={comment}
            hint={`Up to ${RATING_COMMENT_MAX.toLocaleString('en-US')} characters.`}
            rows={4}
            maxLength={RATING_COMMENT_MAX}
          />
          <div class="button-row">
            <Button>{thanked ? 'Change my answer' : 'Send my answer'}</Button>
          </div>
        </Form>
      </div>
    </StoreLayout>
  );
}
