import { act, renderHook } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { ApiError, DbInfo, FieldDef, TierLabel } from "../ipc/api";
import { askEarly } from "./early";
import { useShellLoad, type ShellLoad } from "./useShellLoad";

const calls = {
  dbInfo: vi.fn(),
  myName: vi.fn(),
  fieldDefs: vi.fn(),
  tierLabels: vi.fn(),
  startupError: vi.fn(),
};
vi.mock("../ipc/api", () => ({
  api: {
    dbInfo: () => calls.dbInfo(),
    myName: () => calls.myName(),
    fieldDefs: () => calls.fieldDefs(),
    tierLabels: () => calls.tierLabels(),
    startupError: () => calls.startupError(),
  },
  asApiError: (e: unknown) => ({ code: "internal", message: String(e) }),
}));

const info = (customers: number) => ({ path: "/tmp/a.db", customers }) as DbInfo;
const field = (key: string) => ({ key, label: key, kind: "text", choices: [] }) as FieldDef;

/** A promise and the hands that settle it. */
function later<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((y, n) => { resolve = y; reject = n; });
  return { promise, resolve, reject };
}

/** The hook with hands that record what the shell was told, in order. */
function shell() {
  const seen: string[] = [];
  const on: ShellLoad = {
    facts: (i) => seen.push(`facts ${i.customers}`),
    first: (i) => seen.push(`first ${i.customers}`),
    lists: (defs) => seen.push(`lists ${defs.map((d) => d.key).join(",")}`),
    failed: (r: ApiError) => seen.push(`failed ${r.message}`),
  };
  const { result } = renderHook(() => useShellLoad(on));
  return { seen, refresh: () => result.current() };
}

beforeEach(() => {
  for (const f of Object.values(calls)) f.mockReset();
  calls.myName.mockResolvedValue(null);
  calls.tierLabels.mockResolvedValue([] as TierLabel[]);
  calls.startupError.mockResolvedValue(null);
});

describe("the shell's reading of the file", () => {
  it("keeps the newest reading when the launch's early one (an empty archive) comes back after it", async () => {
    const early = later<DbInfo>();
    askEarly("dbInfo", () => early.promise);
    calls.dbInfo.mockResolvedValueOnce(info(200));
    calls.fieldDefs.mockResolvedValueOnce([field("new")]);
    const { seen, refresh } = shell();
    const launch = refresh();
    // 填充演示数据 done: the shell reads again while the launch's reading is on its way.
    await act(() => refresh());
    expect(seen).toEqual(["facts 200", "first 200", "lists new"]);
    calls.fieldDefs.mockResolvedValueOnce([field("old")]);
    await act(async () => { early.resolve(info(0)); await launch; });
    expect(seen).toEqual(["facts 200", "first 200", "lists new"]);
    expect(calls.dbInfo).toHaveBeenCalledTimes(1);
  });

  it("makes the launch's choice of page once when the launch runs twice, and takes the early reading once", async () => {
    askEarly("dbInfo", async () => info(5));
    calls.dbInfo.mockResolvedValue(info(5));
    calls.fieldDefs.mockResolvedValue([field("a")]);
    const { seen, refresh } = shell();
    await act(() => Promise.all([refresh(), refresh()]).then(() => undefined));
    expect(seen).toEqual(["facts 5", "first 5", "lists a"]);
    expect(calls.dbInfo).toHaveBeenCalledTimes(1);
    await act(() => refresh());
    expect(seen.filter((s) => s.startsWith("first"))).toEqual(["first 5"]);
    expect(seen).toHaveLength(5);
    expect(calls.dbInfo).toHaveBeenCalledTimes(2);
  });

  it("drops a late reading's lists and a late failure, applying the newest", async () => {
    const slowDefs = later<FieldDef[]>();
    calls.dbInfo.mockResolvedValueOnce(info(1)).mockRejectedValueOnce("数据库忙").mockResolvedValueOnce(info(3));
    calls.fieldDefs.mockReturnValueOnce(slowDefs.promise).mockResolvedValueOnce([field("c")]);
    const { seen, refresh } = shell();
    const one = refresh();
    await act(async () => { await Promise.resolve(); await Promise.resolve(); });
    expect(seen).toEqual(["facts 1", "first 1"]);
    const two = refresh();
    await act(() => refresh());
    await act(async () => { await two; slowDefs.resolve([field("stale")]); await one; });
    expect(seen).toEqual(["facts 1", "first 1", "facts 3", "lists c"]);
  });

  it("reports the store's start-up refusal when the newest reading fails", async () => {
    calls.dbInfo.mockRejectedValueOnce("x");
    calls.startupError.mockResolvedValueOnce({ code: "password_needed", message: "需要密码" });
    const { seen, refresh } = shell();
    await act(() => refresh());
    expect(seen).toEqual(["failed 需要密码"]);
    calls.dbInfo.mockResolvedValueOnce(info(2));
    calls.fieldDefs.mockResolvedValueOnce([]);
    await act(() => refresh());
    expect(seen).toEqual(["failed 需要密码", "facts 2", "first 2", "lists "]);
  });
});
