// The conflict dialog's choices: every clash starts as mine, the save goes
// again with the theirs picked and the version the dialog showed, and values
// are written as people read them.
import { describe, expect, it } from "vitest";
import type { EditBase, EditConflict } from "../ipc/api";
import { zh } from "../i18n/zh";
import { en } from "../i18n/en";
import { conflictOf, fieldLabel, initialChoices, keptLabels, resolvedBase, theirsKeys, valueText } from "./choices";

const conflict: EditConflict = {
  kind: "customer",
  who: "张三",
  when: "2026-12-01 10:32:05",
  version: 7,
  fields: [
    { key: "notes", label: "备注", mine: "李四的备注", theirs: "张三的备注", original: "老客户" },
    { key: "address", label: "地址", mine: "南京市", theirs: "杭州市", original: "上海市" },
    { key: "fields.vip_no", label: "会员号", mine: "A1", theirs: "B2", original: null },
  ],
  current: { notes: "张三的备注", address: "杭州市" },
};

const base: EditBase<{ notes: string }> = { version: 5, values: { notes: "老客户" }, resolved: null };

describe("conflict choices", () => {
  it("start as mine for every clashing field, and only those", () => {
    const c = initialChoices(conflict);
    expect(Object.keys(c)).toEqual(["notes", "address", "fields.vip_no"]);
    expect(Object.values(c).every((s) => s === "mine")).toBe(true);
    expect(theirsKeys(conflict, c)).toEqual([]);
  });

  it("send the same base again with the fields picked as theirs and the version shown", () => {
    const c = { ...initialChoices(conflict), address: "theirs" as const, "fields.vip_no": "theirs" as const };
    const again = resolvedBase(base, conflict, c);
    expect(again.version).toBe(5);
    expect(again.values).toBe(base.values);
    expect(again.resolved).toEqual({ version: 7, theirs: ["address", "fields.vip_no"] });
    // A key that is not a clash is never sent as a choice.
    expect(resolvedBase(base, conflict, { ...c, phone: "theirs" }).resolved?.theirs).toEqual(["address", "fields.vip_no"]);
    // Back to mine: no longer listed.
    expect(resolvedBase(base, conflict, { ...c, address: "mine" }).resolved?.theirs).toEqual(["fields.vip_no"]);
  });

  it("tell a conflict from other refusals", () => {
    expect(conflictOf({ code: "edit_conflict", message: "", problems: [], conflict })).toBe(conflict);
    expect(conflictOf({ code: "edit_conflict", message: "", problems: [] })).toBeNull();
    expect(conflictOf({ code: "conflict", message: "", problems: [], conflict })).toBeNull();
  });

  it("write values as people read them", () => {
    expect(valueText(null, "（空）")).toBe("（空）");
    expect(valueText("", "（空）")).toBe("（空）");
    expect(valueText([], "（空）")).toBe("（空）");
    expect(valueText(["重点", "华东"], "（空）")).toBe("重点、华东");
    expect(valueText(1234567.5, "")).toBe("1,234,567.5");
    expect(valueText(5130, "")).toBe("5,130");
    expect(valueText(true, "")).toBe("true");
  });

  it("name fields with the form's words in either language, else Rust's label", () => {
    const tz = (k: keyof typeof zh) => zh[k];
    const te = (k: keyof typeof zh) => en[k];
    expect(fieldLabel(tz, "customer", conflict.fields[0])).toBe(zh.notes);
    expect(fieldLabel(te, "customer", conflict.fields[0])).toBe(en.notes);
    expect(fieldLabel(te, "customer", conflict.fields[2])).toBe("会员号");
    expect(fieldLabel(te, "followup", { key: "outcome", label: "结果" })).toBe(en.followupOutcome);
    expect(keptLabels(tz, "customer", [{ key: "address", label: "地址" }, { key: "notes", label: "备注" }], "、")).toBe(`${zh.address}、${zh.notes}`);
  });
});
