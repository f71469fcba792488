// The open tenant's connections, shared by the connections screen and the editor.
import { api, asApiError, onConnectionsPage, type ApiError } from "./api";
import type { ConnectionSummary } from "./bindings/ConnectionSummary";
import { withSizes } from "./connections";
import { announceReady } from "./ready";

class TenantStore {
  /** Raw, not deeply reactive: 10 000 rows are replaced as a whole, never mutated in place
   *  (a deep proxy over each row costs time and memory for nothing). */
  rows = $state.raw<ConnectionSummary[]>([]);
  loading = $state(false);
  /** While listing: how many connections have arrived so far. */
  loaded = $state(0);
  complete = $state(false);
  error = $state<ApiError | null>(null);
  /** Which list_connections call the rows belong to: pages of an older call are ignored. */
  request = $state(0);
  /** The connections screen's search text and type filter, kept while the tenant is open. */
  query = $state("");
  kind = $state("all");
  /** Connections ticked for a bulk change (ids). Replaced as a whole, never mutated. */
  selected = $state.raw<ReadonlySet<string>>(new Set());
}

export const tenant = new TenantStore();

/** Load every connection, counting them as the pages arrive. */
export async function loadConnections(): Promise<void> {
  const request = ++tenant.request;
  tenant.rows = [];
  tenant.loaded = 0;
  tenant.loading = true;
  tenant.complete = false;
  tenant.error = null;
  const unlisten = await onConnectionsPage((page) => {
    if (page.request === request) tenant.loaded = page.loaded;
  });
  try {
    const all = await api.listConnections(request);
    if (request === tenant.request) {
      tenant.rows = all;
      tenant.complete = true;
      announceReady("connections-listed");
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
  tenant.selected = new Set();
  tenant.rows = [];
  tenant.loading = false;
  tenant.complete = false;
  tenant.error = null;
}

/** Keep the list's deny-list size in step after a write. */
export function updateSize(id: string, size: number): void {
  updateSizes(new Map([[id, size]]));
}

/** Tick or untick one connection. */
export function toggleSelected(id: string): void {
  const next = new Set(tenant.selected);
  if (next.has(id)) next.delete(id);
  else next.add(id);
  tenant.selected = next;
}

/** Tick every connection in `ids` (those shown), keeping the others ticked. */
export function selectAll(ids: string[]): void {
  tenant.selected = new Set([...tenant.selected, ...ids]);
}

export function clearSelection(): void {
  tenant.selected = new Set();
}

/** Keep the list's deny-list sizes in step after a bulk run. */
export function updateSizes(sizes: Map<string, number>): void {
  tenant.rows = withSizes(tenant.rows, sizes);
}
