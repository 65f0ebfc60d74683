// The first page of the customer list is asked for as soon as the script
// runs, before React has drawn anything, so Rust reads it while the window
// renders; the list takes that answer for its first load.
import { api, type Customer, type CustomerQuery, type Page } from "../ipc/api";

export const PAGE_SIZE = 100;

/** The list's query when it first shows: every customer by number, first page. */
export const FIRST_QUERY: CustomerQuery = {
  search: null, tier: null, manager: null, sort: "id", descending: false,
  limit: PAGE_SIZE, offset: 0, deleted: false,
};

let early: { query: CustomerQuery; page: Promise<Page<Customer>> } | null = null;

/** Starts reading the first page (main.tsx calls it once). */
export function prefetchFirstPage(): void {
  const page = api.listCustomers(FIRST_QUERY);
  // An error is reported by the list when it takes the answer.
  page.catch(() => {});
  early = { query: FIRST_QUERY, page };
}

/** The early answer for `query` if it was asked for and not taken yet; `null` otherwise. */
export function takeFirstPage(query: CustomerQuery): Promise<Page<Customer>> | null {
  const e = early;
  early = null;
  return e && e.query === query ? e.page : null;
}
