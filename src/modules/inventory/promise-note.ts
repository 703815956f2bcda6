// The small print under a delivery promise: which method and destination its dates are for,
// so a shopper elsewhere knows to read them as an example until checkout asks.
import type { PromiseAnswer } from './promise-for.ts';

/** "Dates for Standard to United States"; null when no method reaches the destination. */
export function promiseDatesNote(answer: Pick<PromiseAnswer, 'method' | 'country'>, locale: string): string | null {
  if (!answer.method || !answer.country) return null;
  const country = new Intl.DisplayNames([locale], { type: 'region' }).of(answer.country) ?? answer.country;
  return `Dates for ${answer.method.name} to ${country}`;
}
