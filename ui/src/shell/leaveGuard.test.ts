import { describe, expect, it } from "vitest";
import { guarded, holdLeaving, mayClose, mayLeave } from "./leaveGuard";

const tick = () => new Promise((r) => setTimeout(r, 0));

describe("leaving with unsaved changes", () => {
  it("asks only while an editor with changes holds the guard", async () => {
    let dirty = false;
    let answer = false;
    let asked = 0;
    const seen: string[] = [];
    const go = guarded((v: string) => seen.push(v));
    expect(await mayLeave()).toBe(true);
    const release = holdLeaving(() => dirty, async () => { asked++; return answer; });
    go("a");
    await tick();
    expect(seen).toEqual(["a"]);
    expect(asked).toBe(0);
    dirty = true;
    go("b");
    await tick();
    expect(seen).toEqual(["a"]);
    expect(asked).toBe(1);
    answer = true;
    go("c");
    await tick();
    expect(seen).toEqual(["a", "c"]);
    release();
    answer = false;
    go("d");
    await tick();
    expect(seen).toEqual(["a", "c", "d"]);
    expect(asked).toBe(2);
  });
});

describe("closing the window with unsaved changes", () => {
  it("asks only with unsaved changes, once at a time, and closes on the answer 放弃", async () => {
    let dirty = false;
    let asked = 0;
    let answer!: (v: boolean) => void;
    const ask = () => { asked++; return new Promise<boolean>((r) => { answer = r; }); };
    expect(await mayClose(ask)).toBe(true);
    const release = holdLeaving(() => dirty, async () => true);
    expect(await mayClose(ask)).toBe(true);
    expect(asked).toBe(0);
    dirty = true;
    const first = mayClose(ask);
    expect(asked).toBe(1);
    // Ctrl+Q again while the question is on screen: refused, not asked twice.
    expect(await mayClose(ask)).toBe(false);
    expect(asked).toBe(1);
    answer(false);
    expect(await first).toBe(false);
    const second = mayClose(ask);
    expect(asked).toBe(2);
    answer(true);
    expect(await second).toBe(true);
    release();
    expect(await mayClose(ask)).toBe(true);
    expect(asked).toBe(2);
  });
});
