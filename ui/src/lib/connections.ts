// View state of the connections screen: the type filters offered and readable sizes. Search,
// filter and counts are worked out in Rust (the rows stay there).
import type { KindFilter } from "./bindings/KindFilter";

export const KIND_FILTERS: { value: KindFilter; label: string }[] = [
  { value: "all", label: "All" },
  { value: "database", label: "Database" },
  { value: "social", label: "Social" },
  { value: "enterprise", label: "Enterprise" },
  { value: "passwordless", label: "Passwordless" },
];

/** "3 denied", "none", or "unknown" when the token cannot read the settings. */
export function sizeLabel(size: number | null): string {
  if (size === null) return "unknown";
  if (size === 0) return "none";
  return `${size} denied`;
}
