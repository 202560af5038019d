// The packaging check (scripts/packaging/*.js, run by `npm run package:check` on every VSIX):
// binary headers are read right, @ngrok/ngrok's real index.js finds the staged platform package
// on each Marketplace target, and a VSIX with a wrong binary, a leaked source or map, a stray
// dependency or an oversized file is rejected.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

interface BinaryInfo {
  format: 'pe' | 'macho' | 'elf' | 'unknown';
  machine: string;
  libc?: string;
  detail: string;
}
interface PackagingTarget {
  target: string;
  platform: string;
  arch: 'x64' | 'arm64';
  libc?: 'glibc' | 'musl';
  ngrokPackage: string;
  binary: string;
  format: 'pe' | 'macho' | 'elf';
}
type Expected = PackagingTarget | 'universal';
interface CheckInput {
  file: string;
  size: number;
  entries: Map<string, Buffer>;
  expected: Expected;
}

/* eslint-disable @typescript-eslint/no-require-imports -- the packaging scripts are plain Node JS */
const { identifyBinary } = require(path.join(REPO_ROOT, 'scripts/packaging/nativeBinary.js')) as { identifyBinary(buf: Buffer): BinaryInfo };
const { TARGETS, NGROK_VERSION } = require(path.join(REPO_ROOT, 'scripts/packaging/targets.js')) as { TARGETS: PackagingTarget[]; NGROK_VERSION: string };
const { checkVsix, simulateNgrokLoad, BUDGET } = require(path.join(REPO_ROOT, 'scripts/packaging/checkVsix.js')) as {
  checkVsix(input: CheckInput): { problems: string[] };
  simulateNgrokLoad(entries: Map<string, Buffer>, target: PackagingTarget): { loaded?: string; error?: string };
  BUDGET: { targeted: number; universal: number };
};
/* eslint-enable @typescript-eslint/no-require-imports */

// ── synthetic native headers ──────────────────────────────────────────────────────────────────
function pe(machine: number): Buffer {
  const b = Buffer.alloc(256);
  b.write('MZ', 0, 'latin1');
  b.writeUInt32LE(0x80, 0x3c);
  b.writeUInt32BE(0x50450000, 0x80);
  b.writeUInt16LE(machine, 0x84);
  return b;
}
function macho(cpu: number): Buffer {
  const b = Buffer.alloc(64);
  b.writeUInt32LE(0xfeedfacf, 0);
  b.writeUInt32LE(cpu, 4);
  return b;
}
/** A 64-bit little-endian ELF with a .dynamic section whose DT_NEEDED entries name `needed`. */
function elf(machine: number, needed: string[]): Buffer {
  const strtab = Buffer.from(`\0${needed.join('\0')}\0`, 'latin1');
  const dyn = Buffer.alloc(16 * (needed.length + 1));
  let off = 1;
  needed.forEach((n, i) => {
    dyn.writeBigUInt64LE(1n, i * 16); // DT_NEEDED
    dyn.writeBigUInt64LE(BigInt(off), i * 16 + 8);
    off += n.length + 1;
  });
  const strOff = 64;
  const dynOff = strOff + strtab.length;
  const shOff = dynOff + dyn.length;
  const sections = Buffer.alloc(64 * 3);
  sections.writeUInt32LE(3, 64 + 4); // [1] SHT_STRTAB
  sections.writeBigUInt64LE(BigInt(strOff), 64 + 0x18);
  sections.writeBigUInt64LE(BigInt(strtab.length), 64 + 0x20);
  sections.writeUInt32LE(6, 128 + 4); // [2] SHT_DYNAMIC, sh_link → [1]
  sections.writeBigUInt64LE(BigInt(dynOff), 128 + 0x18);
  sections.writeBigUInt64LE(BigInt(dyn.length), 128 + 0x20);
  sections.writeUInt32LE(1, 128 + 0x28);
  const header = Buffer.alloc(64);
  header.writeUInt32BE(0x7f454c46, 0);
  header[4] = 2; // ELFCLASS64
  header[5] = 1; // little-endian
  header.writeUInt16LE(3, 16); // ET_DYN
  header.writeUInt16LE(machine, 18);
  header.writeBigUInt64LE(BigInt(shOff), 0x28);
  header.writeUInt16LE(64, 0x3a);
  header.writeUInt16LE(3, 0x3c);
  return Buffer.concat([header, strtab, dyn, sections]);
}

const GLIBC = ['libgcc_s.so.1', 'libm.so.6', 'libc.so.6'];
const MUSL_X64 = ['libgcc_s.so.1', 'libc.musl-x86_64.so.1'];

/** A binary of the right kind for each target. */
function binaryFor(t: PackagingTarget): Buffer {
  if (t.format === 'pe') return pe(t.arch === 'x64' ? 0x8664 : 0xaa64);
  if (t.format === 'macho') return macho(t.arch === 'x64' ? 0x01000007 : 0x0100000c);
  return elf(t.arch === 'x64' ? 62 : 183, t.libc === 'musl' ? MUSL_X64 : GLIBC);
}

