// The open tenant's connections, shared by the connections screen and the editor. The rows stay
// in Rust: the window keeps what it needs of the whole (counts, names) and the few rows it shows.
import { api, asApiError, onConnectionsPage, type ApiError } from "./api";
import type { TableOverview } from "./bindings/TableOverview";
import type { KindFilter } from "./bindings/KindFilter";
import { announceReady } from "./ready";

class TenantStore {
  /** Counts by kind, the names connections receive, the claims lists hold (never the rows). */
  overview = $state.raw<TableOverview | null>(null);
  /** Bumped when rows changed (sizes after a change): the rows shown are asked for again. */
  version = $state(0);
  loading = $state(false);
  /** While listing: how many connections have arrived so far. */
  loaded = $state(0);
  complete = $state(false);
  error = $state<ApiError | null>(null);
  /** Which list_connections call the rows belong to: pages of an older call are ignored. */
  request = $state(0);
  /** The connections screen's search text and type filter, kept while the tenant is open. */
  query = $state("");
  kind = $state<KindFilter>("all");
  /** Connections ticked for a bulk change (ids). Replaced as a whole, never mutated. */
  selected = $state.raw<ReadonlySet<string>>(new Set());
}

export const tenant = new TenantStore();

/** How many connections the tenant has (0 until listed). */
export function total(): number {
  return tenant.overview?.counts.all ?? 0;
}

/** List every connection (kept in Rust), counting them as the pages arrive. */
export async function loadConnections(): Promise<void> {
  const request = ++tenant.request;
  tenant.overview = null;
  tenant.loaded = 0;
  tenant.loading = true;
  tenant.complete = false;
  tenant.error = null;
  const unlisten = await onConnectionsPage((page) => {
    if (page.request === request) tenant.loaded = page.loaded;
  });
  try {
    const overview = await api.listConnections(request);
    if (request === tenant.request) {
      tenant.overview = overview;
      tenant.version++;
      tenant.complete = true;
    }
  } catch (e) {
    if (request === tenant.request) tenant.error = asApiError(e);
  } finally {
    unlisten();
    if (request === tenant.request) tenant.loading = false;
  }
}

/** The connections screen drew its first rows. */
export function rowsShown(): void {
  announceReady("connections-listed");
}

export function forgetConnections(): void {
  tenant.request++;
  tenant.query = "";
  tenant.kind = "all";
  tenant.selected = new Set();
  tenant.overview = null;
  tenant.loading = false;
  tenant.complete = false;
  tenant.error = null;
}

/** Lists changed (Rust already holds their new sizes): the rows shown are read again. */
export function rowsChanged(): void {
  tenant.version++;
}

/** Tick or untick one connection. */
export function toggleSelected(id: string): void {
  const next = new Set(tenant.selected);
  if (next.has(id)) next.delete(id);
  else next.add(id);
  tenant.selected = next;
}

/** Tick every connection in `ids`, keeping the others ticked. */
export function selectAll(ids: string[]): void {
  tenant.selected = new Set([...tenant.selected, ...ids]);
}

export function clearSelection(): void {
  tenant.selected = new Set();
}
