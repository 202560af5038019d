/**
 * A clientState with hostile characters (" \ ' $ % ` line breaks, control characters, `{{`), taken
 * from the environment (GRAPH_CLIENT_STATE) or written in the draft (exported on request), must
 * reach Graph unchanged through every exporter: each export is read back as its tool would (bash and
 * zsh run the curl and m365 commands, JSON.parse reads the body they pass; the .http, PowerShell,
 * JavaScript and C# readers of ./export/parsers), and the clientState it yields must be exactly the
 * original. Table-driven: value × where it comes from × exporter.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { buildExportRequest, type ExportSource } from '../../src/export';
import { renderHttpFile } from '../../src/export/httpFile';
import { renderCurl } from '../../src/export/curl';
import { renderPowerShell } from '../../src/export/powershell';
import { renderM365 } from '../../src/export/m365';
import { renderJavaScript } from '../../src/export/javascriptSdk';
import { renderCSharp } from '../../src/export/csharpSdk';
import { parseCurlWords, parseHttpFile, PowerShellReader, readCSharpString, runJavaScriptSnippet, shellWords } from './export/parsers';

const HOSTILE: { name: string; value: string }[] = [
  { name: 'double quotes', value: 'say "hi" and "bye"' },
  { name: 'backslashes', value: String.raw`C:\path\to\"x\" \\server \n not a newline \u0041` },
  { name: 'single quotes', value: `it's 'quoted' ’curly’` },
  { name: 'shell expansions', value: '$HOME ${PATH} $(id) `whoami` !! $1 $@ *' },
  { name: 'percent signs (cmd variables)', value: '%PATH% 100% %%' },
  { name: 'line breaks and tab', value: 'line one\nline two\r\nline three\ttabbed\n' },
  { name: 'control characters', value: 'bell\u0007 esc\u001b[31m unit\u001f del\u007f' },
  { name: 'JSON-looking', value: '", "resource": "injected' },
  { name: 'everything at once', value: `"'\\$%\`{{token}}\n é 🎉 \u2028` },
];

const SHELLS = (['bash', 'zsh'] as const).filter((shell) => {
  try {
    execFileSync(shell, ['-c', 'true']);
    return true;
  } catch {
    return false;
  }
});

const BASE = { changeType: 'created', notificationUrl: 'https://example.com/notify', resource: 'me/messages', expirationDateTime: '2030-01-01T00:00:00Z' };
const TOKEN = 'tok-123';

/** Where the clientState comes from: the environment (the default export) or the draft (exported on request). */
type Origin = 'environment' | 'draft';

function source(value: string, origin: Origin, extra: Partial<ExportSource> = {}): ExportSource {
  return { operation: 'create', graphEndpoint: 'https://graph.microsoft.com', includeSecrets: origin === 'draft', properties: { ...BASE, clientState: value }, ...extra };
}

function env(value: string, origin: Origin): Record<string, string> {
  // The environment variable holds the clientState itself; in the draft case it holds something else.
  return { GRAPH_TOKEN: TOKEN, GRAPH_CLIENT_STATE: origin === 'environment' ? value : 'not this one' };
}

function clientStateOf(body: unknown): unknown {
  return (body as Record<string, unknown>).clientState;
}

for (const { name, value } of HOSTILE) {
  for (const origin of ['environment', 'draft'] as const) {
    const request = buildExportRequest(source(value, origin));
    const title = `${name}, from the ${origin}`;

    for (const shell of SHELLS) {
      test(`curl through ${shell}: ${title}`, () => {
        const calls = shellWords(renderCurl(request), 'curl', env(value, origin), shell);
        assert.equal(calls.length, 1);
        assert.equal(clientStateOf(parseCurlWords(calls[0]).body), value);
      });

      test(`m365 graph subscription add through ${shell}: ${title}`, () => {
        const [words] = shellWords(renderM365(request), 'm365', env(value, origin), shell);
        assert.deepEqual(words.slice(0, 3), ['graph', 'subscription', 'add']);
        const at = words.indexOf('--clientState');
        assert.ok(at > 0, words.join(' '));
        assert.equal(words[at + 1], value);
      });

      test(`m365 request (JSON body) through ${shell}: ${title}`, () => {
        // A header the add command has no option for: the export falls back to `m365 request --body`.
        const withHeader = buildExportRequest(source(value, origin, { headers: { Prefer: 'IdType="ImmutableId"' } }));
        const [words] = shellWords(renderM365(withHeader), 'm365', env(value, origin), shell);
        assert.equal(words[0], 'request');
        const body = words[words.indexOf('--body') + 1];
        assert.equal(clientStateOf(JSON.parse(body)), value);
      });
    }

    test(`.http: ${title}`, () => {
      const text = renderHttpFile(request);
      let variables = env(value, origin);
      if (origin === 'environment') {
        // REST Client and httpYac insert a variable as is: the export says how to write it.
        assert.match(text, /GRAPH_CLIENT_STATE goes into the JSON body as is: write " as \\", \\ as \\\\ and a line break as \\n in it/);
        variables = { ...variables, GRAPH_CLIENT_STATE: JSON.stringify(value).slice(1, -1) };
      }
      assert.equal(clientStateOf(parseHttpFile(text, variables).body), value);
    });

    test(`PowerShell: ${title}`, () => {
      const text = renderPowerShell(request);
      const reader = new PowerShellReader(text, env(value, origin));
      reader.i = text.indexOf('$params = @{') + '$params = '.length;
      assert.equal(clientStateOf(reader.hashtable()), value);
    });

    test(`JavaScript SDK: ${title}`, async () => {
      const got = await runJavaScriptSnippet(renderJavaScript(request), env(value, origin));
      assert.equal(clientStateOf(got.body), value);
    });

    test(`C# SDK: ${title}`, () => {
      const text = renderCSharp(request);
      const at = text.indexOf('    ClientState = ');
      assert.ok(at >= 0, text);
      const start = at + '    ClientState = '.length;
      const fromEnv = 'Environment.GetEnvironmentVariable(';
      const got = text.startsWith(fromEnv, start) ? env(value, origin)[readCSharpString(text, start + fromEnv.length).value] : readCSharpString(text, start).value;
      assert.equal(got, value);
    });
  }
}

test('the shells that run the curl and m365 exports are here (bash at least)', () => {
  assert.ok(SHELLS.includes('bash'), `shells found: ${SHELLS.join(', ')}`);
});
