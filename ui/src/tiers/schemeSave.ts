// The scheme editor's save against what it opened: the base it sends (the
// revision and the scheme file it showed) and what it does with the answer.
// A save that kept someone else's changes leaves the editor open on the
// merged scheme with a notice of what they changed; one that kept nothing of
// theirs closes it. The merge itself is Rust's (tierdesk_tiers::scheme_merge).
import type { EditBase, FieldName, Saved, SchemeSummary } from "../ipc/api";

/** What the editor opened: the scheme file and its revision. */
export interface OpenedScheme {
  source: string;
  revision: number;
}

/** The base a save sends: the revision opened and the file shown then. */
export function schemeBase(opened: OpenedScheme): EditBase<string> {
  return { version: opened.revision, values: opened.source, resolved: null };
}

/** After a save: close, or stay open on the merged scheme with the fields they changed. */
export type AfterSave = { close: true } | { close: false; opened: OpenedScheme; theirs: FieldName[] };

export function afterSchemeSave(saved: Saved<SchemeSummary>): AfterSave {
  if (saved.theirs_kept.length === 0) return { close: true };
  return { close: false, opened: { source: saved.item.toml, revision: saved.item.revision }, theirs: saved.theirs_kept };
}
