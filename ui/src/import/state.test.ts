import { describe, expect, it } from "vitest";
import type { T } from "../i18n";
import { en } from "../i18n/en";
import { zh } from "../i18n/zh";
import type { FileInspection, ImportPreview, ImportSummary, Mapping, PreviewRow, TargetOption } from "../ipc/api";
import {
  STEP, columnLetter, importReducer, importRequest, initialImportState, sampleOf, targetGroups, unconfirmed,
  type ImportAction, type ImportState,
} from "./state";

const inspection: FileInspection = {
  path: "/tmp/客户.xlsx", file_name: "客户.xlsx", format: "xlsx",
  sheets: [{ name: "说明", visible: true, rows: 3 }, { name: "客户", visible: true, rows: 120 }],
  suggested_sheet: "客户",
};

const mapping: Mapping = {
  header_rows: [1], data_start: 2,
  columns: [
    { col: 0, header: "客户名称", target: { t: "customer", v: "name" }, unit: null, confidence: "high" },
    { col: 1, header: "满意度", target: { t: "custom", v: { key: "manyidu", label: "满意度", kind: "text" } }, unit: null, confidence: "high" },
  ],
};

const row = (n: number, fate: PreviewRow["fate"], cells: string[]): PreviewRow => ({ row: n, cells, fate, matched: null });

const preview = (exact: boolean): ImportPreview => ({
  file_name: "客户.xlsx", sheet: "客户", format: "xlsx", kind: "customers", mapping, profile: null,
  exact_headers: exact, headers: ["客户名称", "满意度"], rows: [row(3, "new", ["华信", "高"])],
  counts: {
    rows_read: 1, new: 1, updated: 0, unchanged: 0, skipped: 0, rejected: 0, lines: 0, lines_without_customer: 0,
    duplicates_in_file: 0, new_fields: [],
  } as unknown as ImportPreview["counts"],
  problems: [], problem_count: 0, guessed: [], possible_duplicates: [],
}) as unknown as ImportPreview;

const summary = { import_id: 7, rows_read: 1, inserted: 1 } as unknown as ImportSummary;
const targets: TargetOption[] = [
  { target: { t: "customer", v: "name" }, label: "客户名称", group: "客户" },
  { target: { t: "customer", v: "phone" }, label: "联系电话", group: "客户" },
  { target: { t: "tx", v: "amount" }, label: "金额", group: "订单" },
] as TargetOption[];

/** The state after `actions`, from the initial one. */
const run = (...actions: ImportAction[]): ImportState => actions.reduce(importReducer, initialImportState);

const inspected = (): ImportState => run({ type: "inspectStarted" }, { type: "inspected", inspection });

