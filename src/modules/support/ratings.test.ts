// The satisfaction survey: the signed links in the email, the page they open (the clicked
// answer chosen, nothing recorded by the GET), the POST that records and then changes the
// rating, the friendly 404 for a forged, expired or mismatched link, and the rating on the
// staff ticket page. Also the facts the notifications module writes the desk's emails from.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fixedClock } from '../../platform/clock.ts';
import { Browser, formFields, signedInStaff } from '../../testing/admin.ts';
import { createTestStore, type TestStore } from '../../testing/store.ts';
import { excerpt, messageForEmail, ticketForEmail } from './email-facts.ts';
import { addTicketMessage } from './messages.ts';
import { ratingLink, ratingOf } from './ratings.ts';
import { ticketHistory } from './read.ts';
import { openTestTicket, pageText, recordTestOrder } from './test-support.ts';

describe('support: ratings', () => {
  const clock = fixedClock('2026-12-07T15:00:00Z');
  let store: TestStore;
  let agent: Browser;
  let agentId: string;

  before(async () => {
    store = await createTestStore({ clock });
    ({ browser: agent, id: agentId } = await signedInStaff(store, 'agent'));
  });
  after(() => store.close());

  const db = () => store.platform.database.db;
  const pathOf = (link: string) => {
    const url = new URL(link);
    return `${url.pathname}${url.search}`;
  };

  describe('the rating link', () => {
    it('is absolute and signed, and its page asks with the clicked answer chosen, recording nothing', async () => {
      const { ticket } = await openTestTicket(store, { subject: 'Broken lid' });
      const link = ratingLink(store.platform, ticket, 'bad');
      assert.match(
        link,
        new RegExp(`^http://store\\.test/support/requests/${ticket.number}/rate\\?rating=bad&t=`),
      );
      const page = await new Browser(store).page(pathOf(link));
      assert.equal(page.statusCode, 200);
      assert.equal(page.headers['referrer-policy'], 'no-referrer');
      const words = pageText(page.body);
      assert.match(words, new RegExp(`Request ${ticket.number} Was this helpful\\? “Broken lid”`));
      const form = formFields(page.body, `/support/requests/${ticket.number}/rate`);
      assert.equal(form.get('rating'), 'bad', 'the clicked answer is chosen');
      assert.equal(await ratingOf(db(), ticket.id), null, 'a GET records nothing');
    });

    it('records the rating and a comment on POST, thanks the customer, and lets them change it', async () => {
      const { ticket } = await openTestTicket(store);
      const customer = new Browser(store);
      const link = pathOf(ratingLink(store.platform, ticket, 'good'));
      const form = formFields(
        (await customer.page(link)).body,
        `/support/requests/${ticket.number}/rate`,
      );
      form.set('comment', '  Quick and kind.  ');
      const sent = await customer.form(
        `/support/requests/${ticket.number}/rate`,
        Object.fromEntries(form),
      );
      assert.equal(sent.statusCode, 200);
      assert.match(pageText(sent.body), /Thank you: we have your answer We are glad it helped/);
      assert.deepEqual(await ratingOf(db(), ticket.id), {
        rating: 'good',
        comment: 'Quick and kind.',
        ratedAt: clock.now(),
      });

      clock.advance(60_000);
      const again = formFields(
        (await customer.page(pathOf(ratingLink(store.platform, ticket, 'bad')))).body,
        `/support/requests/${ticket.number}/rate`,
      );
      assert.equal(again.get('comment'), 'Quick and kind.', 'the recorded comment is shown');
      again.set('comment', '');
      const changed = await customer.form(
        `/support/requests/${ticket.number}/rate`,
        Object.fromEntries(again),
      );
      assert.match(pageText(changed.body), /We are sorry it did not help/);
      assert.deepEqual(await ratingOf(db(), ticket.id), {
        rating: 'bad',
        comment: null,
        ratedAt: clock.now(),
      });
      assert.deepEqual(
        (await ticketHistory(db(), ticket.id)).filter((e) => e.kind === 'rated').map((e) => e.detail),
        [{ rating: 'good', comment: true }, { rating: 'bad' }],
      );

      const staffPage = pageText((await agent.get(`/admin/support/${ticket.number}`)).body);
      assert.match(staffPage, /Customer's rating No, it did not help \(Dec 7, 2026, 10:01 AM\)/);
      assert.match(staffPage, /Rated by the customer: Yes, it helped, with a comment The customer/);
    });

    it('asks again when no answer is chosen, keeping the comment', async () => {
      const { ticket } = await openTestTicket(store);
      const customer = new Browser(store);
      const link = new URL(ratingLink(store.platform, ticket, 'good'));
      await customer.page(`${link.pathname}?t=${encodeURIComponent(link.searchParams.get('t')!)}`);
      const refused = await customer.form(`/support/requests/${ticket.number}/rate`, {
        t: link.searchParams.get('t')!,
        comment: 'Hmm',
      });
      assert.equal(refused.statusCode, 400);
      assert.match(pageText(refused.body), /Choose whether our answer helped\./);
      assert.equal(
        formFields(refused.body, `/support/requests/${ticket.number}/rate`).get('comment'),
        'Hmm',
      );
      assert.equal(await ratingOf(db(), ticket.id), null);
    });

    it('answers a forged, expired or mismatched link with a friendly 404 and a next step, recording nothing', async () => {
      const { ticket } = await openTestTicket(store);
      const { ticket: other } = await openTestTicket(store);
      const token = new URL(ratingLink(store.platform, ticket, 'good')).searchParams.get('t')!;
      const forged = `${token.slice(0, -4)}AAAA`;
      const otherPurpose = store.platform.signer.sign(
        'order',
        { k: ticket.id },
        new Date('2027-01-01T00:00:00Z'),
      );
      const customer = new Browser(store);
      for (const [url, why] of [
        [
          `/support/requests/${ticket.number}/rate?rating=good&t=${encodeURIComponent(forged)}`,
          'forged',
        ],
        [
          `/support/requests/${ticket.number}/rate?rating=good&t=${encodeURIComponent(otherPurpose)}`,
          'signed for another purpose',
        ],
        [
          `/support/requests/${other.number}/rate?rating=good&t=${encodeURIComponent(token)}`,
          "another ticket's number",
        ],
        [`/support/requests/${ticket.number}/rate?rating=good`, 'no token'],
      ] as const) {
        const page = await customer.page(url);
        assert.equal(page.statusCode, 404, why);
        assert.match(
          pageText(page.body),
          /This survey link does not work any more.*write to us from the help page at \/help and quote your request number/,
          why,
        );
      }
      await customer.page(`/support/requests/${ticket.number}/rate?t=${encodeURIComponent(token)}`);
      const post = await customer.form(`/support/requests/${ticket.number}/rate`, {
        t: forged,
        rating: 'good',
      });
      assert.equal(post.statusCode, 404);

      clock.advance(31 * 86_400_000);
      try {
        assert.equal(
          (
            await customer.page(
              `/support/requests/${ticket.number}/rate?t=${encodeURIComponent(token)}`,
            )
          ).statusCode,
          404,
          'expired after 30 days',
        );
      } finally {
        clock.set('2026-12-07T15:00:00Z');
      }
      assert.equal(await ratingOf(db(), ticket.id), null);
    });
  });

  describe('facts for the emails', () => {
    it('gives the ticket: number, subject, who, status, channel, the start of the question and the orders', async () => {
      const order = await recordTestOrder(store);
      const body = `Hello,\n\nmy parcel ${'has not come yet and '.repeat(15)}that is a problem.`;
      const { ticket } = await openTestTicket(store, {
        name: 'Ada Buyer',
        subject: 'Late parcel',
        body,
        channel: 'order_page',
        orderIds: [order.id],
      });
      const facts = await ticketForEmail(db(), ticket.id);
      assert.deepEqual(
        { ...facts, firstMessageExcerpt: undefined, promisedAnswer: undefined },
        {
          id: ticket.id,
          number: ticket.number,
          subject: 'Late parcel',
          email: 'ada.buyer@example.com',
          name: 'Ada Buyer',
          status: 'new',
          channel: 'order_page',
          noAutoReply: false,
          firstMessageExcerpt: undefined,
          firstMessageFromCustomer: true,
          promisedAnswer: undefined,
          orderNumbers: [order.number],
        },
      );
      assert.deepEqual(facts!.promisedAnswer, { dueAt: ticket.firstResponseDueAt, businessHoursOnly: true });
      assert.match(facts!.firstMessageExcerpt, /^Hello, my parcel has not come yet and .*…$/);
      assert.ok(facts!.firstMessageExcerpt.length <= 200);
      assert.equal(await ticketForEmail(db(), '00000000-0000-4000-8000-000000000000'), null);
      assert.equal(excerpt('  short\n text '), 'short text');
    });

    it("gives a message: its kind, its author's name and its text", async () => {
      const { ticket } = await openTestTicket(store, { name: 'Ada Buyer' });
      const replied = await store.platform.database.transaction((tx) =>
        addTicketMessage(store.platform, tx, ticket.id, {
          kind: 'agent_reply',
          body: 'It left today.',
          actor: { kind: 'staff', id: agentId },
          channel: 'email',
        }),
      );
      assert.deepEqual(await messageForEmail(db(), replied.id), {
        id: replied.id,
        ticketId: ticket.id,
        kind: 'agent_reply',
        authorName: 'Test agent',
        body: 'It left today.',
      });
      const answered = await store.platform.database.transaction((tx) =>
        addTicketMessage(store.platform, tx, ticket.id, {
          kind: 'customer',
          body: 'Thanks!',
          actor: { kind: 'customer' },
          channel: 'email',
        }),
      );
      assert.equal((await messageForEmail(db(), answered.id))!.authorName, 'Ada Buyer');
      const line = await store.platform.database.transaction((tx) =>
        addTicketMessage(store.platform, tx, ticket.id, {
          kind: 'system',
          body: 'A delay was found.',
          actor: { kind: 'system' },
        }),
      );
      assert.equal((await messageForEmail(db(), line.id))!.authorName, null);
      assert.equal(await messageForEmail(db(), 'nope'), null);
    });
  });
});