test('identifyBinary reads format, machine and C library from native headers', () => {
  const rows: [string, Buffer, Partial<BinaryInfo>][] = [
    ['PE x64', pe(0x8664), { format: 'pe', machine: 'x64' }],
    ['PE arm64', pe(0xaa64), { format: 'pe', machine: 'arm64' }],
    ['PE ia32', pe(0x14c), { format: 'pe', machine: 'ia32' }],
    ['Mach-O x64', macho(0x01000007), { format: 'macho', machine: 'x64' }],
    ['Mach-O arm64', macho(0x0100000c), { format: 'macho', machine: 'arm64' }],
    ['ELF x64 glibc', elf(62, GLIBC), { format: 'elf', machine: 'x64', libc: 'glibc' }],
    ['ELF arm64 glibc', elf(183, GLIBC), { format: 'elf', machine: 'arm64', libc: 'glibc' }],
    ['ELF x64 musl', elf(62, MUSL_X64), { format: 'elf', machine: 'x64', libc: 'musl' }],
    ['ELF arm64 musl (libc.so)', elf(183, ['libc.so']), { format: 'elf', machine: 'arm64', libc: 'musl' }],
    ['text file', Buffer.from('#!/usr/bin/env node\nconsole.log(1)\n'.padEnd(80)), { format: 'unknown' }],
  ];
  for (const [name, buf, want] of rows) {
    const got = identifyBinary(buf);
    for (const [k, v] of Object.entries(want)) assert.equal(got[k as keyof BinaryInfo], v, `${name}: ${k} (${got.detail})`);
  }
});

test('identifyBinary reads the real ngrok binary installed for this machine', { skip: !fs.existsSync(path.join(REPO_ROOT, 'node_modules/@ngrok/ngrok-linux-x64-gnu')) && 'no linux-x64-gnu package installed' }, () => {
  const buf = fs.readFileSync(path.join(REPO_ROOT, 'node_modules/@ngrok/ngrok-linux-x64-gnu/ngrok.linux-x64-gnu.node'));
  assert.deepEqual([identifyBinary(buf).format, identifyBinary(buf).machine, identifyBinary(buf).libc], ['elf', 'x64', 'glibc']);
});

// ── VSIX entries ──────────────────────────────────────────────────────────────────────────────
const NGROK_INDEX = fs.readFileSync(path.join(REPO_ROOT, 'node_modules/@ngrok/ngrok/index.js'));

function manifestXml(target?: string): Buffer {
  return Buffer.from(`<?xml version="1.0"?><PackageManifest><Metadata><Identity Language="en-US" Id="graph-subscriptions" Version="0.1.0" Publisher="graph-subscriptions"${target ? ` TargetPlatform="${target}"` : ''}/></Metadata></PackageManifest>`);
}

function baseEntries(target?: string): Map<string, Buffer> {
  return new Map<string, Buffer>([
    ['extension.vsixmanifest', manifestXml(target)],
    ['extension/package.json', Buffer.from(JSON.stringify({ name: 'graph-subscriptions', version: '0.1.0' }))],
    ['extension/readme.md', Buffer.from('# readme')],
    ['extension/changelog.md', Buffer.from('# changes')],
    ['extension/LICENSE.txt', Buffer.from('MIT')],
    ['extension/dist/extension.js', Buffer.from('"use strict";')],
    ['extension/dist/emulator-cli.js', Buffer.from('#!/usr/bin/env node')],
    ['extension/media/icon.png', Buffer.from('png')],
  ]);
}

/** What scripts/package-all.js stages for a target: the loader and exactly one platform package. */
function targetedEntries(t: PackagingTarget, binary = binaryFor(t)): Map<string, Buffer> {
  const e = baseEntries(t.target);
  e.set('extension/node_modules/@ngrok/ngrok/package.json', Buffer.from(JSON.stringify({ name: '@ngrok/ngrok', version: NGROK_VERSION, main: 'index.js' })));
  e.set('extension/node_modules/@ngrok/ngrok/index.js', NGROK_INDEX);
  e.set(`extension/node_modules/${t.ngrokPackage}/package.json`, Buffer.from(JSON.stringify({ name: t.ngrokPackage, version: NGROK_VERSION, main: t.binary })));
  e.set(`extension/node_modules/${t.ngrokPackage}/${t.binary}`, binary);
  return e;
}

function problemsOf(entries: Map<string, Buffer>, expected: Expected, size = 4 * 1024 * 1024): string[] {
  return checkVsix({ file: 'x.vsix', size, entries, expected }).problems;
}

test('each Marketplace target: @ngrok/ngrok index.js loads exactly the staged platform package', () => {
  assert.deepEqual(TARGETS.map((t) => t.target), ['win32-x64', 'win32-arm64', 'darwin-x64', 'darwin-arm64', 'linux-x64', 'linux-arm64', 'alpine-x64']);
  for (const t of TARGETS) {
    const entries = targetedEntries(t);
    assert.deepEqual(simulateNgrokLoad(entries, t), { loaded: `extension/node_modules/${t.ngrokPackage}/${t.binary}` }, t.target);
    assert.deepEqual(problemsOf(entries, t), [], t.target);
  }
});

