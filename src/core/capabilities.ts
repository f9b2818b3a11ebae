/**
 * Linux capability masks as /proc/PID/status prints them: 64-bit hex (CapEff, CapBnd, …),
 * one bit per capability number (linux/capability.h). BigInt, because bits above 31 matter.
 */
export const CAP_SYS_ADMIN = 21;

export function hasCapability(hexMask: string, bit: number): boolean {
  return ((BigInt(`0x${hexMask}`) >> BigInt(bit)) & 1n) === 1n;
}
