// Plain-language bits shared by the screens.
export function plural(n: number, one: string, many: string = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "in 23 h 5 min", "in 4 min", "expired" — from a Unix time in seconds. */
export function timeLeft(expiresAt: number, now: number = Date.now() / 1000): string {
  const left = Math.floor(expiresAt - now);
  if (left <= 0) return "expired";
  const h = Math.floor(left / 3600);
  const m = Math.floor((left % 3600) / 60);
  return h > 0 ? `in ${h} h ${m} min` : `in ${Math.max(m, 1)} min`;
}

/** The tenant's name as typed to confirm a write to production (case and outer spaces aside). */
export function nameTyped(typed: string, tenantName: string): boolean {
  return typed.trim().toLowerCase() === tenantName.toLowerCase();
}
