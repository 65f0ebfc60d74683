// The scheme editor's save: the base it sends, and whether it closes or stays
// open on the merged scheme after the answer.
import { describe, expect, it } from "vitest";
import type { Saved, SchemeSummary } from "../ipc/api";
import { afterSchemeSave, schemeBase } from "./schemeSave";

const summary = (toml: string, revision: number): SchemeSummary => ({
  key: "star4", name: "四星级", version: 1, description: "", method: "门槛条件", cycle: "每年",
  method_msg: { key: "x", params: {} } as never, cycle_msg: { key: "y", params: {} } as never,
  active: true, tiers: [], toml, revision, updated_by: "李四", updated_at: "2026-12-01 10:32:05",
});

describe("scheme editor save", () => {
  it("sends the revision and the file it opened, with no choices", () => {
    const base = schemeBase({ source: 'key = "star4"\n', revision: 7 });
    expect(base).toEqual({ version: 7, values: 'key = "star4"\n', resolved: null });
  });

  it("closes when nothing of theirs was kept", () => {
    const saved: Saved<SchemeSummary> = { item: summary("a", 8), theirs_kept: [] };
    expect(afterSchemeSave(saved)).toEqual({ close: true });
  });

  it("stays open on the merged scheme as stored, naming exactly what they changed", () => {
    const theirs = [{ key: "tiers.gold.condition", label: "「金牌」的条件" }, { key: "description", label: "方案说明" }];
    const after = afterSchemeSave({ item: summary("merged toml", 9), theirs_kept: theirs });
    expect(after.close).toBe(false);
    if (after.close) return;
    // The next save starts from the merged scheme at its new revision.
    expect(after.opened).toEqual({ source: "merged toml", revision: 9 });
    expect(schemeBase(after.opened).version).toBe(9);
    expect(after.theirs.map((f) => f.key)).toEqual(["tiers.gold.condition", "description"]);
  });
});