test('a VSIX staged with another platform\'s package fails to load and is rejected', () => {
  const [win, , , , linux, , alpine] = TARGETS;
  // The linux-x64 VSIX carrying the Windows package: index.js looks for ngrok-linux-x64-gnu.
  const swapped = targetedEntries(win);
  swapped.set('extension.vsixmanifest', manifestXml('linux-x64'));
  const problems = problemsOf(swapped, linux);
  assert.ok(problems.some((p) => p.includes('fails to load its binding') && p.includes('@ngrok/ngrok-linux-x64-gnu')), problems.join('\n'));
  // Alpine (musl) with the glibc package: index.js asks for the musl package.
  const glibcOnAlpine = targetedEntries(linux);
  glibcOnAlpine.set('extension.vsixmanifest', manifestXml('alpine-x64'));
  assert.ok(problemsOf(glibcOnAlpine, alpine).some((p) => p.includes('@ngrok/ngrok-linux-x64-musl')));
});

test('a binary whose header does not match the target is rejected', () => {
  const byName = new Map(TARGETS.map((t) => [t.target, t]));
  const rows: [string, Buffer, RegExp][] = [
    ['win32-x64', elf(62, GLIBC), /is elf, win32-x64 needs pe/],
    ['win32-arm64', pe(0x8664), /built for x64, win32-arm64 needs arm64/],
    ['darwin-arm64', macho(0x01000007), /built for x64, darwin-arm64 needs arm64/],
    ['linux-arm64', elf(62, GLIBC), /built for x64, linux-arm64 needs arm64/],
    ['alpine-x64', elf(62, GLIBC), /links glibc, alpine-x64 needs musl/],
    ['linux-x64', elf(62, MUSL_X64), /links musl, linux-x64 needs glibc/],
  ];
  for (const [name, binary, want] of rows) {
    const t = byName.get(name)!;
    const problems = problemsOf(targetedEntries(t, binary), t);
    assert.ok(problems.some((p) => want.test(p)), `${name}: ${problems.join('\n')}`);
  }
});

test('sources, tests, maps, dev dependencies, a wrong manifest target and oversize are rejected', () => {
  const t = TARGETS[0];
  const rows: [string, (e: Map<string, Buffer>) => void, RegExp, number?][] = [
    ['src/', (e) => e.set('extension/src/extension.ts', Buffer.from('')), /src\/extension\.ts must not ship/],
    ['test', (e) => e.set('extension/out/test/unit/a.test.js', Buffer.from('')), /must not ship/],
    ['map', (e) => e.set('extension/dist/extension.js.map', Buffer.from('{}')), /source map/],
    ['dev dependency', (e) => e.set('extension/node_modules/esbuild/package.json', Buffer.from('{}')), /only @ngrok\/ngrok and/],
    ['second binary', (e) => e.set('extension/node_modules/@ngrok/ngrok-linux-x64-gnu/ngrok.linux-x64-gnu.node', elf(62, GLIBC)), /expected exactly one native binary/],
    ['manifest target', (e) => e.set('extension.vsixmanifest', manifestXml('darwin-x64')), /TargetPlatform is darwin-x64, expected win32-x64/],
    ['placeholder URL', (e) => e.set('extension/package.json', Buffer.from(JSON.stringify({ repository: 'https://example.invalid/x.git' }))), /placeholder/],
    ['missing bundle', (e) => e.delete('extension/dist/extension.js'), /missing extension\/dist\/extension\.js/],
    ['size', () => undefined, /over the \d+ MB budget/, BUDGET.targeted + 1],
  ];
  for (const [name, mutate, want, size] of rows) {
    const entries = targetedEntries(t);
    mutate(entries);
    const problems = problemsOf(entries, t, size);
    assert.ok(problems.some((p) => want.test(p)), `${name}: ${problems.join('\n') || '(no problems)'}`);
  }
});

test('the universal VSIX carries no native module and no target', () => {
  assert.deepEqual(problemsOf(baseEntries(), 'universal', 300_000), []);
  const withNative = targetedEntries(TARGETS[4]);
  withNative.set('extension.vsixmanifest', manifestXml());
  const problems = problemsOf(withNative, 'universal', 300_000);
  assert.ok(problems.some((p) => /universal VSIX carries native binaries/.test(p)));
  assert.ok(problems.some((p) => /universal VSIX carries node_modules/.test(p)));
  assert.ok(problemsOf(baseEntries('linux-x64'), 'universal', 300_000).some((p) => /expected \(none: universal\)/.test(p)));
  assert.ok(problemsOf(baseEntries(), 'universal', BUDGET.universal + 1).some((p) => /budget/.test(p)));
});
