import { describe, expect, it } from "vitest";
import { dbPlace, teamPlace } from "./place";

describe("the status bar's place of the open database", () => {
  it("names a team database by database, host and port, never the password", () => {
    const cases: [string, string | null][] = [
      ["postgres://desk@10.0.0.5:6543/tierdesk", "tierdesk @ 10.0.0.5:6543"],
      ["postgres://desk@db.example/tierdesk?sslmode=verify-full&sslrootcert=%2Fca.pem", "tierdesk @ db.example:5432"],
      ["postgresql://desk:secret@localhost:5433/%E5%AE%A2%E6%88%B7?sslmode=disable", "\u5ba2\u6237 @ localhost:5433"],
      ["postgres://desk@[::1]:5432/t", "t @ [::1]:5432"],
      ["/home/me/tierdesk.db", null],
      ["C:\\data\\postgres.db", null],
    ];
    for (const [path, want] of cases) {
      expect(teamPlace(path), path).toBe(want);
      expect(teamPlace(path) ?? "").not.toContain("secret");
    }
  });

  it("shows a file's path as it is", () => {
    expect(dbPlace({ path: "/a/b.db", team: false })).toEqual({ team: false, place: "/a/b.db" });
    expect(dbPlace({ path: "postgres://u@h:1/d", team: true })).toEqual({ team: true, place: "d @ h:1" });
    expect(dbPlace(null)).toEqual({ team: false, place: "" });
  });
});
