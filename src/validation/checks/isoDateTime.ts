/** Strict ISO 8601 date-time parsing for expirationDateTime. Pure. */
import { MINUTE } from './context';

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Reads `n` digits at `i`, or -1. */
function digits(s: string, i: number, n: number): number {
  let v = 0;
  for (let k = 0; k < n; k++) {
    const c = s.charCodeAt(i + k) - 48;
    if (!(c >= 0 && c <= 9)) return -1;
    v = v * 10 + c;
  }
  return v;
}

/**
 * Strict ISO 8601 date-time: `YYYY-MM-DDTHH:MM[:SS[.fraction]][Z|±HH:MM|±HHMM]` (fractions of any
 * length, as Graph's own examples use seven digits). Hand-written: it runs on every keystroke.
 */
export function parseIsoDateTime(input: string): { time: number; hasZone: boolean } | undefined {
  const s = input.trim();
  const year = digits(s, 0, 4);
  const month = digits(s, 5, 2);
  const day = digits(s, 8, 2);
  const hour = digits(s, 11, 2);
  const minute = digits(s, 14, 2);
  if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0) return undefined;
  if (s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || (s.charCodeAt(10) | 32) !== 116 /* t */ || s.charCodeAt(13) !== 58) return undefined;
  let i = 16;
  let second = 0;
  let ms = 0;
  if (s.charCodeAt(i) === 58 /* : */) {
    second = digits(s, i + 1, 2);
    if (second < 0) return undefined;
    i += 3;
    if (s.charCodeAt(i) === 46 /* . */) {
      let j = i + 1;
      let scale = 100;
      while (j < s.length && s.charCodeAt(j) >= 48 && s.charCodeAt(j) <= 57) {
        ms += (s.charCodeAt(j) - 48) * scale;
        scale /= 10;
        j++;
      }
      if (j === i + 1) return undefined;
      ms = Math.floor(ms);
      i = j;
    }
  }
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  if (day > (month === 2 ? (leap ? 29 : 28) : DAYS_IN_MONTH[month - 1])) return undefined;
  let time = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  if (i === s.length) return { time, hasZone: false };
  const z = s.charCodeAt(i);
  if ((z | 32) === 122 /* z */ && i + 1 === s.length) return { time, hasZone: true };
  if (z !== 43 && z !== 45) return undefined;
  const oh = digits(s, i + 1, 2);
  const colon = s.charCodeAt(i + 3) === 58 ? 1 : 0;
  const om = digits(s, i + 3 + colon, 2);
  if (oh < 0 || om < 0 || i + 5 + colon !== s.length || oh > 23 || om > 59) return undefined;
  time -= (z === 45 ? -1 : 1) * (oh * 60 + om) * MINUTE;
  return { time, hasZone: true };
}
