// To-do titles and notes the rules store in Chinese (the CLI prints them as
// stored), shown in the UI's language: each text Rust writes has a template
// in the catalogue (zh.ts the exact Chinese, en.ts the English); a stored text
// that matches a Chinese template is drawn again from the current language's,
// its holes carried over. A text that matches none (a person's own) is shown
// as it is.
import type { Todo } from "../ipc/api";
import type { T } from "../i18n";
import { zh, type Messages } from "../i18n/zh";
import { KINDS, SEVERITIES } from "../cases/caseText";

/** The templates of titles, most specific first (a survey's two scores before one). */
const TITLES: (keyof Messages)[] = [
  "todoStoredAgain", "todoStoredVisit", "todoStoredCaseRespond", "todoStoredCaseResolve",
  "todoStoredSurveyBoth", "todoStoredSurveyNps", "todoStoredSurveyCsat", "todoStoredBirthday",
  "todoStoredContactBirthday", "todoStoredRating", "todoStoredFollowup", "todoStoredDate",
];
const NOTES: (keyof Messages)[] = [
  "todoStoredSurveyNoteBoth", "todoStoredSurveyNoteNps", "todoStoredSurveyNoteCsat", "todoStoredCaseNote",
];

/** What each hole may hold: numbers, a case number, a day, or any text. */
const HOLE: Record<string, string> = {
  days: "[\\d,]+", n: "[\\d,]+", nps: "\\d+", csat: "\\d+", month: "\\d{1,2}", day: "\\d{1,2}",
  number: "[A-Za-z0-9-]+", date: "\\d{4}-\\d{2}-\\d{2}",
};

/** Program words inside a hole (a case's type and severity, a follow-up's channel), by their Chinese label. */
const WORDS: Record<string, (keyof Messages)[]> = {
  kind: KINDS.map((k) => `caseKind_${k}` as keyof Messages),
  severity: SEVERITIES.map((s) => `caseSeverity_${s}` as keyof Messages),
  channel: ["visit", "phone", "wechat", "meeting", "email", "other"].map((c) => `timelineStoredChannel_${c}` as keyof Messages),
};

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const compiled = new Map<keyof Messages, { re: RegExp; holes: string[] }>();

function pattern(key: keyof Messages): { re: RegExp; holes: string[] } {
  let p = compiled.get(key);
  if (!p) {
    const holes: string[] = [];
    const body = zh[key].split(/(\{\w+\})/).map((part) => {
      const hole = /^\{(\w+)\}$/.exec(part)?.[1];
      if (!hole) return escape(part);
      holes.push(hole);
      return `(${HOLE[hole] ?? ".+?"})`;
    });
    p = { re: new RegExp(`^${body.join("")}$`), holes };
    compiled.set(key, p);
  }
  return p;
}

/** A stored text in the UI's language when it matches one of `keys`' Chinese templates; else as stored. */
export function storedText(text: string, keys: (keyof Messages)[], t: T): string {
  for (const key of keys) {
    const { re, holes } = pattern(key);
    const m = re.exec(text);
    if (!m) continue;
    const vars: Record<string, string> = {};
    let words = true;
    holes.forEach((hole, i) => {
      const value = m[i + 1];
      if (WORDS[hole]) {
        const word = WORDS[hole].find((k) => zh[k] === value);
        if (word) vars[hole] = t(word);
        else words = false;
      } else vars[hole] = value;
    });
    if (words) return t(key, vars);
  }
  return text;
}

export const todoTitle = (todo: Pick<Todo, "title">, t: T) => storedText(todo.title, TITLES, t);
export const todoNote = (todo: Pick<Todo, "note">, t: T) => storedText(todo.note, NOTES, t);

/** The record timeline's titles Rust writes (api record.rs, store timeline.rs). */
const TIMELINE: (keyof Messages)[] = ["timelineStoredKept", "timelineStoredChanged", "timelineStoredFollowupAbout", "timelineStoredFollowup"];
export const timelineTitle = (title: string, t: T) => storedText(title, TIMELINE, t);
