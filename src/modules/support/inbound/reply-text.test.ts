// The new words of a reply, with every tricky body of ../shared/data/email-fixtures/reply-bodies
// (from GitHub's email_reply_parser; the expectations are ours) and the cases the rules name:
// top and bottom posting, inline answers, Outlook's header block, wrapped and non-English
// "wrote:" lines, signatures, a forward, a message that is only a quote, and a long message.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { newWords } from './reply-text.ts';

const FIXTURES = join(import.meta.dirname, '../../../../../shared/data/email-fixtures');
const body = (name: string) => readFileSync(join(FIXTURES, 'reply-bodies', name), 'utf8');

describe('the new words of a reply', () => {
  it('keeps a bottom-posted answer between quotes, without the quotes, their "wrote:" line or the list footer (email_1_2)', () => {
    const words = newWords(body('email_1_2.txt'));
    assert.match(words, /^Hi,\n\nYou can list the keys for the bucket/);
    assert.ok(words.includes('riakClient.delete(bucket, key);'), 'code indentation kept');
    assert.ok(words.endsWith('you’ll need to delete them all individually."'), words);
    assert.doesNotMatch(words, /Abhishek Kona wrote|What is the best way|riak-users mailing list|^>/m);
  });

  it('keeps a top-posted answer and drops the nested quote below it (email_1_3)', () => {
    assert.equal(newWords(body('email_1_3.txt')), 'Oh thanks.\n\nHaving the function would be great.\n\n-Abhishek Kona');
  });

  it('keeps inline answers written between quotes, without the signature after "--" (email_1_8)', () => {
    assert.equal(newWords(body('email_1_8.txt')), 'I will reply under this one\n\nand under this.');
  });

  it("cuts Outlook's *From:* *Sent:* *To:* *Subject:* block and the separator above it (email_2_1)", () => {
    assert.equal(newWords(body('email_2_1.txt')), 'Outlook with a reply');
  });

  it('does not take a line starting with "On" for a quote header, and cuts the real one (greedy_on)', () => {
    const words = newWords(body('greedy_on.txt'));
    assert.match(words, /^On your remote host you can run:\n\n {5}telnet 127\.0\.0\.1 52698\n\nThis should connect/);
    assert.ok(words.endsWith('the tunnel is not working.'), words);
    assert.doesNotMatch(words, /George Plymale|odd issue/);
  });

  it('drops a mobile signature (email_BlackBerry) and keeps " -- " inside a sentence (email_sig_delimiter_in_middle_of_line)', () => {
    assert.equal(newWords(body('email_BlackBerry.txt')), 'Here is another email');
    assert.equal(newWords(body('email_sig_delimiter_in_middle_of_line.txt')), 'Hi there!\n\nStuff happened.\n\nAnd here is a fix -- this is not a signature.\n\nkthxbai');
  });

  it('cuts an unquoted copy under a wrapped "wrote:" line, in Russian too', () => {
    assert.equal(newWords('Thanks!\n\nOn Mon, Apr 2, 2012 at 6:26 PM, Megan One <\nmegan@example.com> wrote:\nHi there\nHow are you?'), 'Thanks!');
    assert.equal(newWords('Привет\n02.04.2012 14:20 пользователь "bob@example.com" <\nbob@example.com> написал:\n\n> Hi\n'), 'Привет');
    assert.equal(newWords('Merci\n\nLe 3 mars 2024 à 10:00, Anne <anne@example.fr> a écrit :\nBonjour'), 'Merci');
  });

  it('keeps the words of a line before a "wrote:" header', () => {
    assert.equal(newWords('On my order the lid is cracked.\nOn Tue, 3 Mar 2026 at 10:00, Shop <shop@example.com> wrote:\n> Thanks for your order'), 'On my order the lid is cracked.');
  });

  it('cuts at "-----Original Message-----" and keeps a forwarded message', () => {
    assert.equal(newWords('Yes please.\n\n-----Original Message-----\nFrom: Shop <shop@example.com>\nSent: Monday\nSubject: Your order'), 'Yes please.');
    const forward = 'See below.\n\n---------- Forwarded message ----------\nFrom: Carrier <c@example.com>\nDate: May 8, 2005\nSubject: Parcel\nTo: me@example.com\n\nYour parcel is lost.';
    assert.equal(newWords(forward), forward);
  });

  it('shows the whole text of a message that is only a quote', () => {
    assert.equal(newWords('> only what you wrote\n> before'), '> only what you wrote\n> before');
  });

  // Not a timed test (a busy machine makes any bound flaky): a rule gone quadratic (a multi-line
  // pattern retried from every line) would take minutes on these, and the suite would stall here.
  it('handles a megabyte of one long line and of many short ones', () => {
    const longLine = `On ${'a '.repeat(500_000)}`;
    assert.equal(newWords(longLine), longLine.trim());
    const shortLines = 'On Monday something\nwrote\n'.repeat(40_000);
    assert.equal(newWords(shortLines), shortLines.trim());
  });
});
