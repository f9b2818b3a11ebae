/**
 * Inventory variables as every module sees them once the inventory is read: JSON-able data,
 * merged with Ansible's precedence. The transport reads connection variables from them and
 * the settings resolver Calico's; neither needs the inventory reader itself.
 */
export type VarValue = string | number | boolean | null | VarValue[] | { [key: string]: VarValue };
export type HostVars = Record<string, VarValue>;
