/**
 * Reads the target machine of an ELF file from its first 20 bytes, to check that /bin/sh and
 * /sbin/init were built for the image's architecture.
 */

/** ELF `e_machine` values of the architectures WSL runs (and a few neighbours for messages). */
const MACHINES: Record<string, number> = {
  x86_64: 62,
  aarch64: 183,
  i386: 3,
  arm: 40,
  riscv64: 243,
  ppc64le: 21,
  s390x: 22,
};

/** Bytes needed to read `e_machine`. */
export const ELF_HEADER_BYTES = 20;

/** Our architecture names from Node's, dnf's and Debian's spellings. */
export function normalizeArch(arch: string): string {
  const lower = arch.toLowerCase();
  if (lower === 'x64' || lower === 'amd64') return 'x86_64';
  if (lower === 'arm64') return 'aarch64';
  return lower;
}

/** The architecture name of an ELF header, `undefined` if `head` is not ELF, `unknown (N)` if unlisted. */
export function elfArch(head: Buffer | undefined): string | undefined {
  if (!head || head.length < ELF_HEADER_BYTES) return undefined;
  if (head[0] !== 0x7f || head.toString('latin1', 1, 4) !== 'ELF') return undefined;
  const machine = head[5] === 2 ? head.readUInt16BE(18) : head.readUInt16LE(18);
  const name = Object.entries(MACHINES).find(([, value]) => value === machine)?.[0];
  return name ?? `unknown (e_machine ${machine})`;
}
