// What the signed-in person may see and use, from the permissions Rust gives
// with the session (`session.perms`, tierdesk_domain::role). The API checks
// every call anyway; this only hides what would be refused. On a local file
// the session holds every permission, so nothing is hidden there.

import { MENU_NEEDS } from "../ipc/menu";

/** tierdesk_domain::role::Perm, as serde writes it. */
export type Perm = "view" | "edit_own" | "edit_all" | "export_all" | "import" | "ratings" | "settings" | "erase" | "users";

export const ALL_PERMS: readonly Perm[] = ["view", "edit_own", "edit_all", "export_all", "import", "ratings", "settings", "erase", "users"];

/** The part of a session the hiding needs. */
export interface Holder {
  perms: readonly Perm[];
  user_id?: number | null;
  /** The open database is a team database (a local file's session: false). */
  team?: boolean;
}

/** Whether `who` holds `perm`. No session yet (a team database before sign-in): nothing. */
export function can(who: Holder | null | undefined, perm: Perm): boolean {
  return !!who && who.perms.includes(perm);
}

/** Each page of the side bar and the permission it needs to be shown. */
export const PAGE_PERMS = {
  dashboard: "view",
  today: "view",
  customers: "view",
  import: "import",
  imports: "import",
  evaluate: "ratings",
  schemes: "settings",
  benefits: "view",
  points: "view",
  cases: "view",
  surveys: "view",
  churn: "view",
  analysis: "view",
  report: "view",
  recycle: "edit_own",
  fields: "settings",
  audit: "view",
  users: "users",
} as const satisfies Record<string, Perm>;

export type Page = keyof typeof PAGE_PERMS;

/** The pages `who` may open, in the side bar's order. */
export function visiblePages(who: Holder | null | undefined): Page[] {
  return (Object.keys(PAGE_PERMS) as Page[]).filter((p) => can(who, PAGE_PERMS[p]));
}

/**
 * Why a native menu item's click is not acted on for `who`: `"file"` for an
 * item only a local file has (on a team database, or before sign-in),
 * `"role"` for one the role lacks the permission for, `null` when it may be
 * used. The same rule as the menu's greying (tierdesk_api::menu_words::enabled),
 * from the same table: `ipc/menu.ts` is generated from the menu's rows. An
 * item not listed (退出, 复制 …) is everyone's.
 */
export function menuRefusal(id: string, who: Holder | null | undefined): "file" | "role" | null {
  const need = MENU_NEEDS[id];
  if (need == null) return null;
  if (need.fileOnly && (who == null || who.team)) return "file";
  return need.perm == null || can(who, need.perm) ? null : "role";
}

/** Whether a native menu item's click is acted on for `who`. */
export function menuAllowed(id: string, who: Holder | null | undefined): boolean {
  return menuRefusal(id, who) == null;
}

/** The buttons of the customer list and drawer a person may use. */
export interface CustomerActions {
  create: boolean;
  delete: boolean;
  export: boolean;
  import: boolean;
  /** Setting a customer's 负责人. */
  setOwner: boolean;
}

export function customerActions(who: Holder | null | undefined): CustomerActions {
  return {
    create: can(who, "edit_own"),
    delete: can(who, "edit_own"),
    export: can(who, "export_all"),
    import: can(who, "import"),
    setOwner: can(who, "ratings"),
  };
}

/**
 * Whether `who` may edit this customer: with 编辑全部 any customer, with
 * 编辑自己的 one whose owner is `who` or nobody (a shared customer); the
 * API's `allow_customer` is the same rule.
 */
export function mayEditCustomer(who: Holder | null | undefined, owner: number | null | undefined): boolean {
  if (can(who, "edit_all")) return true;
  if (!can(who, "edit_own")) return false;
  return owner == null || (who?.user_id != null && owner === who.user_id);
}
