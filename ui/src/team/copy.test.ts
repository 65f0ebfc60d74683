import { describe, expect, it } from "vitest";
import { differing, shortSum, skipKey } from "./CopyToTeamDialog";
import { zh } from "../i18n/zh";
import { en } from "../i18n/en";
import type { TeamCopyReport } from "../ipc/api";

const table = (name: string, same: boolean) => ({
  table: name, local_rows: 3, team_rows: same ? 3 : 2, local_checksum: "a".repeat(64), team_checksum: same ? "a".repeat(64) : "b".repeat(64), same,
});

describe("迁移到团队数据库's result", () => {
  it("names the tables that differ, in copy order, and none when all are the same", () => {
    const report: TeamCopyReport = {
      tables: [table("customers", true), table("followups", false), table("audit_log", true), table("todos", false)],
      skipped: [], saved: false, team: "tierdesk @ localhost:5432", seconds: 1.5,
    };
    expect(differing(report)).toEqual(["followups", "todos"]);
    expect(differing({ ...report, tables: report.tables.map((t) => ({ ...t, same: true })) })).toEqual([]);
  });

  it("says why each kind of table is not copied, in both languages, each kind its own words", () => {
    // The kinds Rust's SKIPPED list gives (crates/tierdesk-store/src/team_copy/plan.rs).
    const kinds = ["migrations", "sequence", "stats", "search", "users"];
    const keys = kinds.map(skipKey);
    expect(new Set(keys).size).toBe(kinds.length);
    for (const k of [...keys, skipKey("something-new")]) {
      expect(zh[k], k).toBeTruthy();
      expect(en[k], k).toBeTruthy();
    }
    expect(skipKey("something-new")).toBe("teamCopySkip_other");
  });

  it("shows the first 16 hex digits of a checksum", () => {
    expect(shortSum("0123456789abcdef0123")).toBe("0123456789abcdef");
  });
});
