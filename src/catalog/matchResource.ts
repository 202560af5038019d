/**
 * Path matcher: `resource` string → catalog entry, pattern and bound parameters. Accepts a leading
 * slash, a full `https://graph.microsoft.com/{v1.0|beta}/` prefix, `me/…` for `users/{userId}/…`,
 * OData key syntax (`groups('{id}')`, `mailFolders('inbox')`) and a query after `?`.
 */
import type { MatchResult, PathPattern, ResourceEntry } from './types';

interface Compiled {
  entry: ResourceEntry;
  pattern: PathPattern;
  /** Lower-cased literal, or `{name}` for a parameter. */
  segments: { literal?: string; param?: string }[];
  literalCount: number;
  /** For suggestions. */
  display: string;
}

/** Splits a path on `/` outside parentheses and quotes, and turns `name(key)` into `name`, `key`. */
export function splitPath(path: string): string[] {
  const raw: string[] = [];
  let depth = 0;
  let quote = false;
  let start = 0;
  for (let i = 0; i < path.length; i++) {
    const c = path.charCodeAt(i);
    if (c === 39 /* ' */) quote = !quote;
    else if (!quote && c === 40 /* ( */) depth++;
    else if (!quote && c === 41 /* ) */) depth = Math.max(0, depth - 1);
    else if (c === 47 /* / */ && depth === 0 && !quote) {
      if (i > start) raw.push(path.slice(start, i));
      start = i + 1;
    }
  }
  if (path.length > start) raw.push(path.slice(start));
  const out: string[] = [];
  for (const seg of raw) {
    const open = seg.indexOf('(');
    if (open > 0 && seg.endsWith(')')) {
      out.push(seg.slice(0, open));
      out.push(unwrapKey(seg.slice(open + 1, -1)));
    } else {
      out.push(seg);
    }
  }
  return out;
}

/** `'x'` → `x`; `joinWebUrl='x'` → `x`; anything else unchanged. */
function unwrapKey(inner: string): string {
  let s = inner.trim();
  const eq = s.indexOf('=');
  if (eq > 0 && /^[A-Za-z_][\w]*$/.test(s.slice(0, eq).trim())) {
    const rest = s.slice(eq + 1).trim();
    // Single named key such as joinWebUrl='…' (but keep lists such as organizerIds=['a','b']).
    if (rest.startsWith("'") && rest.endsWith("'") && rest.length >= 2) return rest.slice(1, -1);
    if (rest.startsWith('{') && rest.endsWith('}')) return rest;
    s = rest;
  }
  if (s.length >= 2 && s.startsWith("'") && s.endsWith("'")) return s.slice(1, -1);
  return s;
}

export interface SplitResource {
  path: string;
  queryText: string | undefined;
  query: Record<string, string>;
}

const BASE_URL = /^https?:\/\/graph\.microsoft\.(?:com|us|de)\/(?:v1\.0|beta)\//i;
const CN_BASE_URL = /^https?:\/\/(?:microsoftgraph\.chinacloudapi\.cn|dod-graph\.microsoft\.us)\/(?:v1\.0|beta)\//i;

/** Separates path and query; strips base URL, leading and trailing slashes. */
export function splitResource(resource: string): SplitResource {
  let text = resource.trim();
  if (text.length > 4 && (text.charCodeAt(0) | 32) === 104 /* h */) text = text.replace(BASE_URL, '').replace(CN_BASE_URL, '');
  const q = text.indexOf('?');
  let queryText: string | undefined;
  if (q >= 0) {
    queryText = text.slice(q + 1);
    text = text.slice(0, q);
  }
  let a = 0;
  let b = text.length;
  while (a < b && text.charCodeAt(a) === 47) a++;
  while (b > a && text.charCodeAt(b - 1) === 47) b--;
  const query: Record<string, string> = {};
  if (queryText !== undefined) {
    for (const part of queryText.split('&')) {
      if (part === '') continue;
      const eq = part.indexOf('=');
      const key = safeDecode(eq < 0 ? part : part.slice(0, eq)).trim();
      const value = eq < 0 ? '' : safeDecode(part.slice(eq + 1));
      if (key !== '') query[key] = value;
    }
  }
  return { path: text.slice(a, b), queryText, query };
}

