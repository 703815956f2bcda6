// The new words of an email reply: what the customer wrote this time, without the previous
// messages their mail program quoted below (or around) it, nor their signature. The agent
// reads this in the conversation; the whole text stays on the message ("show full message").
//
// Written here rather than taken from a library: the npm ports of GitHub's email_reply_parser
// (email-reply-parser, emailreplyparser) keep Outlook's "*From:* … *Sent:*" block and mailing
// list footers, know no Russian "написал:", and run multi-line regular expressions over the
// whole text (quadratic on a long unbroken message). This works line by line, so its time is
// linear in the text, and every rule is one of the cases in ../shared/data/email-fixtures.
//
// The rules, in order:
// 1. The first unprefixed copy of an earlier message ends the new words: an "On … wrote:"
//    line (also wrapped over two lines, in the languages mail programs write it) not followed
//    by ">" lines, "-----Original Message-----", or an Outlook header block (From:, then
//    Sent:/Date:, To:, Subject: within a few lines, also *bold*). A forwarded message is
//    content, not a quote: nothing after "Forwarded message" is cut.
// 2. Lines quoted with ">" are dropped wherever they are (inline answers between quotes keep
//    the answers), with the "On … wrote:" line that introduces them.
// 3. A signature is cut from its delimiter line ("-- ", "--"), a mobile "Sent from my …"
//    line, or a line of underscores (Outlook's separator, a mailing list's footer).
// Should nothing be left (a message that is only a quote), the whole text is shown.

const MAX_HEADER_LINE = 400;

/** The verb that ends a quote header: "wrote:", "a écrit :", "написал:"… */
const WROTE =
  /(\bwrote|\bwrites|a écrit|ha scritto|escribió|escreveu|schrieb|schreef|\bskrev|napisał(\(a\))?|\bpisze|kirjoitti|написал(а|\(а\))?|пишет|yazdı)\s*:$|(写道|寫道|のメッセージ|작성)\s*[:：]?$/i;

/** How a wrapped quote header starts: "On …", "Le …", a date. */
const HEADER_START = /^(On|Le|El|Il|Em|Am|Op|Den|Dne|W dniu|Dnia|\d{1,4}[./\-年])/;

