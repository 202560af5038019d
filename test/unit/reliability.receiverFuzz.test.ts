/**
 * Receiver fuzzing (issue 8, reliability): thousands of random and malformed requests against the
 * real receiver, bounded in count and in time. Every request gets the documented status of its
 * class, nothing crashes, and the receiver still answers a valid notification at the end.
 *
 * Reproducible: a seeded PRNG drives everything; the seed is printed (set GS_FUZZ_SEED to replay a
 * run, GS_FUZZ_REQUESTS to change the count).
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { seededRandom as prng } from '../../src/emulator/chaos';
import { NotificationHistory } from '../../src/notifications/history';
import { MAX_JSON_DEPTH, startReceiver } from '../../src/notifications/receiver';
import { createLogger, MemoryLogSink } from '../../src/util/logger';

type FuzzClass = 'bytes' | 'truncated' | 'nested' | 'huge' | 'method' | 'contentType' | 'handshake' | 'valid' | 'badHttp';

/** The documented answer of each class (receiver.ts header and CONTRIBUTING "Nothing a client sends can crash it"). */
const EXPECTED: Record<FuzzClass, number> = {
  bytes: 400,
  truncated: 400,
  nested: 400,
  huge: 413,
  method: 405,
  contentType: 415,
  handshake: 200,
  valid: 202,
  badHttp: 400,
};

// Relative weights: the expensive classes (huge bodies, raw sockets) are rarer.
const WEIGHTS: [FuzzClass, number][] = [
  ['bytes', 18],
  ['truncated', 16],
  ['nested', 8],
  ['huge', 3],
  ['method', 12],
  ['contentType', 12],
  ['handshake', 13],
  ['valid', 14],
  ['badHttp', 4],
];

const MAX_BODY = 64 * 1024;
const REQUESTS = Number(process.env.GS_FUZZ_REQUESTS ?? 5000);
const TIME_CAP_MS = 40_000;
const CONCURRENCY = 8;

interface Planned {
  cls: FuzzClass;
  method: string;
  path: string;
  headers: http.OutgoingHttpHeaders;
  body?: Buffer;
  /** For handshakes: the exact text to be echoed. */
  echo?: string;
  /** For badHttp: raw bytes written to a socket. */
  raw?: Buffer;
}

