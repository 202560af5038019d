// Reads what a native module was built for from its header: PE (Windows), Mach-O (macOS) or ELF
// (Linux), its machine type (x64 / arm64), and for ELF the C library it links (glibc's libc.so.6
// vs musl's libc.musl-<arch>.so.1 / libc.so in DT_NEEDED). Enough to catch a VSIX that carries a
// binary its platform cannot load. Formats:
//   PE:     https://learn.microsoft.com/windows/win32/debug/pe-format (signature, COFF Machine)
//   Mach-O: <mach-o/loader.h> (MH_MAGIC_64, CPU_TYPE_X86_64 / CPU_TYPE_ARM64), fat: <mach-o/fat.h>
//   ELF:    System V gABI (e_ident, e_machine EM_X86_64 = 62 / EM_AARCH64 = 183, SHT_DYNAMIC, DT_NEEDED)
// @ts-check
'use strict';

/**
 * @typedef {{
 *   format: 'pe' | 'macho' | 'elf' | 'unknown',
 *   machine: 'x64' | 'arm64' | 'ia32' | 'universal' | 'other',
 *   libc?: 'glibc' | 'musl' | 'unknown',
 *   needed?: string[],
 *   detail: string,
 * }} BinaryInfo
 */

const PE_MACHINES = { 0x8664: 'x64', 0xaa64: 'arm64', 0x014c: 'ia32' };
const MACHO_CPUS = { 0x01000007: 'x64', 0x0100000c: 'arm64', 7: 'ia32' };
const ELF_MACHINES = { 62: 'x64', 183: 'arm64', 3: 'ia32' };

/** @param {Buffer} buf @returns {BinaryInfo} */
function identifyBinary(buf) {
  if (buf.length >= 64 && buf[0] === 0x4d && buf[1] === 0x5a) return identifyPe(buf);
  if (buf.length >= 8 && buf.readUInt32LE(0) === 0xfeedfacf) {
    const cpu = buf.readUInt32LE(4);
    return { format: 'macho', machine: /** @type {BinaryInfo['machine']} */ (MACHO_CPUS[cpu] ?? 'other'), detail: `Mach-O 64-bit, cputype 0x${cpu.toString(16)}` };
  }
  if (buf.length >= 8 && buf.readUInt32BE(0) === 0xcafebabe) return { format: 'macho', machine: 'universal', detail: `Mach-O fat binary, ${buf.readUInt32BE(4)} architectures` };
  if (buf.length >= 64 && buf.readUInt32BE(0) === 0x7f454c46) return identifyElf(buf);
  return { format: 'unknown', machine: 'other', detail: `unknown header ${buf.subarray(0, 4).toString('hex')}` };
}

/** @param {Buffer} buf @returns {BinaryInfo} */
function identifyPe(buf) {
  const peOffset = buf.readUInt32LE(0x3c);
  if (peOffset + 6 > buf.length || buf.readUInt32BE(peOffset) !== 0x50450000) {
    return { format: 'unknown', machine: 'other', detail: 'MZ header without a PE signature' };
  }
  const machine = buf.readUInt16LE(peOffset + 4);
  return { format: 'pe', machine: /** @type {BinaryInfo['machine']} */ (PE_MACHINES[machine] ?? 'other'), detail: `PE, machine 0x${machine.toString(16)}` };
}

/** @param {Buffer} buf @returns {BinaryInfo} */
function identifyElf(buf) {
  const is64 = buf[4] === 2;
  const le = buf[5] === 1;
  if (!is64 || !le) return { format: 'elf', machine: 'other', detail: `ELF class ${buf[4]}, data ${buf[5]} (only 64-bit little-endian is shipped)` };
  const u16 = (o) => buf.readUInt16LE(o);
  const u32 = (o) => buf.readUInt32LE(o);
  const u64 = (o) => Number(buf.readBigUInt64LE(o));
  const eMachine = u16(18);
  const machine = /** @type {BinaryInfo['machine']} */ (ELF_MACHINES[eMachine] ?? 'other');
  const shoff = u64(0x28);
  const shentsize = u16(0x3a);
  const shnum = u16(0x3c);
  /** @type {string[]} */
  const needed = [];
  for (let i = 0; i < shnum; i++) {
    const sh = shoff + i * shentsize;
    if (sh + 64 > buf.length) break;
    if (u32(sh + 4) !== 6 /* SHT_DYNAMIC */) continue;
    const dynOffset = u64(sh + 0x18);
    const dynSize = u64(sh + 0x20);
    const strSection = shoff + u32(sh + 0x28) * shentsize; // sh_link: the string table
    const strOffset = u64(strSection + 0x18);
    for (let d = dynOffset; d + 16 <= dynOffset + dynSize && d + 16 <= buf.length; d += 16) {
      const tag = u64(d);
      if (tag === 0 /* DT_NULL */) break;
      if (tag !== 1 /* DT_NEEDED */) continue;
      const start = strOffset + u64(d + 8);
      const end = buf.indexOf(0, start);
      needed.push(buf.toString('latin1', start, end));
    }
  }
  const libc = needed.some((n) => /^libc\.musl-|^ld-musl-/.test(n) || n === 'libc.so')
    ? 'musl'
    : needed.includes('libc.so.6') ? 'glibc' : 'unknown';
  return { format: 'elf', machine, libc, needed, detail: `ELF 64-bit, e_machine ${eMachine}, needs ${needed.join(' ') || '(nothing)'}` };
}

module.exports = { identifyBinary };
