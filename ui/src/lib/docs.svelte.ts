// What Rust says about the limitations, severities and words used, loaded once for every screen.
import { api, asApiError, type ApiError } from "./api";
import type { Documentation } from "./bindings/Documentation";
import type { Severity } from "./bindings/Severity";

export const docs = $state({ loaded: null as Documentation | null, error: null as ApiError | null });

let loading: Promise<void> | null = null;

export function loadDocs(): Promise<void> {
  loading ??= api
    .documentedLimitations()
    .then((d) => {
      docs.loaded = d;
      docs.error = null;
    })
    .catch((e) => {
      docs.error = asApiError(e);
      loading = null;
    });
  return loading;
}

/** The plain tag of a severity (its code until the documentation has loaded). */
export function severityLabel(s: Severity): string {
  return docs.loaded?.severities.find((x) => x.severity === s)?.label ?? s.replace("_", " ");
}

export function severityExplanation(s: Severity): string {
  return docs.loaded?.severities.find((x) => x.severity === s)?.explanation ?? "";
}
