// The import wizard's state and every change to it, as a pure reducer:
// the page dispatches what happened (a file inspected, a preview read, a
// column retargeted …) and renders the state; the tests walk each action.
import type {
  ColumnMapping, FileInspection, ImportKind, ImportPreview, ImportProgress, ImportRequest, ImportSummary,
  Mapping, OnDuplicate, PairChoice, PreviewRow, Target, TargetOption,
} from "../ipc/api";
import type { T } from "../i18n";
import { zh, type Messages } from "../i18n/zh";

/** The wizard's steps, as the step bar numbers them. */
export const STEP = { file: 0, sheet: 1, columns: 2, preview: 3, result: 4 } as const;
export type Step = (typeof STEP)[keyof typeof STEP];

export interface ImportState {
  step: Step;
  inspection: FileInspection | null;
  sheet: string | null;
  /** `null`: let Rust tell customers from order lines. */
  kind: ImportKind | null;
  mapping: Mapping | null;
  targets: TargetOption[];
  preview: ImportPreview | null;
  onDuplicate: OnDuplicate;
  skipBadRows: boolean;
  /** The person's choice per possible duplicate, by the row's Excel number. */
  pairChoices: Record<number, PairChoice>;
  /** A file is being read, matched or written; the progress card shows. */
  busy: boolean;
  progress: ImportProgress | null;
  summary: ImportSummary | null;
  error: string | null;
}

export const initialImportState: ImportState = {
  step: STEP.file, inspection: null, sheet: null, kind: null, mapping: null, targets: [], preview: null,
  onDuplicate: "update", skipBadRows: true, pairChoices: {}, busy: false, progress: null, summary: null, error: null,
};

export type ImportAction =
  | { type: "reset" }
  | { type: "inspectStarted" }
  | { type: "inspected"; inspection: FileInspection }
  | { type: "workStarted" }
  | { type: "progress"; progress: ImportProgress }
  | { type: "failed"; message: string }
  | { type: "cancelled" }
  | { type: "previewed"; preview: ImportPreview; next: Step; targets?: TargetOption[] }
  | { type: "committed"; summary: ImportSummary }
  | { type: "sheetChosen"; sheet: string }
  | { type: "kindChosen"; kind: ImportKind | null }
  | { type: "targetChosen"; col: number; target: Target }
  | { type: "guessConfirmed"; col: number }
  | { type: "pairChosen"; row: number; choice: PairChoice }
  | { type: "duplicateRuleChosen"; onDuplicate: OnDuplicate }
  | { type: "badRowRuleChosen"; skipBadRows: boolean }
  | { type: "back"; step: Step }
  | { type: "errorClosed" };

export function importReducer(state: ImportState, action: ImportAction): ImportState {
  switch (action.type) {
    case "reset":
      // The choices that are rules (duplicates, bad rows) and the target list outlive a file.
      return { ...initialImportState, targets: state.targets, onDuplicate: state.onDuplicate, skipBadRows: state.skipBadRows };
    case "inspectStarted":
      return { ...importReducer(state, { type: "reset" }), busy: true };
    case "inspected":
      return { ...state, busy: false, inspection: action.inspection, sheet: action.inspection.suggested_sheet, step: STEP.sheet };
    case "workStarted":
      return { ...state, busy: true, error: null, progress: null };
    case "progress":
      // A message that arrives after the command answered is stale.
      return state.busy ? { ...state, progress: action.progress } : state;
    case "failed":
      return { ...state, busy: false, progress: null, error: action.message };
    case "cancelled":
      return { ...state, busy: false, progress: null };
    case "previewed": {
      const p = action.preview;
      // A sheet in TierDesk's own layout needs no mapping: straight to the preview.
      const step = action.next === STEP.columns && p.exact_headers ? STEP.preview : action.next;
      return {
        ...state, busy: false, progress: null, preview: p, mapping: p.mapping, kind: p.kind, step,
        targets: action.targets ?? state.targets,
      };
    }
    case "committed":
      return { ...state, busy: false, progress: null, summary: action.summary, step: STEP.result };
    case "sheetChosen":
      return { ...state, sheet: action.sheet };
    case "kindChosen":
      return { ...state, kind: action.kind };
    case "targetChosen":
      if (!state.mapping) return state;
      return {
        ...state,
        mapping: {
          ...state.mapping,
          // A target the person chose is sure.
          columns: state.mapping.columns.map((c) => (c.col === action.col ? { ...c, target: action.target, confidence: "high" } : c)),
        },
      };
    case "guessConfirmed":
      if (!state.mapping) return state;
      return {
        ...state,
        mapping: {
          ...state.mapping,
          columns: state.mapping.columns.map((c) => (c.col === action.col ? { ...c, confidence: "high" } : c)),
        },
      };
    case "pairChosen":
      return { ...state, pairChoices: { ...state.pairChoices, [action.row]: action.choice } };
    case "duplicateRuleChosen":
      return { ...state, onDuplicate: action.onDuplicate };
    case "badRowRuleChosen":
      return { ...state, skipBadRows: action.skipBadRows };
    case "back":
      return { ...state, step: action.step };
    case "errorClosed":
      return { ...state, error: null };
  }
}

