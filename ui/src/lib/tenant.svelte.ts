// The open tenant's connections, shared by the connections screen and the editor.
import { api, asApiError, onConnectionsPage, type ApiError } from "./api";
import type { ConnectionSummary } from "./bindings/ConnectionSummary";
import { mergePage } from "./connections";

export const tenant = $state({
  rows: [] as ConnectionSummary[],
  loading: false,
  complete: false,
  error: null as ApiError | null,
  /** Which list_connections call the rows belong to: pages of an older call are ignored. */
  request: 0,
  /** The connections screen's search text and type filter, kept while the tenant is open. */
  query: "",
  kind: "all",
});

/** Load every connection, showing each page as it arrives. */
export async function loadConnections(): Promise<void> {
  const request = ++tenant.request;
  tenant.rows = [];
  tenant.loading = true;
  tenant.complete = false;
  tenant.error = null;
  const unlisten = await onConnectionsPage((page) => {
    if (page.request === request) tenant.rows = mergePage(tenant.rows, page.rows);
  });
  try {
    const all = await api.listConnections(request);
    if (request === tenant.request) {
      tenant.rows = all;
      tenant.complete = true;
    }
  } catch (e) {
    if (request === tenant.request) tenant.error = asApiError(e);
  } finally {
    unlisten();
    if (request === tenant.request) tenant.loading = false;
  }
}

export function forgetConnections(): void {
  tenant.request++;
  tenant.query = "";
  tenant.kind = "all";
  tenant.rows = [];
  tenant.loading = false;
  tenant.complete = false;
  tenant.error = null;
}

/** Keep the list's deny-list size in step after a write. */
export function updateSize(id: string, size: number): void {
  const row = tenant.rows.find((r) => r.id === id);
  if (row) row.deny_list_size = size;
}
