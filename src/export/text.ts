/**
 * Quoting helpers shared by the exporters. Each follows the language's own rules, so a value
 * with quotes, `$`, backticks, braces or line breaks comes out unchanged when the text is run.
 * Pure: no `vscode` import.
 */
import { bodyJson, type ExportValue, type SecretRef } from './types';

/** POSIX shell single quotes (bash, zsh, sh): nothing inside is special except `'`, written `'\''`. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** The bash/zsh function the shell exports define when they splice a value from the environment into JSON. */
export const SHELL_JSON_ESCAPE = 'graph_json_escape';

/**
 * Lines defining `graph_json_escape VALUE`: prints VALUE as the inside of a JSON string, `\` and `"`
 * escaped and every control character (U+0001–U+001F) written `\u00XX`, as JSON requires
 * (https://www.rfc-editor.org/rfc/rfc8259#section-7). An environment variable cannot hold U+0000.
 * The character for each code is printed with a trailing `.` that is then cut, because `$(…)` drops
 * trailing line feeds. Plain bash/zsh: no jq or python needed.
 */
export function shellJsonEscapeFunction(): string[] {
  return [
    "# JSON string escaping (\\, \" and control characters) for a value read from the environment:",
    `${SHELL_JSON_ESCAPE}() {`,
    "  local s=\"$1\" i c",
    "  s=${s//\\\\/\\\\\\\\}",
    "  s=${s//\\\"/\\\\\\\"}",
    "  for i in {1..31}; do",
    "    c=$(printf \"\\\\$(printf %03o \"$i\").\"); c=${c%.}",
    "    s=${s//\"$c\"/$(printf '\\\\u%04x' \"$i\")}",
    "  done",
    "  printf '%s' \"$s\"",
    "}",
  ];
}

/** What a double-quoted JSON string in single-quoted shell text closes on to splice `$envVar` in, JSON-escaped. */
export function shellJsonSplice(envVar: string): string {
  return `"$(${SHELL_JSON_ESCAPE} "\${${envVar}}")"`;
}

/**
 * PowerShell single-quoted string: no `$` expansion, no backtick escapes. PowerShell also closes
 * such a string on the typographic single quotes (‘ ’ ‚ ‛), so every quote character is doubled
 * (https://learn.microsoft.com/en-us/powershell/module/microsoft.powershell.core/about/about_quoting_rules).
 */
export function powerShellQuote(value: string): string {
  return `'${value.replace(/['\u2018\u2019\u201a\u201b]/g, (q) => q + q)}'`;
}

/**
 * C# regular string literal. Line terminators (CR, LF, NEL, LS, PS) may not appear raw in one
 * (https://learn.microsoft.com/en-us/dotnet/csharp/language-reference/language-specification/lexical-structure#6456-string-literals),
 * so they and the other control characters are escaped as `\uXXXX`.
 */
export function csharpString(value: string): string {
  let out = '"';
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f || code === 0x85 || code === 0x2028 || code === 0x2029) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** A JavaScript string literal (JSON's, with U+2028/U+2029 escaped for every engine). */
export function jsString(value: string): string {
  return JSON.stringify(value).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** A JavaScript object key: bare when it is an identifier, else quoted. */
export function jsKey(key: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? key : jsString(key);
}

/**
 * The body as pretty JSON split around its secrets: `parts[i]` is JSON text and each secret sits
 * between `parts[i]` and `parts[i + 1]` where its JSON string value would be (quotes included).
 * Formats that read a secret from the environment splice their own expression in between.
 */
export function splitBodyAroundSecrets(body: Record<string, ExportValue>, indent: string | number = 2): { parts: string[]; secrets: SecretRef[] } {
  const secrets: SecretRef[] = [];
  let sentinel = 'GS_SECRET_';
  const probe = bodyJson(body, () => '', indent);
  while (probe.includes(sentinel)) sentinel += '_';
  const text = bodyJson(
    body,
    (ref) => {
      secrets.push(ref);
      return `${sentinel}${secrets.length - 1}`;
    },
    indent,
  );
  const parts = text.split(new RegExp(`"${sentinel}\\d+"`));
  return { parts, secrets };
}

/** Refuses a header that would break out of its line in any format. */
export function checkHeader(name: string, value: string): void {
  if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) throw new Error(`The header name '${name}' is not a valid HTTP header name.`);
  if (/[\r\n\0]/.test(value)) throw new Error(`The value of header '${name}' contains a line break.`);
}
