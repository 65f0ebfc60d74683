// Generated from `tierdesk_api::menu_words::MENU` (typescript_menu_needs). Do not edit:
// run `UPDATE_BINDINGS=1 cargo test -p tierdesk-api bindings` after changing the menu.

import type { Perm } from "./bindings";

/** What a native menu item needs: a permission (null: anyone's) and whether it is only for a local file. */
export interface MenuNeed {
  perm: Perm | null;
  fileOnly: boolean;
}

/** Each native menu item by its id. */
export const MENU_NEEDS: Readonly<Record<string, MenuNeed>> = {
  db_new: { perm: null, fileOnly: false },
  db_open: { perm: null, fileOnly: false },
  team_connect: { perm: null, fileOnly: false },
  team_copy: { perm: null, fileOnly: true },
  import: { perm: "import", fileOnly: false },
  export_template: { perm: "import", fileOnly: false },
  export_customers: { perm: "export_all", fileOnly: false },
  report: { perm: "view", fileOnly: false },
  backup: { perm: "settings", fileOnly: true },
  backup_restore: { perm: "settings", fileOnly: true },
  customer_new: { perm: "edit_own", fileOnly: false },
  customer_find: { perm: "view", fileOnly: false },
  view_dashboard: { perm: "view", fileOnly: false },
  view_customers: { perm: "view", fileOnly: false },
  view_imports: { perm: "import", fileOnly: false },
  view_evaluate: { perm: "ratings", fileOnly: false },
  view_schemes: { perm: "settings", fileOnly: false },
  view_recycle: { perm: "edit_own", fileOnly: false },
  view_fields: { perm: "settings", fileOnly: false },
  view_audit: { perm: "view", fileOnly: false },
  my_name: { perm: "settings", fileOnly: true },
  db_password: { perm: "settings", fileOnly: true },
  users: { perm: "users", fileOnly: false },
  about: { perm: null, fileOnly: false },
};
