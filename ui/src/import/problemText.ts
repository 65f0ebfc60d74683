// An import problem's reason in the UI's language. Rust sends each problem's
// Chinese (`message`, what the CLI and the error workbook print) beside its
// messages (`msg`, then `more`: what happens to the rest of the row). Chinese
// shows Rust's sentence as it is; English renders the messages from rustEn.ts
// and joins them as the Chinese joins them with '；'. The cell's own text is a
// parameter and stays as typed.
import { renderMsg, type Locale, type Msg } from "../i18n";

export interface ProblemWords {
  message: string;
  msg: Msg;
  more: Msg[];
}

export function problemText(p: ProblemWords, locale: Locale): string {
  if (locale === "zh-CN") return p.message;
  return [p.msg, ...p.more].map((m) => renderMsg(m, locale)).join("; ");
}
