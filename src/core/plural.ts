/** "1 service", "3 services"; `many` for the irregular ones ("2 proxies"). */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
