import { describe, expect, it } from "vitest";
import { guarded, holdLeaving, mayLeave } from "./leaveGuard";

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
