import { describe, expect, it } from "vitest";
import { MENU_NEEDS } from "../ipc/menu";
import { ALL_PERMS, can, customerActions, mayEditCustomer, menuAllowed, menuRefusal, visiblePages, type Holder, type Perm } from "./perms";

// The four roles' permissions as docs/team.md gives them (Rust's Role::perms
// sends exactly these with the session; tierdesk-domain's role test holds
// the same table).
const ROLES: Record<"admin" | "manager" | "sales" | "viewer", Perm[]> = {
  viewer: ["view"],
  sales: ["view", "edit_own"],
  manager: ["view", "edit_own", "edit_all", "export_all", "import", "ratings"],
  admin: [...ALL_PERMS],
};
const who = (role: keyof typeof ROLES, user_id = 7): Holder => ({ perms: ROLES[role], user_id });

describe("pages each role sees", () => {
  const table: [keyof typeof ROLES, string[]][] = [
    ["viewer", ["dashboard", "today", "customers", "benefits", "points", "cases", "surveys", "churn", "analysis", "report", "audit"]],
    ["sales", ["dashboard", "today", "customers", "benefits", "points", "cases", "surveys", "churn", "analysis", "report", "recycle", "audit"]],
    ["manager", ["dashboard", "today", "customers", "import", "imports", "evaluate", "benefits", "points", "cases", "surveys", "churn", "analysis", "report", "recycle", "audit"]],
    ["admin", ["dashboard", "today", "customers", "import", "imports", "evaluate", "schemes", "benefits", "points", "cases", "surveys", "churn", "analysis", "report", "recycle", "fields", "audit", "users"]],
  ];
  it.each(table)("%s", (role, pages) => {
    expect(visiblePages(who(role))).toEqual(pages);
  });
  it("shows nothing before sign-in", () => {
    expect(visiblePages(null)).toEqual([]);
  });
});

describe("customer buttons each role may use", () => {
  const table: [keyof typeof ROLES, ReturnType<typeof customerActions>][] = [
    ["viewer", { create: false, delete: false, export: false, import: false, setOwner: false }],
    ["sales", { create: true, delete: true, export: false, import: false, setOwner: false }],
    ["manager", { create: true, delete: true, export: true, import: true, setOwner: true }],
    ["admin", { create: true, delete: true, export: true, import: true, setOwner: true }],
  ];
  it.each(table)("%s", (role, actions) => {
    expect(customerActions(who(role))).toEqual(actions);
  });
});

describe("menu items", () => {
  const table: [string, keyof typeof ROLES, boolean][] = [
    ["customer_new", "viewer", false],
    ["customer_new", "sales", true],
    ["export_customers", "sales", false],
    ["export_customers", "manager", true],
    ["import", "sales", false],
    ["import", "manager", true],
    ["view_schemes", "manager", false],
    ["view_schemes", "admin", true],
    ["users", "manager", false],
    ["users", "admin", true],
    ["backup", "manager", false],
    ["db_open", "viewer", true],
    ["about", "viewer", true],
    ["customer_find", "viewer", true],
  ];
  it.each(table)("%s for %s: %s", (id, role, allowed) => {
    expect(menuAllowed(id, who(role))).toBe(allowed);
  });
  it("refuses a listed item before sign-in, but not opening another database", () => {
    expect(menuAllowed("customer_new", null)).toBe(false);
    expect(menuAllowed("db_open", null)).toBe(true);
    expect(menuRefusal("team_copy", null)).toBe("file");
  });
  it("refuses what only a local file has on a team database, whatever the role", () => {
    const teamAdmin = { ...who("admin"), team: true };
    for (const id of ["my_name", "db_password", "backup", "backup_restore", "team_copy"]) {
      expect(menuRefusal(id, teamAdmin)).toBe("file");
      expect(menuRefusal(id, { ...who("admin"), team: false })).toBe(null);
    }
    expect(menuRefusal("users", teamAdmin)).toBe(null);
    expect(menuRefusal("import", { ...who("sales"), team: true })).toBe("role");
  });
  it("reads the table generated from the menu's rows: every item, each role's count", () => {
    const ids = Object.keys(MENU_NEEDS);
    expect(ids).toHaveLength(24);
    const counts = (["viewer", "sales", "manager", "admin"] as const).map(
      (role) => ids.filter((id) => menuAllowed(id, { ...who(role), team: true })).length,
    );
    // The same counts as the Rust table's test (menu_words each_role_gets_its_items).
    expect(counts).toEqual([9, 11, 16, 19]);
  });
});

describe("who may edit a customer", () => {
  const table: [keyof typeof ROLES, number | null, boolean][] = [
    ["viewer", null, false],
    ["viewer", 7, false],
    ["sales", null, true], // shared
    ["sales", 7, true], // his own
    ["sales", 8, false], // a colleague's
    ["manager", 8, true],
    ["admin", 8, true],
  ];
  it.each(table)("%s, owner %s: %s", (role, owner, allowed) => {
    expect(mayEditCustomer(who(role), owner)).toBe(allowed);
  });
  it("a session without a user id edits only shared customers with edit_own", () => {
    expect(mayEditCustomer({ perms: ["view", "edit_own"], user_id: null }, 7)).toBe(false);
    expect(mayEditCustomer({ perms: ["view", "edit_own"], user_id: null }, null)).toBe(true);
  });
  it("holds nothing without a session", () => {
    for (const p of ALL_PERMS) expect(can(null, p)).toBe(false);
  });
});
