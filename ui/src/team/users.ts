// Pure helpers of the users page and the sign-in dialog.
import type { Role } from "../ipc/api";

/** The roles in the order offered, highest first. */
export const ROLES: readonly Role[] = ["admin", "manager", "sales", "viewer"];

/** The catalogue key of a role's name (管理员, 主管, 业务员, 只读). */
export function roleKey(role: Role): "roleAdmin" | "roleManager" | "roleSales" | "roleViewer" {
  switch (role) {
    case "admin": return "roleAdmin";
    case "manager": return "roleManager";
    case "sales": return "roleSales";
    case "viewer": return "roleViewer";
  }
}

/** What is wrong with a new password typed twice (a catalogue key), or null; its length is Rust's to check. */
export function newPasswordProblem(password: string, again: string): "passwordMissing" | "passwordMismatch" | null {
  if (!password) return "passwordMissing";
  if (password !== again) return "passwordMismatch";
  return null;
}