describe("the import wizard's reducer", () => {
  it("inspecting a file clears the last one and shows its sheets with the suggested one chosen", () => {
    const before = run({ type: "inspectStarted" }, { type: "inspected", inspection }, { type: "workStarted" },
      { type: "previewed", preview: preview(false), next: STEP.columns, targets });
    const busy = importReducer(before, { type: "inspectStarted" });
    expect([busy.step, busy.busy, busy.inspection, busy.preview, busy.mapping]).toEqual([STEP.file, true, null, null, null]);
    // The target list is the archive's, not the file's: it is kept.
    expect(busy.targets).toBe(targets);
    const s = importReducer(busy, { type: "inspected", inspection });
    expect([s.step, s.busy, s.sheet, s.inspection]).toEqual([STEP.sheet, false, "客户", inspection]);
  });

  it("a failure stops the work and says why; closing it clears it", () => {
    const s = run({ type: "inspectStarted" }, { type: "failed", message: "文件「x.xlsx」不存在" });
    expect([s.step, s.busy, s.error]).toEqual([STEP.file, false, "文件「x.xlsx」不存在"]);
    expect(importReducer(s, { type: "errorClosed" }).error).toBeNull();
  });

  it("work clears the old error and progress; progress counts only while busy", () => {
    const failed = importReducer(inspected(), { type: "failed", message: "读不出" });
    const working = importReducer(failed, { type: "workStarted" });
    expect([working.busy, working.error, working.progress]).toEqual([true, null, null]);
    const p = { stage: "reading" as const, done: 500, total: 1000 };
    expect(importReducer(working, { type: "progress", progress: p }).progress).toEqual(p);
    const idle = importReducer(working, { type: "cancelled" });
    expect([idle.busy, idle.progress, idle.error, idle.step]).toEqual([false, null, null, STEP.sheet]);
    expect(importReducer(idle, { type: "progress", progress: p })).toBe(idle);
  });

  it("a preview goes to the columns, or straight to the preview when the headers are TierDesk's own", () => {
    const guessed = importReducer(importReducer(inspected(), { type: "workStarted" }),
      { type: "previewed", preview: preview(false), next: STEP.columns, targets });
    expect([guessed.step, guessed.busy, guessed.mapping, guessed.kind, guessed.targets]).toEqual([STEP.columns, false, mapping, "customers", targets]);
    const exact = importReducer(inspected(), { type: "previewed", preview: preview(true), next: STEP.columns });
    expect(exact.step).toBe(STEP.preview);
    // From the columns step the next step is the preview whatever the headers.
    expect(importReducer(guessed, { type: "previewed", preview: preview(false), next: STEP.preview }).step).toBe(STEP.preview);
    // Without a new target list the old one stays.
    expect(importReducer(guessed, { type: "previewed", preview: preview(false), next: STEP.preview }).targets).toBe(targets);
  });

  it("choosing a target changes that column only", () => {
    const s = importReducer(inspected(), { type: "previewed", preview: preview(false), next: STEP.columns });
    const changed = importReducer(s, { type: "targetChosen", col: 1, target: { t: "ignore" } });
    expect(changed.mapping!.columns.map((c) => c.target)).toEqual([{ t: "customer", v: "name" }, { t: "ignore" }]);
    expect(s.mapping).toBe(mapping);
    // Without a mapping there is nothing to change.
    expect(importReducer(inspected(), { type: "targetChosen", col: 1, target: { t: "ignore" } }).mapping).toBeNull();
  });

  it("the sheet, kind and rules chosen go into the request", () => {
    const s = run(
      { type: "inspectStarted" }, { type: "inspected", inspection },
      { type: "sheetChosen", sheet: "说明" }, { type: "kindChosen", kind: "transactions" },
      { type: "duplicateRuleChosen", onDuplicate: "skip" }, { type: "badRowRuleChosen", skipBadRows: false },
    );
    expect(importRequest(s, mapping)).toEqual({
      path: "/tmp/客户.xlsx", sheet: "说明", kind: "transactions", mapping, profile: null,
      on_duplicate: "skip", skip_bad_rows: false, accept_guesses: false, pairs_all: null, pairs: [],
    });
    expect(importRequest(importReducer(s, { type: "kindChosen", kind: null }), null).kind).toBeNull();
    expect(importRequest(initialImportState, null).path).toBe("");
  });

  it("the rules outlive a reset; the file, its sheet and its preview do not", () => {
    const s = run(
      { type: "inspectStarted" }, { type: "inspected", inspection },
      { type: "duplicateRuleChosen", onDuplicate: "new" }, { type: "badRowRuleChosen", skipBadRows: false },
      { type: "previewed", preview: preview(false), next: STEP.preview },
      { type: "reset" },
    );
    expect([s.step, s.inspection, s.sheet, s.kind, s.preview, s.mapping]).toEqual([STEP.file, null, null, null, null, null]);
    expect([s.onDuplicate, s.skipBadRows]).toEqual(["new", false]);
  });

  it("committing shows the result; back goes to the step asked", () => {
    const s = importReducer(importReducer(inspected(), { type: "workStarted" }), { type: "committed", summary });
    expect([s.step, s.busy, s.summary]).toEqual([STEP.result, false, summary]);
    expect(importReducer(s, { type: "back", step: STEP.columns }).step).toBe(STEP.columns);
  });
});