/** What Rust is asked to read: the chosen file, sheet, kind and rules, with `mapping` (`null`: guess it). */
export function importRequest(state: ImportState, mapping: Mapping | null): ImportRequest {
  return {
    path: state.inspection?.path ?? "", sheet: state.sheet, kind: state.kind, mapping, profile: null,
    on_duplicate: state.onDuplicate, skip_bad_rows: state.skipBadRows,
    // Guesses are applied only once the person confirmed each (never wholesale from the app).
    accept_guesses: false, pairs_all: null,
    pairs: Object.entries(state.pairChoices).map(([row, choice]) => ({ row: Number(row), choice })),
  };
}

/** Columns whose mapping is only a guess the person has not confirmed yet. */
export function unconfirmed(mapping: Mapping): ColumnMapping[] {
  return mapping.columns.filter((c) => c.confidence === "low" && c.target.t !== "ignore");
}

/** Excel's column letters: 0 → A, 26 → AA. */
export function columnLetter(index: number): string {
  let s = "";
  let i = index;
  for (;;) {
    s = String.fromCharCode(65 + (i % 26)) + s;
    if (i < 26) break;
    i = Math.floor(i / 26) - 1;
  }
  return s;
}

/** The target list grouped for a select, each target as its JSON text. */
export function targetGroups(targets: TargetOption[], t: T): { label: string; options: { label: string; value: string }[] }[] {
  const groups = new Map<string, { label: string; value: string }[]>();
  for (const o of targets) {
    const group = t(targetGroupKey(o.target));
    if (!groups.has(group)) groups.set(group, []);
    groups.get(group)!.push({ label: targetLabel(o, t), value: JSON.stringify(o.target) });
  }
  return [...groups.entries()].map(([label, options]) => ({ label, options }));
}

const camel = (code: string) => code.replace(/(^|_)([a-z])/g, (_, __, c: string) => c.toUpperCase());

/** The catalogue key of a target's group in the drop-down (customer, order, custom field, not imported). */
function targetGroupKey(target: Target): keyof Messages {
  const group = { customer: "Customer", tx: "Tx", custom: "Custom", ignore: "Ignore" }[target.t];
  return `importTargetGroup${group}` as keyof Messages;
}

/** A target's label in the UI's language: a built-in field by its code, a custom field by its own label (data). */
export function targetLabel(o: TargetOption, t: T): string {
  const target = o.target;
  if (target.t === "custom") return target.v.label;
  if (target.t === "ignore") return t("importTargetGroupIgnore");
  const key = `importTarget${target.t === "customer" ? "Customer" : "Tx"}${camel(target.v)}`;
  return key in zh ? t(key as keyof Messages) : o.label;
}

/** Up to three values of column `col` from the preview's data rows, for the mapping table. */
export function sampleOf(rows: PreviewRow[], col: number): string {
  return rows.filter((r) => r.fate !== "not_data").slice(0, 3).map((r) => r.cells[col] ?? "").filter(Boolean).join(" / ");
}
