// What the password dialog may send: the fields each action needs are
// filled and the new password was typed the same twice. Rust checks the
// rest (the current password, empty or over-long passwords) and says why.

export type PasswordAction = "set" | "change" | "remove";

export interface PasswordFields {
  current: string;
  next: string;
  again: string;
}

/** Why the dialog cannot be sent yet: a message key, or `null` when it can. */
export function passwordProblem(action: PasswordAction, f: PasswordFields): "passwordMissing" | "passwordMismatch" | null {
  if (action !== "set" && !f.current) return "passwordMissing";
  if (action === "remove") return null;
  if (!f.next) return "passwordMissing";
  if (f.again && f.next !== f.again) return "passwordMismatch";
  if (!f.again) return "passwordMissing";
  return null;
}
