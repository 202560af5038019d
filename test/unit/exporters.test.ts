/**
 * Exporters, table-driven over drafts with nasty strings: each export is read back by a reader of
 * its language (bash itself for curl and m365, a strict .http reader, a PowerShell literal reader,
 * a C# literal reader, the JavaScript engine with a recording Graph client) and must give the same
 * method, URL, headers and body; secrets are never in the text unless asked for.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildExportRequest, EXPORT_FORMATS, SecretRef, type ExportRequest, type ExportSource } from '../../src/export';
import { renderHttpFile } from '../../src/export/httpFile';
import { renderCurl } from '../../src/export/curl';
import { renderPowerShell } from '../../src/export/powershell';
import { renderM365 } from '../../src/export/m365';
import { renderJavaScript } from '../../src/export/javascriptSdk';
import { renderCSharp } from '../../src/export/csharpSdk';
import { parseCurlWords, parseHttpFile, PowerShellReader, readCSharpString, runJavaScriptSnippet, shellWords, type ParsedRequest } from './export/parsers';

const NASTY = `it's "quoted" $HOME \`whoami\` $(id) {{token}} ’curly’ ‘left’ ‚low‛ back\\slash #hash\nnew line\ttab \u2028LS \u0085NEL 🎉`;
const ENV = { GRAPH_TOKEN: 'tok-123', GRAPH_CLIENT_STATE: "env state with 'single' $dollar `tick` {{x}}" };
const GLOBAL = 'https://graph.microsoft.com';

interface Case {
  name: string;
  source: ExportSource;
}

const CASES: Case[] = [
  {
    name: 'plain create',
    source: {
      operation: 'create',
      graphEndpoint: GLOBAL,
      includeSecrets: false,
      properties: { changeType: 'created,updated', notificationUrl: 'https://example.com/api/notify?x=1&y=$z', resource: "me/mailFolders('Inbox')/messages", expirationDateTime: '2030-01-01T00:00:00.0000000Z' },
    },
  },
  {
    name: 'clientState as a placeholder, Prefer headers, read-only and null properties dropped',
    source: {
      operation: 'create',
      graphEndpoint: GLOBAL,
      includeSecrets: false,
      headers: { Prefer: 'IdType="ImmutableId"', 'Client-Request-Id': "a'b$c" },
      properties: { id: 'x', applicationId: 'y', creatorId: 'z', '@odata.context': 'c', '@requestHeaders': { Prefer: 'x' }, changeType: 'created', notificationUrl: 'https://e.com/n', resource: 'me/messages', expirationDateTime: '2030-01-01T00:00:00Z', clientState: 'never-in-the-text', notificationQueryOptions: null },
    },
  },
  {
    name: 'nasty strings everywhere, clientState included on request',
    source: {
      operation: 'create',
      graphEndpoint: GLOBAL,
      includeSecrets: true,
      note: `a note that stays a comment:${NASTY}`,
      properties: { changeType: 'updated', notificationUrl: 'https://e.com/n', resource: 'users', expirationDateTime: '2030-01-01T00:00:00Z', clientState: NASTY, notificationUrlAppId: NASTY, lifecycleNotificationUrl: 'https://e.com/l?a={{b}}' },
    },
  },
  {
    name: 'rich notifications in a national cloud with an unknown nested property',
    source: {
      operation: 'create',
      graphEndpoint: 'https://graph.microsoft.us',
      includeSecrets: false,
      knownClientState: 'remembered',
      properties: {
        changeType: 'created',
        notificationUrl: 'https://e.com/n',
        resource: "teams/getAllMessages?$filter=contains(body/content, 'x')",
        expirationDateTime: '2030-01-01T00:00:00Z',
        includeResourceData: true,
        encryptionCertificate: 'MIIB+/=',
        encryptionCertificateId: 'cert-1',
        latestSupportedTlsVersion: 'v1_2',
        notificationContentType: 'application/json',
        customThing: { list: [1, 2.5, 'three', false, null], nested: { q: NASTY } },
      },
    },
  },
  {
    name: 'update draft: only changed PATCH properties',
    source: {
      operation: 'update',
      subscriptionId: '7f105c7d-2dc5-4530-97cd-4e7ae6534c07',
      graphEndpoint: 'https://microsoftgraph.chinacloudapi.cn',
      includeSecrets: false,
      original: { notificationUrl: 'https://e.com/n', expirationDateTime: '2030-01-01T00:00:00Z' },
      properties: { notificationUrl: 'https://e.com/n', expirationDateTime: '2030-01-02T00:00:00Z', resource: 'ignored', clientState: 'ignored' },
    },
  },
];

/** What the request must be once the environment is applied. */
function expected(request: ExportRequest): ParsedRequest {
  const body: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(request.body)) body[k] = v instanceof SecretRef ? ENV[v.envVar as keyof typeof ENV] : v;
  const base = `${request.graphEndpoint}/v1.0/subscriptions`;
  return {
    method: request.operation === 'update' ? 'PATCH' : 'POST',
    url: request.operation === 'update' ? `${base}/${request.subscriptionId}` : base,
    headers: request.headers,
    body,
  };
}

