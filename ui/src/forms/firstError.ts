// A long form's first problem brought into view: a person who clicks 保存 at
// the bottom of a form whose error sits at the top sees it and can type into
// it at once. Used after a failed check in the page (validateFields) and
// after Rust refuses a save with problems per field (setFields).
import type { FormInstance } from "antd";

type Name = string | number | (string | number)[];

/** The first field, in the form's order, that shows an error (null: none). */
export function firstErrorName(form: Pick<FormInstance, "getFieldsError">): Name | null {
  const found = form.getFieldsError().find((f) => f.errors.length > 0);
  return found ? (found.name.length === 1 ? found.name[0] : found.name) : null;
}

/** Scrolls the first field with an error to the middle of its scroll box and focuses it. */
export function showFirstError(form: Pick<FormInstance, "getFieldsError" | "scrollToField">): boolean {
  const name = firstErrorName(form);
  if (name == null) return false;
  form.scrollToField(name, { block: "center", focus: true });
  return true;
}

/**
 * `form.validateFields()` that, when a field fails, shows the first failing
 * field (scrolled into view and focused) and returns null instead of throwing.
 */
export async function validateShowingFirst<T>(form: FormInstance<T>): Promise<T | null> {
  try {
    return await form.validateFields();
  } catch {
    showFirstError(form);
    return null;
  }
}