const ORIGINAL_MESSAGE = /^-{2,}\s*(original message|ursprüngliche nachricht|message d'origine|mensaje original|messaggio originale|oorspronkelijk bericht|исходное сообщение|oprindelig meddelelse)\s*-{2,}$/i;
const FORWARDED = /^(-{2,}\s*(forwarded message|weitergeleitete nachricht|message transféré|mensaje reenviado|пересылаемое сообщение)\s*-*|begin forwarded message:)$/i;

const FIELD = (names: string) => new RegExp(`^\\*?(${names})\\s*:\\*?(\\s|$)`, 'i');
const FROM_FIELD = FIELD('From|De|Von|Van|Da|Från|Fra|От|Od|Lähettäjä');
const SENT_FIELD = FIELD('Sent|Date|Envoyé|Gesendet|Datum|Enviado|Enviada|Verzonden|Отправлено|Дата|Inviato|Data|Skickat|Sendt|Wysłano|Lähetetty');
const TO_FIELD = FIELD('To|À|A|An|Para|Aan|Кому|Till|Til|Do|Vastaanottaja');
const SUBJECT_FIELD = FIELD('Subject|Objet|Betreff|Asunto|Assunto|Onderwerp|Тема|Oggetto|Ämne|Emne|Temat|Aihe');

const SIGNATURE = /^(--|-- |_{10,}|Sent from my .+|Sent from (Mail|Outlook|Yahoo Mail|Gmail|my iPhone|my iPad)\b.*|Get Outlook for .+|Envoyé de mon .+|Envoyé depuis .+|Von meinem .+ gesendet|Gesendet von .+|Enviado desde mi .+|Enviado do meu .+|Inviato da .+|Verzonden vanaf .+|Verstuurd vanaf .+|Отправлено с .+)$/;

const isQuoted = (line: string) => /^\s*>/.test(line);
const isBlank = (line: string) => line.trim() === '';

/** The index of the next line that is not blank, or -1. */
function nextFilled(lines: readonly string[], from: number): number {
  for (let i = from; i < lines.length; i++) if (!isBlank(lines[i]!)) return i;
  return -1;
}

/** How many lines (1 or 2) the quote header at `i` spans, or 0 when there is none. */
function quoteHeaderAt(lines: readonly string[], i: number): number {
  const line = lines[i]!.trim();
  if (line === '' || line.length > MAX_HEADER_LINE) return 0;
  if (WROTE.test(line)) return 1;
  const next = lines[i + 1]?.trim() ?? '';
  // Mail programs wrap a long header, often before the address: "On …, Name <" / "name@x> wrote:".
  // A next line that starts like a header is a header of its own, and this line the customer's.
  if (next !== '' && HEADER_START.test(line) && !HEADER_START.test(next) && line.length + next.length <= MAX_HEADER_LINE && WROTE.test(`${line} ${next}`)) return 2;
  return 0;
}

/** Whether an Outlook-style header block of an earlier message starts at `i`. */
function headerBlockAt(lines: readonly string[], i: number): boolean {
  if (!FROM_FIELD.test(lines[i]!.trim())) return false;
  let sent = false;
  let to = false;
  let subject = false;
  for (let j = i + 1, seen = 0; j < lines.length && seen < 6; j++) {
    const line = lines[j]!.trim();
    if (line === '') continue;
    seen++;
    sent ||= SENT_FIELD.test(line);
    to ||= TO_FIELD.test(line);
    subject ||= SUBJECT_FIELD.test(line);
  }
  return sent && (to || subject);
}

/** Where the unprefixed copy of an earlier message starts, and which header lines introduce ">" quotes. */
function scan(lines: readonly string[]): { end: number; dropped: Set<number> } {
  const dropped = new Set<number>();
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (isQuoted(line) || line === '') continue;
    if (FORWARDED.test(line)) break;
    if (ORIGINAL_MESSAGE.test(line) || headerBlockAt(lines, i)) return { end: i, dropped };
    if (/^_{10,}$|^-{10,}$/.test(line)) {
      // Outlook's separator line above the header block.
      const after = nextFilled(lines, i + 1);
      if (after !== -1 && headerBlockAt(lines, after)) return { end: i, dropped };
      continue;
    }
    const span = quoteHeaderAt(lines, i);
    if (span === 0) continue;
    const after = nextFilled(lines, i + span);
    if (after === -1 || isQuoted(lines[after]!)) {
      for (let k = i; k < i + span; k++) dropped.add(k);
      i += span - 1;
      continue;
    }
    // "On … wrote:" over an unprefixed copy: a date or an address says it is a header, not prose.
    if (/\d|@/.test(lines.slice(i, i + span).join(' '))) return { end: i, dropped };
  }
  return { end: lines.length, dropped };
}

/** Cut at the first signature line that has words above it. */
function withoutSignature(lines: string[]): string[] {
  const firstWords = lines.findIndex((line) => !isBlank(line));
  for (let i = firstWords + 1; firstWords !== -1 && i < lines.length; i++) {
    if (SIGNATURE.test(lines[i]!.trimStart()) || lines[i] === '-- ') return lines.slice(0, i);
  }
  return lines;
}

/** Blank runs to one blank line, trailing spaces off, the ends trimmed. */
function tidy(lines: readonly string[]): string {
  return lines
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** The new words of the reply; the whole text when it is all quote. */
export function newWords(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const { end, dropped } = scan(lines);
  const kept = lines.slice(0, end).filter((line, i) => !dropped.has(i) && !isQuoted(line));
  return tidy(withoutSignature(kept)) || tidy(lines);
}
