/**
 * Strict readers of what the exporters write, for the round-trip tests: each reads its language's
 * quoting rules (not the exporters' helpers) and fails on anything it does not understand.
 */
import { execFileSync } from 'node:child_process';
import * as vm from 'node:vm';

export interface ParsedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

/** REST Client / httpYac: file variables, `{{$processEnv X}}`, one request; an unknown `{{…}}` fails. */
export function parseHttpFile(text: string, env: Record<string, string>): ParsedRequest {
  const vars = new Map<string, string>();
  const substitute = (s: string): string =>
    s.replace(/\{\{\s*([^}]+?)\s*\}\}/g, (_, name: string) => {
      const pe = /^\$processEnv\s+(\S+)$/.exec(name);
      if (pe) {
        if (!(pe[1] in env)) throw new Error(`environment variable ${pe[1]} not set`);
        return env[pe[1]];
      }
      if (!vars.has(name)) throw new Error(`unknown variable {{${name}}}`);
      return vars.get(name)!;
    });
  const lines = text.split('\n');
  let i = 0;
  for (; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === '' || line.startsWith('#') || line.startsWith('//')) {
      if (line.startsWith('###')) {
        i++;
        break;
      }
      continue;
    }
    const v = /^@([A-Za-z_][\w]*)\s*=\s*(.*)$/.exec(line);
    if (!v) throw new Error(`unexpected line before the request: ${line}`);
    vars.set(v[1], substitute(v[2]));
  }
  while (i < lines.length && (lines[i].trim() === '' || /^(#|\/\/)/.test(lines[i]))) i++;
  const requestLine = /^(GET|POST|PATCH|PUT|DELETE) (\S+)(?: HTTP\/1\.1)?$/.exec(lines[i++] ?? '');
  if (!requestLine) throw new Error(`no request line: ${lines[i - 1]}`);
  const headers: Record<string, string> = {};
  for (; i < lines.length && lines[i] !== ''; i++) {
    const h = /^([^:\s]+):\s?(.*)$/.exec(lines[i]);
    if (!h) throw new Error(`bad header line: ${lines[i]}`);
    headers[h[1]] = substitute(h[2]);
  }
  const rest = lines.slice(i + 1);
  const end = rest.findIndex((l) => l.startsWith('###'));
  const bodyText = substitute((end < 0 ? rest : rest.slice(0, end)).join('\n')).trim();
  return { method: requestLine[1], url: substitute(requestLine[2]), headers, body: bodyText ? JSON.parse(bodyText) : undefined };
}

/** Runs a POSIX shell script where `command` only prints its arguments: the words the shell made. */
export function shellWords(script: string, command: string, env: Record<string, string>, shell: 'bash' | 'zsh' = 'bash'): string[][] {
  const out = execFileSync(shell, ['-c', `${command}() { printf '%s\\0' "$@"; printf '\\1'; }\n${script}`], { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8' });
  return out
    .split('\x01')
    .filter((c) => c !== '')
    .map((call) => call.split('\0').slice(0, -1));
}

export function parseCurlWords(words: string[]): ParsedRequest {
  const headers: Record<string, string> = {};
  let method = 'GET';
  let url = '';
  let data: string | undefined;
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (w === '--request') method = words[++i];
    else if (w === '--header') {
      const [name, ...value] = words[++i].split(':');
      headers[name] = value.join(':').replace(/^ /, '');
    } else if (w === '--data-raw') data = words[++i];
    else if (w.startsWith('-')) throw new Error(`unexpected curl option ${w}`);
    else url = w;
  }
  return { method, url, headers, body: data === undefined ? undefined : JSON.parse(data) };
}

/** A reader of PowerShell literals: single-quoted strings (any of ' ‘ ’ ‚ ‛ closes; doubled is one), $true/$false/$null, numbers, $env:X, [System.DateTime]::Parse('…'), @{…}, @(…). */
export class PowerShellReader {
  i = 0;
  constructor(
    readonly s: string,
    readonly env: Record<string, string>,
  ) {}
  private ws(): void {
    while (this.i < this.s.length && /[ \t\r\n;]/.test(this.s[this.i])) this.i++;
  }
  private isQuote(c: string | undefined): boolean {
    return c !== undefined && "'\u2018\u2019\u201a\u201b".includes(c);
  }
  expect(t: string): void {
    this.ws();
    if (!this.s.startsWith(t, this.i)) throw new Error(`expected ${t} at ${this.s.slice(this.i, this.i + 30)}`);
    this.i += t.length;
  }
  string(): string {
    if (!this.isQuote(this.s[this.i])) throw new Error(`expected a single-quoted string at ${this.s.slice(this.i, this.i + 30)}`);
    this.i++;
    let out = '';
    for (;;) {
      if (this.i >= this.s.length) throw new Error('unterminated string');
      const c = this.s[this.i++];
      if (this.isQuote(c)) {
        if (this.isQuote(this.s[this.i])) out += this.s[this.i++];
        else return out;
      } else out += c;
    }
  }
  key(): string {
    this.ws();
    if (this.isQuote(this.s[this.i])) return this.string();
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.s.slice(this.i));
    if (!m) throw new Error(`expected a key at ${this.s.slice(this.i, this.i + 30)}`);
    this.i += m[0].length;
    return m[0];
  }
  value(): unknown {
    this.ws();
    const rest = this.s.slice(this.i);
    if (this.isQuote(rest[0])) return this.string();
    const simple = /^(\$true|\$false|\$null|-?\d+(?:\.\d+)?(?:e[+-]?\d+)?|\$env:([A-Za-z_]\w*))/i.exec(rest);
    if (simple) {
      this.i += simple[0].length;
      if (simple[2]) return this.env[simple[2]];
      return simple[1] === '$true' ? true : simple[1] === '$false' ? false : simple[1] === '$null' ? null : Number(simple[1]);
    }
    if (rest.startsWith('[System.DateTime]::Parse(')) {
      this.i += '[System.DateTime]::Parse('.length;
      const v = this.string();
      this.expect(')');
      return v;
    }
    if (rest.startsWith('@{')) return this.hashtable();
    if (rest.startsWith('@(')) {
      this.i += 2;
      const out: unknown[] = [];
      for (;;) {
        this.ws();
        if (this.s[this.i] === ')') {
          this.i++;
          return out;
        }
        out.push(this.value());
        this.ws();
        if (this.s[this.i] === ',') this.i++;
      }
    }
    throw new Error(`unknown PowerShell value at ${rest.slice(0, 30)}`);
  }
  hashtable(): Record<string, unknown> {
    this.expect('@{');
    const out: Record<string, unknown> = {};
    for (;;) {
      this.ws();
      if (this.s[this.i] === '}') {
        this.i++;
        return out;
      }
      const k = this.key();
      this.expect('=');
      out[k] = this.value();
    }
  }
}

/** A C# regular string literal at `s[i]` (escapes \" \\ \n \r \t \uXXXX; a raw line terminator fails). */
export function readCSharpString(s: string, start: number): { value: string; end: number } {
  if (s[start] !== '"') throw new Error(`expected a C# string at ${s.slice(start, start + 30)}`);
  let out = '';
  for (let i = start + 1; i < s.length; i++) {
    const c = s[i];
    if ('\n\r\u0085\u2028\u2029'.includes(c)) throw new Error('raw line terminator in a C# string literal');
    if (c === '"') return { value: out, end: i + 1 };
    if (c === '\\') {
      const e = s[++i];
      if (e === 'u') {
        out += String.fromCharCode(parseInt(s.slice(i + 1, i + 5), 16));
        i += 4;
      } else if (e in { '"': 1, '\\': 1, n: 1, r: 1, t: 1, '0': 1 }) out += { '"': '"', '\\': '\\', n: '\n', r: '\r', t: '\t', '0': '\0' }[e as '"'];
      else throw new Error(`unknown C# escape \\${e}`);
    } else out += c;
  }
  throw new Error('unterminated C# string');
}

/** Evaluates the JavaScript snippet with a recording Graph client: the call it makes. */
export async function runJavaScriptSnippet(text: string, env: Record<string, string>): Promise<{ path: string; method: string; headers: Record<string, string>; body: unknown; options: unknown }> {
  const calls: { path: string; method: string; headers: Record<string, string>; body: unknown; options: unknown }[] = [];
  let options: unknown;
  const Client = {
    initWithMiddleware(o: unknown) {
      options = o;
      return {
        api(path: string) {
          const headers: Record<string, string> = {};
          const req = {
            header(n: string, v: string) {
              headers[n] = v;
              return req;
            },
            post: async (body: unknown) => calls.push({ path, method: 'POST', headers, body, options }),
            patch: async (body: unknown) => calls.push({ path, method: 'PATCH', headers, body, options }),
          };
          return req;
        },
      };
    },
  };
  const code = text.replace(/^import \{ Client \} from '@microsoft\/microsoft-graph-client';$/m, '');
  if (/^import /m.test(code)) throw new Error('unexpected import');
  await vm.runInNewContext(`(async () => {\n${code}\n})()`, { Client, authProvider: {}, process: { env } });
  if (calls.length !== 1) throw new Error(`expected one call, got ${calls.length}`);
  return JSON.parse(JSON.stringify(calls[0])) as (typeof calls)[0];
}