function plan(rand: () => number): Planned {
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const total = WEIGHTS.reduce((s, [, w]) => s + w, 0);
  let r = rand() * total;
  let cls: FuzzClass = 'valid';
  for (const [c, w] of WEIGHTS) {
    if ((r -= w) < 0) {
      cls = c;
      break;
    }
  }
  const paths = ['/notifications', '/lifecycle', '/notifications?tenant=contoso', '/', '/x/y'];
  const json = { 'content-type': pick(['application/json', 'application/json; charset=utf-8', 'Application/JSON', 'application/vnd.ms+json']) };
  const validBody = () => {
    const n = int(1, 5);
    return JSON.stringify({
      value: Array.from({ length: n }, (_, i) => ({
        subscriptionId: `sub-${int(0, 99)}`,
        subscriptionExpirationDateTime: '2030-01-01T00:00:00Z',
        changeType: pick(['created', 'updated', 'deleted']),
        resource: `me/messages/${i}-${int(0, 1e6)}`,
        tenantId: 't',
        ...(rand() < 0.3 ? { clientState: `cs-${int(0, 1e9)}` } : {}),
        ...(rand() < 0.2 ? { lifecycleEvent: 'missed' } : {}),
      })),
      ...(rand() < 0.2 ? { validationTokens: [`eyJ${int(1e6, 9e6)}.eyJ${int(1e6, 9e6)}.sig`] } : {}),
    });
  };
  switch (cls) {
    case 'bytes': {
      const len = int(1, 4096);
      const body = Buffer.alloc(len);
      for (let i = 0; i < len; i++) body[i] = int(0, 255);
      // A leading byte that can never start a JSON text keeps the class honest (no accidental "1").
      body[0] = pick([0x00, 0xff, 0x7e, 0x3c, 0x29]);
      return { cls, method: 'POST', path: pick(paths), headers: json, body };
    }
    case 'truncated': {
      const full = validBody();
      const cut = int(1, full.length - 1);
      return { cls, method: 'POST', path: pick(paths), headers: json, body: Buffer.from(full.slice(0, cut)) };
    }
    case 'nested': {
      const [open, close] = rand() < 0.5 ? ['[', ']'] : ['{"a":', '}'];
      // As deep as fits under the body cap (a 413 would hide the nesting check).
      const deepest = Math.floor((MAX_BODY - 100) / (open.length + close.length));
      const depth = int(MAX_JSON_DEPTH + 1, pick([1_000, 5_000, deepest]));
      const inner = open.repeat(depth) + (open === '[' ? '' : '1') + close.repeat(depth);
      // Inside a valid envelope (the dangerous case: it parses) or as the whole body.
      const text = rand() < 0.7 ? `{"value":[{"subscriptionId":"s","resourceData":${inner}}]}` : inner;
      return { cls, method: 'POST', path: pick(paths), headers: json, body: Buffer.from(text) };
    }
    case 'huge': {
      const len = int(MAX_BODY + 1, 8 * MAX_BODY);
      const body = Buffer.alloc(len, 0x20);
      Buffer.from('{"value":[').copy(body);
      // Half declare their length (refused before reading), half are chunked (refused while reading).
      const headers: http.OutgoingHttpHeaders = { ...json, ...(rand() < 0.5 ? { 'transfer-encoding': 'chunked' } : {}) };
      return { cls, method: 'POST', path: pick(paths), headers, body };
    }
    case 'method': {
      const method = pick(['GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'PROPFIND', 'TRACE']);
      const body = method === 'GET' || method === 'HEAD' || method === 'TRACE' ? undefined : Buffer.from(validBody());
      return { cls, method, path: pick(paths), headers: json, body };
    }
    case 'contentType': {
      const ct = pick(['text/plain', 'application/xml', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded', 'jsonp', '', undefined]);
      const headers: http.OutgoingHttpHeaders = ct === undefined ? {} : { 'content-type': ct };
      return { cls, method: 'POST', path: pick(paths), headers, body: Buffer.from(validBody()) };
    }
    case 'handshake': {
      const len = int(1, 300);
      let token = '';
      for (let i = 0; i < len; i++) {
        const k = rand();
        token += k < 0.6 ? String.fromCharCode(int(0x20, 0x7e)) : k < 0.9 ? String.fromCharCode(int(0xa0, 0x2fff)) : pick(['+', '&', '=', '%', '#', '?', ' ', 'é', '🙂']);
      }
      const base = pick(['/notifications', '/lifecycle']);
      return {
        cls,
        method: rand() < 0.85 ? 'POST' : 'GET',
        path: `${base}?validationToken=${encodeURIComponent(token)}`,
        headers: { 'content-type': 'text/plain; charset=utf-8' },
        body: Buffer.alloc(0),
        echo: token,
      };
    }
    case 'valid':
      return { cls, method: 'POST', path: pick(['/notifications', '/lifecycle']), headers: json, body: Buffer.from(validBody()) };
    case 'badHttp': {
      const garbage = pick([
        'GARBAGE\r\n\r\n',
        'POST /notifications HTTP/9.9\r\n\r\n',
        'POST /notifications HTTP/1.1\r\nContent-Length: abc\r\n\r\n',
        'POST /notifications HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n',
        `POST /notifications HTTP/1.1\r\nX: ${'a'.repeat(20_000)}\r\n\r\n`,
        '\x00\x01\x02\x03\r\n\r\n',
      ]);
      return { cls, method: '-', path: '-', headers: {}, raw: Buffer.from(garbage, 'latin1') };
    }
  }
}

interface Outcome {
  status: number;
  body: string;
}

function send(port: number, agent: http.Agent, p: Planned): Promise<Outcome> {
  const raw = p.raw;
  if (raw) {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () => socket.end(raw));
      const chunks: Buffer[] = [];
      socket.on('data', (c: Buffer) => chunks.push(c));
      socket.on('error', reject);
      socket.on('close', () => {
        const text = Buffer.concat(chunks).toString('latin1');
        const m = /^HTTP\/1\.1 (\d{3})/.exec(text);
        resolve({ status: m ? Number(m[1]) : 0, body: text });
      });
      socket.setTimeout(10_000, () => socket.destroy(new Error('raw socket timed out')));
    });
  }
  return new Promise((resolve, reject) => {
    let settled = false;
    const req = http.request({ host: '127.0.0.1', port, method: p.method, path: p.path, headers: p.headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        settled = true;
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') });
      });
      res.on('error', (e) => {
        if (!settled) reject(e);
      });
    });
    // A 413 may close the socket while we are still writing: the answer already arrived then.
    req.on('error', (e) => {
      if (!settled) reject(e);
    });
    req.setTimeout(15_000, () => req.destroy(new Error('request timed out')));
    req.end(p.body);
  });
}

