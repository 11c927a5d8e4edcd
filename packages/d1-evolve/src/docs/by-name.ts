/** Names in code-point order, the same on every machine and locale: the docs are compared byte for byte. */
export function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
