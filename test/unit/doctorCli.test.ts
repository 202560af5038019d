/** `graph-subscriptions-emulator doctor`: exit codes, report files (JUnit for CI, JSON, Markdown). */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as http from 'node:http';
import { runCli } from '../../src/emulator/cli';
import { correct, serve } from '../fixtures/brokenReceivers';

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (t: string) => void out.push(t), err: (t: string) => void err.push(t) } };
}

test('doctor: exit 1 and a JUnit failure typed with the failure kind for a receiver behind a 401', async () => {
  const server = await serve((_req, res) => void res.writeHead(401).end());
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gs-doctor-cli-'));
  try {
    const file = path.join(dir, 'doctor.xml');
    const c = io();
    const { code } = await runCli(['doctor', '--url', server.url, '--report', 'junit', '--out', file, '--deliveries', '2'], c.io);
    assert.equal(code, 1);
    const xml = fs.readFileSync(file, 'utf8');
    assert.match(xml, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites /);
    assert.match(xml, /<testcase classname="graph.doctor.handshake" name="handshake.notificationUrl: [^"]+" time="[\d.]+">\n\s*<failure message="[^"]*authentication wall[^"]*" type="authWall">/);
    const failures = Number(/<testsuite [^>]*failures="(\d+)"/.exec(xml)?.[1]);
    assert.equal(failures, (xml.match(/<failure /g) ?? []).length);
    assert.ok(failures >= 1);
    assert.match(c.out.join('\n'), /FAIL handshake.notificationUrl \[authWall\]/);
  } finally {
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('doctor: exit 0 for a correct receiver; --report json prints the report on stdout', async () => {
  const server = await serve(correct());
  try {
    const c = io();
    const { code } = await runCli(['doctor', '--url', server.url, '--lifecycle-url', server.url, '--report', 'json', '--deliveries', '3'], c.io);
    assert.equal(code, 0, c.out.join('\n'));
    const report = JSON.parse(c.out.join('\n')) as { summary: { failed: number; passed: number }; checks: { id: string }[] };
    assert.equal(report.summary.failed, 0);
    assert.ok(report.checks.some((k) => k.id === 'lifecycle.reauthorizationRequired'));
  } finally {
    await server.close();
  }
});

test('doctor: usage errors exit 2 and name the option', async () => {
  const cases: [string[], RegExp][] = [
    [['doctor'], /needs --url/],
    [['doctor', '--url', 'not a url'], /--url is not a URL/],
    [['doctor', '--url', 'ftp://x.test/'], /--url must be an http\(s\) URL/],
    [['doctor', '--url', 'http://127.0.0.1:1/', '--report', 'xml'], /--report must be md, json or junit/],
    [['doctor', '--url', 'http://127.0.0.1:1/', '--certificate', '/nonexistent/cert.pem'], /--certificate: cannot read/],
  ];
  for (const [argv, message] of cases) {
    const c = io();
    assert.equal((await runCli(argv, c.io)).code, 2, argv.join(' '));
    assert.match(c.err.join('\n'), message);
  }
});

test('doctor --wait: waits for an app that starts listening late, and gives up with exit 1 when none does', async () => {
  // Reserve a port, free it, start the app there a little later.
  const probe = await serve(correct());
  const url = probe.url;
  await probe.close();
  const port = Number(new URL(url).port);
  const late = http.createServer((req, res) => {
    const token = new URLSearchParams((req.url ?? '').split('?')[1] ?? '').get('validationToken');
    req.resume();
    req.on('end', () => (token !== null ? res.writeHead(200, { 'content-type': 'text/plain' }).end(token) : res.writeHead(202).end()));
  });
  const timer = setTimeout(() => late.listen(port, '127.0.0.1'), 1200);
  try {
    const c = io();
    const { code } = await runCli(['doctor', '--url', url, '--wait', '20', '--deliveries', '2'], c.io);
    assert.equal(code, 0, c.out.join('\n') + c.err.join('\n'));
  } finally {
    clearTimeout(timer);
    late.closeAllConnections();
    await new Promise<void>((r) => late.close(() => r()));
  }
  const c = io();
  assert.equal((await runCli(['doctor', '--url', url, '--wait', '1'], c.io)).code, 1);
  assert.match(c.err.join('\n'), /Nothing accepted connections .* within 1 s/);
});
