// A save that carries the base the form opened: a merged save says which of
// the other person's changes it kept; a refused one opens the conflict
// dialog, whose 保存 sends the same save again with the choices. The forms
// (customer, follow-up) use it the same way.
import { useState } from "react";
import { App } from "antd";
import { asApiError, type EditBase, type EditConflict, type Msg, type Saved } from "../ipc/api";
import { currentLocale, useI18n } from "../i18n";
import { conflictOf, keptLabels, resolvedBase, type Choices } from "./choices";
import type { ConflictDialogProps } from "./ConflictDialog";

interface Pending<D, B> {
  conflict: EditConflict;
  msg: Msg | null;
  draft: D;
  base: EditBase<B>;
  extra: string | null;
}

/** `D`: what the form sends (a draft, a step); `B`: what the base holds (the form's values when opened). */
export function useConflictSave<D, T, B = D>(
  kind: EditConflict["kind"],
  send: (draft: D, base: EditBase<B>, extra: string | null) => Promise<Saved<T>>,
) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [pending, setPending] = useState<Pending<D, B> | null>(null);
  const [saving, setSaving] = useState(false);

  /** Sends the save; the stored row, or null when the dialog now shows a conflict. Other errors are thrown. */
  const save = async (draft: D, base: EditBase<B>, extra: string | null = null): Promise<T | null> => {
    try {
      const saved = await send(draft, base, extra);
      if (saved.theirs_kept.length > 0) {
        const join = currentLocale() === "zh-CN" ? "、" : ", ";
        message.info(t("conflictTheirsKept", { fields: keptLabels(t, kind, saved.theirs_kept, join) }));
      }
      setPending(null);
      return saved.item;
    } catch (e) {
      const err = asApiError(e);
      const conflict = conflictOf(err);
      if (!conflict) throw e;
      setPending({ conflict, msg: err.msg ?? null, draft, base, extra });
      return null;
    }
  };

  /** The dialog's props: `done` after a save from it, `failed` for an error other than a new conflict. */
  const dialog = (done: (saved: T) => void, failed: (e: unknown) => void, show?: ConflictDialogProps["show"]): ConflictDialogProps => ({
    show,
    conflict: pending?.conflict ?? null,
    message: (pending?.msg as ConflictDialogProps["message"]) ?? null,
    saving,
    onCancel: () => setPending(null),
    onSave: (choices: Choices) => {
      if (!pending) return;
      setSaving(true);
      save(pending.draft, resolvedBase(pending.base, pending.conflict, choices), pending.extra)
        .then((saved) => saved && done(saved))
        .catch(failed)
        .finally(() => setSaving(false));
    },
  });

  return { save, dialog, pending: pending != null };
}
