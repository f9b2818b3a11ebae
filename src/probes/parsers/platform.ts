/**
 * Which public cloud a VM runs in, from what any user may read of its firmware and hypervisor:
 * - Azure: chassis_asset_tag 7783-7084-3265-9085-8269-3286-77 ("MSFT AZURE VM" in ASCII codes;
 *   cloud-init's ds-identify is_azure_chassis; plain Hyper-V says Microsoft Corporation too);
 * - AWS: "Amazon EC2" as sys_vendor, board_vendor or bios_vendor (Nitro; systemd's
 *   src/basic/virt.c dmi_vendor_table), or a Xen /sys/hypervisor/uuid starting "ec2"
 *   (ds-identify ec2_identify_platform; the DMI uuid and serial are root-only);
 * - GCE: product_name "Google Compute Engine" (ds-identify dscheck_GCE).
 */
import type { Cloud } from '../../core/facts.js';

const AZURE_ASSET_TAG = '7783-7084-3265-9085-8269-3286-77';

/** Fields by file name: sys_vendor, product_name, chassis_asset_tag, board_vendor, bios_vendor, uuid. */
export function cloudFromDmi(fields: Record<string, string>): Cloud | null {
  if (fields.chassis_asset_tag === AZURE_ASSET_TAG) return 'azure';
  if ([fields.sys_vendor, fields.board_vendor, fields.bios_vendor].includes('Amazon EC2')) return 'aws';
  if (/^ec2/i.test(fields.uuid ?? '')) return 'aws';
  if (fields.product_name === 'Google Compute Engine') return 'gce';
  return null;
}

/** Online CPUs from a sysfs CPU list such as "0-3,6" (5 CPUs), null when unreadable. */
export function cpuCount(list: string): number | null {
  let count = 0;
  for (const part of list.trim().split(',')) {
    const range = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!range) return null;
    count += range[2] === undefined ? 1 : Number(range[2]) - Number(range[1]) + 1;
  }
  return count > 0 ? count : null;
}