describe("the wizard's small helpers", () => {
  it("numbers columns as Excel does", () => {
    expect([0, 1, 25, 26, 27, 51, 52, 701, 702].map(columnLetter)).toEqual(["A", "B", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"]);
  });

  it("groups the targets in the order they come, each as its JSON text, labelled in the UI's language", () => {
    const all = [
      ...targets,
      { target: { t: "custom", v: { key: "c1", label: "会员卡号", kind: "text" } }, label: "会员卡号", group: "自定义字段" },
      { target: { t: "ignore" }, label: "不导入", group: "不导入" },
    ] as TargetOption[];
    const tEn: T = (k) => en[k];
    expect(targetGroups(all, tEn)).toEqual([
      { label: "Customer fields", options: [{ label: "Customer name", value: '{"t":"customer","v":"name"}' }, { label: "Phone", value: '{"t":"customer","v":"phone"}' }] },
      { label: "Order fields", options: [{ label: "Amount", value: '{"t":"tx","v":"amount"}' }] },
      { label: "Custom fields", options: [{ label: "会员卡号", value: '{"t":"custom","v":{"key":"c1","label":"会员卡号","kind":"text"}}' }] },
      { label: "Do not import", options: [{ label: "Do not import", value: '{"t":"ignore"}' }] },
    ]);
    // In Chinese every built-in label is Rust's own (tierdesk-mapping fields.rs).
    const tZh: T = (k) => zh[k];
    expect(targetGroups(targets, tZh).flatMap((g) => [g.label, ...g.options.map((o) => o.label)])).toEqual(["客户字段", "客户名称", "联系方式", "订单字段", "金额"]);
  });

  it("has every built-in target field's Chinese exactly as Rust labels it", async () => {
    // Node's fs (the UI's types know no Node): the Rust labels read as text.
    const fsModule: string = "node:fs";
    const fs = (await import(/* @vite-ignore */ fsModule)) as { readFileSync: (p: string, e: string) => string };
    const fieldsRs = fs.readFileSync("../crates/tierdesk-mapping/src/fields.rs", "utf8") // vitest runs in ui/;
    const labels = [...fieldsRs.matchAll(/(CustomerField|TxField)::(\w+) => "([^"]*[\u3400-\u9fff][^"]*)"/g)];
    expect(labels.length).toBe(31);
    for (const [, kind, variant, label] of labels) {
      const key = `importTarget${kind === "CustomerField" ? "Customer" : "Tx"}${variant}` as keyof typeof zh;
      expect([key, zh[key]]).toEqual([key, label]);
    }
  });

  it("samples up to three data rows, skipping totals and empty cells", () => {
    const rows = [row(3, "not_data", ["合计"]), row(4, "new", ["甲"]), row(5, "update", [""]), row(6, "new", ["乙"]), row(7, "new", ["丙"]), row(8, "new", ["丁"])];
    expect(sampleOf(rows, 0)).toBe("甲 / 乙");
    expect(sampleOf(rows, 3)).toBe("");
  });

  it("a guessed column waits for a decision: confirmed, changed or set to 不导入", () => {
    const guessing: Mapping = {
      ...mapping,
      columns: [
        ...mapping.columns,
        { col: 2, header: "营业额元", target: { t: "customer", v: "spend" }, unit: "yuan", confidence: "low" },
        { col: 3, header: "参会代表手机", target: { t: "customer", v: "phone" }, unit: null, confidence: "low" },
        { col: 4, header: "资产", target: { t: "ignore" }, unit: null, confidence: "low" },
      ],
    };
    const start = run({ type: "inspectStarted" }, { type: "inspected", inspection },
      { type: "previewed", preview: { ...preview(false), mapping: guessing }, next: STEP.columns });
    expect(unconfirmed(start.mapping!).map((c) => c.header)).toEqual(["营业额元", "参会代表手机"]);
    const confirmed = importReducer(start, { type: "guessConfirmed", col: 2 });
    expect(confirmed.mapping!.columns[2]).toEqual({ ...guessing.columns[2], confidence: "high" });
    expect(unconfirmed(confirmed.mapping!).map((c) => c.header)).toEqual(["参会代表手机"]);
    const skipped = importReducer(confirmed, { type: "targetChosen", col: 3, target: { t: "ignore" } });
    expect(unconfirmed(skipped.mapping!)).toEqual([]);
    // What Rust is asked for carries the confirmations, never a wholesale accept.
    const req = importRequest(skipped, skipped.mapping);
    expect(req.accept_guesses).toBe(false);
    expect(req.mapping!.columns.map((c) => [c.col, c.target.t, c.confidence])).toEqual([
      [0, "customer", "high"], [1, "custom", "high"], [2, "customer", "high"], [3, "ignore", "high"], [4, "ignore", "low"],
    ]);
  });

  it("each possible duplicate keeps its own choice until the next file", () => {
    const s = run({ type: "inspectStarted" }, { type: "inspected", inspection },
      { type: "pairChosen", row: 3, choice: "merge" }, { type: "pairChosen", row: 5, choice: "separate" },
      { type: "pairChosen", row: 3, choice: "separate" }, { type: "pairChosen", row: 7, choice: "merge" });
    const req = importRequest(s, null);
    expect([req.pairs_all, req.pairs]).toEqual([null, [
      { row: 3, choice: "separate" }, { row: 5, choice: "separate" }, { row: 7, choice: "merge" },
    ]]);
    expect(importReducer(s, { type: "reset" }).pairChoices).toEqual({});
  });
});