function safeDecode(s: string): string {
  if (s.indexOf('%') < 0 && s.indexOf('+') < 0) return s;
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

export class ResourceMatcher {
  private readonly compiled: Compiled[] = [];
  /** First literal segment (lower case) → candidates; `''` for patterns starting with a parameter. */
  private readonly byHead = new Map<string, Compiled[]>();

  constructor(catalog: readonly ResourceEntry[]) {
    for (const entry of catalog) {
      for (const pattern of entry.paths) {
        const segments = splitPath(pattern.pattern).map((s) => {
          const m = /^\{([^}]+)\}$/.exec(s);
          return m ? { param: m[1] } : { literal: s.toLowerCase() };
        });
        const c: Compiled = {
          entry, pattern, segments, display: pattern.pattern,
          literalCount: segments.filter((s) => s.literal !== undefined).length,
        };
        this.compiled.push(c);
        const head = segments[0]?.literal ?? '';
        const list = this.byHead.get(head) ?? [];
        list.push(c);
        this.byHead.set(head, list);
      }
    }
  }

  /** All compiled patterns (for suggestion lists and tests). */
  patterns(): readonly { entry: ResourceEntry; pattern: PathPattern }[] {
    return this.compiled;
  }

  match(resource: string): MatchResult {
    const { path, query } = splitResource(resource);
    let segs = splitPath(path);
    let usesMe = false;
    if (segs.length > 0 && segs[0].toLowerCase() === 'me') {
      usesMe = true;
      segs = ['users', 'me', ...segs.slice(1)];
    }
    const lower = segs.map((s) => s.toLowerCase());
    const candidates = this.byHead.get(lower[0] ?? '') ?? [];
    let best: Compiled | undefined;
    for (const c of candidates) {
      if (c.segments.length !== segs.length) continue;
      let ok = true;
      for (let i = 0; i < segs.length; i++) {
        const s = c.segments[i];
        if (s.literal !== undefined ? s.literal !== lower[i] : segs[i] === '') {
          ok = false;
          break;
        }
      }
      // Prefer the most specific pattern: `teams/getAllMessages` over `teams/{teamId}`.
      if (ok && (best === undefined || c.literalCount > best.literalCount)) best = c;
    }
    if (best === undefined) return { ok: false, suggestions: this.suggest(lower) };
    const params: Record<string, string> = {};
    best.segments.forEach((s, i) => {
      if (s.param !== undefined) params[s.param] = segs[i];
    });
    return { ok: true, entry: best.entry, pattern: best.pattern, params, query, normalizedPath: path, usesMe };
  }

  /** The closest known patterns, best first (at most 3). */
  private suggest(lower: string[]): string[] {
    const target = lower.join('/');
    const scored: { display: string; score: number }[] = [];
    for (const c of this.compiled) {
      // Compare segment by segment: parameters match anything.
      let score = Math.abs(c.segments.length - lower.length) * 4;
      const n = Math.min(c.segments.length, lower.length);
      for (let i = 0; i < n; i++) {
        const s = c.segments[i];
        if (s.literal !== undefined && s.literal !== lower[i]) {
          const d = levenshtein(s.literal, lower[i], 8);
          score += Math.min(d, 8) / Math.max(2, s.literal.length / 2);
          if (d > s.literal.length / 2) score += 2;
        }
      }
      if (c.segments[0]?.literal === 'users' && lower[0] === 'me') score -= 1;
      scored.push({ display: c.display, score });
    }
    scored.sort((a, b) => a.score - b.score || a.display.localeCompare(b.display));
    const out: string[] = [];
    for (const s of scored) {
      if (out.length >= 3) break;
      if (s.score > 6 + target.length / 4) break;
      if (!out.includes(s.display)) out.push(s.display);
    }
    return out;
  }
}

/** Edit distance, stopping early once it exceeds `max`. */
export function levenshtein(a: string, b: string, max = Number.MAX_SAFE_INTEGER): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = new Array<number>(b.length + 1);
  let cur = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = cur[0];
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (cur[j] < rowMin) rowMin = cur[j];
    }
    if (rowMin > max) return max + 1;
    [prev, cur] = [cur, prev];
  }
  return prev[b.length];
}
