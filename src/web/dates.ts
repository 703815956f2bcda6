// Dates in the admin are shown in the store's time zone, which staff think in.
const formats = new Map<string, Intl.DateTimeFormat>();

export function formatDateTime(date: Date, locale: string, timeZone: string): string {
  const key = `${locale}|${timeZone}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone });
    formats.set(key, format);
  }
  return format.format(date);
}
