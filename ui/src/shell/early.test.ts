import { afterEach, describe, expect, it, vi } from "vitest";
import { askEarly, takeEarly } from "./early";

afterEach(() => vi.useRealTimers());

describe("early answers", () => {
  it("are taken once, by key", async () => {
    let asked = 0;
    askEarly("dbInfo", async () => { asked += 1; return 7; });
    expect(takeEarly("list")).toBeNull();
    expect(await takeEarly<number>("dbInfo")).toBe(7);
    expect(takeEarly("dbInfo")).toBeNull();
    expect(asked).toBe(1);
  });

  it("are dropped when they have waited too long", () => {
    vi.useFakeTimers();
    askEarly("list", async () => 1);
    vi.advanceTimersByTime(5001);
    expect(takeEarly("list")).toBeNull();
  });

  it("keep a failure for the taker instead of an unhandled rejection", async () => {
    askEarly("dashboard", () => Promise.reject(new Error("数据库忙")));
    await expect(takeEarly("dashboard")).rejects.toThrow("数据库忙");
  });
});