test('receiver fuzzing: every class gets its documented status, nothing crashes', async (t) => {
  const seed = Number(process.env.GS_FUZZ_SEED ?? (Date.now() % 2 ** 31));
  const rand = prng(seed);
  console.log(`# fuzz seed ${seed} (GS_FUZZ_SEED=${seed} replays this run), ${REQUESTS} requests, cap ${TIME_CAP_MS / 1000} s`);

  const crashes: unknown[] = [];
  const onCrash = (e: unknown) => crashes.push(e);
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);
  t.after(() => {
    process.off('uncaughtException', onCrash);
    process.off('unhandledRejection', onCrash);
  });

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gs-fuzz-'));
  const history = new NotificationHistory({ dir, maxBytes: 256 * 1024 * 1024 });
  const sink = new MemoryLogSink();
  let accepted = 0;
  const receiver = await startReceiver({ history, maxBodyBytes: MAX_BODY, log: createLogger(sink), onNotification: () => void accepted++ });
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  t.after(async () => {
    agent.destroy();
    await receiver.close();
    await history.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const perClass = new Map<FuzzClass, { sent: number; ok: number }>();
  const mismatches: string[] = [];
  const started = Date.now();
  let next = 0;
  let issued = 0;
  const worker = async () => {
    while (next < REQUESTS && Date.now() - started < TIME_CAP_MS) {
      next++;
      const p = plan(rand);
      issued++;
      const stats = perClass.get(p.cls) ?? { sent: 0, ok: 0 };
      perClass.set(p.cls, stats);
      stats.sent++;
      let outcome: Outcome;
      try {
        outcome = await send(receiver.port, agent, p);
      } catch (error) {
        mismatches.push(`${p.cls} ${p.method} ${p.path.slice(0, 60)}: no answer (${(error as Error).message})`);
        continue;
      }
      const echoOk = p.echo === undefined || outcome.body === p.echo;
      if (outcome.status === EXPECTED[p.cls] && echoOk) stats.ok++;
      else mismatches.push(`${p.cls} ${p.method} ${p.path.slice(0, 60)}: ${outcome.status}${echoOk ? '' : ' (echo differs)'}, expected ${EXPECTED[p.cls]}`);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const elapsed = Date.now() - started;

  // Still alive and still correct afterwards.
  const after = await send(receiver.port, agent, {
    cls: 'valid',
    method: 'POST',
    path: '/notifications',
    headers: { 'content-type': 'application/json' },
    body: Buffer.from(JSON.stringify({ value: [{ subscriptionId: 'after-fuzz', changeType: 'created', resource: 'me/messages/1' }] })),
  });
  await history.flushed();

  const table = [...perClass.entries()].sort().map(([c, s]) => `${c} ${s.ok}/${s.sent} → ${EXPECTED[c]}`).join(', ');
  console.log(`# fuzzed ${issued} requests in ${(elapsed / 1000).toFixed(1)} s: ${table}`);

  assert.deepEqual(crashes, [], 'no uncaught exception or unhandled rejection');
  assert.deepEqual(mismatches.slice(0, 20), [], `${mismatches.length} requests got another status than their class documents`);
  assert.ok(issued >= Math.min(REQUESTS, 1000), `at least 1000 requests within the time cap (sent ${issued})`);
  for (const [cls] of WEIGHTS) assert.ok((perClass.get(cls)?.sent ?? 0) > 0, `class ${cls} was exercised`);
  assert.equal(after.status, 202, 'the receiver still accepts a valid notification after the fuzzing');

  // What was accepted is exactly what was persisted as notifications.
  const received = fs
    .readdirSync(dir)
    .flatMap((f) => fs.readFileSync(path.join(dir, f), 'utf8').split('\n'))
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { type: string; kind?: string })
    .filter((r) => r.type === 'received' && r.kind !== 'rejected').length;
  const valid = (perClass.get('valid')?.ok ?? 0) + 1;
  assert.equal(received, valid, 'one history record per 202');
  await new Promise((r) => setImmediate(r));
  assert.equal(accepted, valid, 'every 202 was handed to processing');
});