function withoutAuth(headers: Record<string, string>): Record<string, string> {
  const out = { ...headers };
  delete out.Authorization;
  delete out['Content-Type'];
  return out;
}

test('buildExportRequest: create drops server-assigned, OData and null properties; clientState becomes a placeholder unless asked', () => {
  const r = buildExportRequest(CASES[1].source);
  assert.deepEqual(Object.keys(r.body), ['changeType', 'notificationUrl', 'resource', 'expirationDateTime', 'clientState']);
  assert.ok(r.body.clientState instanceof SecretRef);
  const inlined = buildExportRequest({ ...CASES[1].source, includeSecrets: true });
  assert.equal(inlined.body.clientState, 'never-in-the-text');
  // A listed subscription hides its clientState: the remembered one tells there is one.
  const listed = buildExportRequest(CASES[3].source);
  assert.ok(listed.body.clientState instanceof SecretRef);
  assert.equal(buildExportRequest({ ...CASES[3].source, includeSecrets: true }).body.clientState, 'remembered');
});

test('buildExportRequest: an update draft exports the PATCH of what changed', () => {
  const r = buildExportRequest(CASES[4].source);
  assert.deepEqual(r.body, { expirationDateTime: '2030-01-02T00:00:00Z' });
});

for (const c of CASES) {
  const request = buildExportRequest(c.source);
  const want = expected(request);

  test(`.http round trip: ${c.name}`, () => {
    const text = renderHttpFile(request);
    const got = parseHttpFile(text, ENV);
    assert.equal(got.method, want.method);
    assert.equal(got.url, want.url);
    assert.equal(got.headers.Authorization, `Bearer ${ENV.GRAPH_TOKEN}`);
    assert.equal(got.headers['Content-Type'], 'application/json');
    assert.deepEqual(withoutAuth(got.headers), want.headers);
    assert.deepEqual(got.body, want.body);
  });

  test(`curl round trip through bash: ${c.name}`, () => {
    const text = renderCurl(request);
    const calls = shellWords(text, 'curl', ENV);
    assert.equal(calls.length, 1);
    const got = parseCurlWords(calls[0]);
    assert.equal(got.method, want.method);
    assert.equal(got.url, want.url);
    assert.equal(got.headers.Authorization, `Bearer ${ENV.GRAPH_TOKEN}`);
    assert.deepEqual(withoutAuth(got.headers), want.headers);
    assert.deepEqual(got.body, want.body);
  });

  test(`m365 round trip through bash: ${c.name}`, () => {
    const text = renderM365(request);
    const [words] = shellWords(text, 'm365', ENV);
    if (words[0] === 'graph') {
      assert.deepEqual(words.slice(0, 3), ['graph', 'subscription', 'add']);
      const options: Record<string, string | true> = {};
      for (let i = 3; i < words.length; i++) {
        assert.match(words[i], /^--/);
        if (words[i] === '--withResourceData') options.withResourceData = true;
        else options[words[i].slice(2)] = words[++i];
      }
      const back: Record<string, unknown> = {};
      const names: Record<string, string> = { changeTypes: 'changeType', latestTLSVersion: 'latestSupportedTlsVersion', withResourceData: 'includeResourceData' };
      for (const [k, v] of Object.entries(options)) back[names[k] ?? k] = v;
      const wantBody = Object.fromEntries(Object.entries(want.body as Record<string, unknown>).filter(([k, v]) => !(k === 'includeResourceData' && v === false)));
      assert.deepEqual(back, wantBody);
      assert.equal(request.operation, 'create');
      assert.deepEqual(request.headers, {});
    } else {
      assert.equal(words[0], 'request');
      const options: Record<string, string> = {};
      for (let i = 1; i < words.length; i += 2) options[words[i].replace(/^--/, '')] = words[i + 1];
      assert.equal(options.method, want.method.toLowerCase());
      assert.equal(options.url.replace(/^@graph/, 'https://graph.microsoft.com/v1.0'), want.url);
      assert.equal(options['content-type'], 'application/json');
      for (const [n, v] of Object.entries(want.headers)) assert.equal(options[n.toLowerCase()], v);
      assert.deepEqual(JSON.parse(options.body), want.body);
    }
  });

  test(`PowerShell: every property with PowerShell quoting: ${c.name}`, () => {
    const text = renderPowerShell(request);
    const start = text.indexOf('$params = @{');
    assert.ok(start >= 0, text);
    const reader = new PowerShellReader(text, ENV);
    reader.i = start + '$params = '.length;
    assert.deepEqual(reader.hashtable(), want.body);
    const call = text.slice(reader.i).trim();
    if (request.operation === 'update') assert.ok(call.startsWith(`Update-MgSubscription -SubscriptionId '${request.subscriptionId}' -BodyParameter $params`), call);
    else assert.ok(call.startsWith('New-MgSubscription -BodyParameter $params'), call);
    const h = call.indexOf('-Headers ');
    if (Object.keys(want.headers).length === 0) assert.equal(h, -1);
    else {
      const hr = new PowerShellReader(call, ENV);
      hr.i = h + '-Headers '.length;
      assert.deepEqual(hr.hashtable(), want.headers);
    }
    if (request.graphEndpoint.endsWith('.us')) assert.match(text, /Connect-MgGraph -Environment USGov /);
    if (request.graphEndpoint.endsWith('.cn')) assert.match(text, /Connect-MgGraph -Environment China /);
  });

  test(`JavaScript SDK snippet runs with a recording client: ${c.name}`, async () => {
    const got = await runJavaScriptSnippet(renderJavaScript(request), ENV);
    assert.equal(got.method, want.method);
    assert.equal(`${request.graphEndpoint}/v1.0${got.path}`, want.url);
    assert.deepEqual(got.headers, want.headers);
    assert.deepEqual(got.body, want.body);
    const baseUrl = (got.options as { baseUrl?: string }).baseUrl;
    assert.equal(baseUrl, request.graphEndpoint === GLOBAL ? undefined : `${request.graphEndpoint}/`);
  });

  test(`C# SDK snippet: every property with C# escaping: ${c.name}`, () => {
    const text = renderCSharp(request);
    const members: Record<string, string> = {
      ChangeType: 'changeType', NotificationUrl: 'notificationUrl', Resource: 'resource', ExpirationDateTime: 'expirationDateTime', ClientState: 'clientState',
      LifecycleNotificationUrl: 'lifecycleNotificationUrl', IncludeResourceData: 'includeResourceData', EncryptionCertificate: 'encryptionCertificate',
      EncryptionCertificateId: 'encryptionCertificateId', LatestSupportedTlsVersion: 'latestSupportedTlsVersion', NotificationQueryOptions: 'notificationQueryOptions', NotificationUrlAppId: 'notificationUrlAppId',
    };
    const literalAt = (i: number): { value: unknown; end: number } => {
      const rest = text.slice(i);
      if (rest.startsWith('"')) return readCSharpString(text, i);
      const env = /^Environment\.GetEnvironmentVariable\(/.exec(rest);
      if (env) {
        const s = readCSharpString(text, i + env[0].length);
        return { value: ENV[s.value as keyof typeof ENV], end: s.end + 1 };
      }
      const date = /^DateTimeOffset\.Parse\(/.exec(rest);
      if (date) {
        const s = readCSharpString(text, i + date[0].length);
        assert.ok(text.startsWith(', System.Globalization.CultureInfo.InvariantCulture)', s.end));
        return { value: s.value, end: s.end + ', System.Globalization.CultureInfo.InvariantCulture)'.length };
      }
      const json = /^System\.Text\.Json\.JsonDocument\.Parse\(/.exec(rest);
      if (json) {
        const s = readCSharpString(text, i + json[0].length);
        return { value: JSON.parse(s.value), end: s.end + ').RootElement'.length };
      }
      const simple = /^(true|false|null|-?\d+(?:\.\d+)?d?)/.exec(rest);
      assert.ok(simple, `unknown C# literal at ${rest.slice(0, 40)}`);
      const v = simple[1];
      return { value: v === 'true' ? true : v === 'false' ? false : v === 'null' ? null : Number(v.replace(/d$/, '')), end: i + v.length };
    };
    const body: Record<string, unknown> = {};
    let i = text.indexOf('new Subscription\n{\n') + 'new Subscription\n{\n'.length;
    for (;;) {
      const line = /^ {4}(\w+) = /.exec(text.slice(i));
      if (!line) break;
      if (line[1] === 'AdditionalData') {
        i = text.indexOf('{\n', i + line[0].length) + 2;
        for (;;) {
          const entry = /^ {8}\{ /.exec(text.slice(i));
          if (!entry) break;
          const k = readCSharpString(text, i + entry[0].length);
          assert.equal(text.slice(k.end, k.end + 2), ', ');
          const v = literalAt(k.end + 2);
          body[k.value] = v.value;
          assert.equal(text.slice(v.end, v.end + 4), ' },\n');
          i = v.end + 4;
        }
        assert.equal(text.slice(i, i + 7), '    },\n');
        i += 7;
        continue;
      }
      const v = literalAt(i + line[0].length);
      body[members[line[1]]] = v.value;
      assert.equal(text.slice(v.end, v.end + 2), ',\n');
      i = v.end + 2;
    }
    assert.equal(text.slice(i, i + 3), '};\n');
    assert.deepEqual(body, want.body);
    const headers: Record<string, string> = {};
    for (const m of text.matchAll(/requestConfiguration\.Headers\.Add\(/g)) {
      const n = readCSharpString(text, m.index + m[0].length);
      const v = readCSharpString(text, n.end + 2);
      headers[n.value] = v.value;
    }
    assert.deepEqual(headers, want.headers);
    if (request.operation === 'update') assert.ok(text.includes(`graphClient.Subscriptions["${request.subscriptionId}"].PatchAsync(requestBody`));
    else assert.ok(text.includes('graphClient.Subscriptions.PostAsync(requestBody'));
  });

  test(`no format inlines a secret that was not asked for: ${c.name}`, () => {
    for (const format of EXPORT_FORMATS) {
      const text = format.render(request);
      if (!c.source.includeSecrets) {
        assert.ok(!text.includes('never-in-the-text'), `${format.id} inlined the clientState`);
        assert.ok(!text.includes('remembered'), `${format.id} inlined the remembered clientState`);
      }
      assert.ok(!text.includes(ENV.GRAPH_TOKEN), `${format.id} holds a token`);
    }
  });
}

test('a header value with a line break is refused by every format', () => {
  const request = buildExportRequest({ ...CASES[0].source, headers: { Prefer: 'a\r\nX-Evil: 1' } });
  for (const format of EXPORT_FORMATS) assert.throws(() => format.render(request), /line break/, format.id);
});
