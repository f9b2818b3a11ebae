/** Lists in prose: "a, b or c", "a, b and c". */
function joined(items: readonly string[], last: string): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} ${last} ${items.at(-1)}`;
}

export const orList = (items: readonly string[]): string => joined(items, 'or');
export const andList = (items: readonly string[]): string => joined(items, 'and');
