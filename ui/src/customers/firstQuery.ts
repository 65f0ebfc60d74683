// The customer list's query when it first shows, shared with main.tsx, which
// asks for that page before React draws.
import type { CustomerQuery } from "../ipc/api";

export const PAGE_SIZE = 100;

/** Every customer by number, first page. */
export const FIRST_QUERY: CustomerQuery = {
  search: null, tier: null, manager: null, sort: "id", descending: false,
  limit: PAGE_SIZE, offset: 0, deleted: false, last_contact_before: null, next_contact_by: null,
};
