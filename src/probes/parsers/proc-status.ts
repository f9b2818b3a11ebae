/**
 * /proc/PID/status: "Key:\tvalue" lines. CapEff/CapBnd are 64-bit hex masks (BigInt: bit 21
 * is CAP_SYS_ADMIN); Uid is "real effective saved fs".
 */
export interface ProcStatus {
  name?: string;
  uid?: number; // effective uid
  capEff?: string;
  capBnd?: string;
  fields: Record<string, string>;
}

export function parseProcStatus(text: string): ProcStatus {
  const fields: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^([\w()]+):\s*(.*)$/.exec(line);
    if (m) fields[m[1]!] = m[2]!.trim();
  }
  const uids = (fields.Uid ?? '').split(/\s+/);
  const status: ProcStatus = { fields };
  if (fields.Name !== undefined) status.name = fields.Name;
  if (/^\d+$/.test(uids[1] ?? '')) status.uid = Number(uids[1]);
  if (/^[0-9a-f]+$/i.test(fields.CapEff ?? '')) status.capEff = fields.CapEff!.toLowerCase();
  if (/^[0-9a-f]+$/i.test(fields.CapBnd ?? '')) status.capBnd = fields.CapBnd!.toLowerCase();
  return status;
}
