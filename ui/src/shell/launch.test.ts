import { afterEach, describe, expect, it, vi } from "vitest";

const marks: string[] = [];
vi.mock("../ipc/api", () => ({
  api: { launchMark: async (moment: string) => { marks.push(moment); } },
}));

/** A fresh copy of the module: it remembers what was painted. */
async function launch() {
  vi.resetModules();
  marks.length = 0;
  return import("./launch");
}

/** Lets the frame and the timeout inside it run. */
const nextFrame = () => new Promise((done) => setTimeout(done, 50));

afterEach(() => vi.useRealTimers());

describe("work after the first screen", () => {
  it("waits for the list or the overview, not the frame, and runs once", async () => {
    const { afterFirstScreen, markPainted } = await launch();
    const ran: string[] = [];
    afterFirstScreen(() => ran.push("check"));
    markPainted("shell_painted");
    await nextFrame();
    expect(marks).toEqual(["shell_painted"]);
    expect(ran).toEqual([]);
    markPainted("list_painted");
    await nextFrame();
    expect(ran).toEqual(["check"]);
    markPainted("dashboard_painted");
    await nextFrame();
    expect(ran).toEqual(["check"]);
    // Asked for after the first screen, it runs at once.
    afterFirstScreen(() => ran.push("again"));
    expect(ran).toEqual(["check", "again"]);
    expect(marks).toEqual(["shell_painted", "list_painted", "dashboard_painted"]);
  });

  it("runs a few seconds after the frame when no first screen is painted", async () => {
    const { afterFirstScreen, markPainted } = await launch();
    vi.useFakeTimers({ toFake: ["setTimeout", "requestAnimationFrame"] });
    const ran: string[] = [];
    afterFirstScreen(() => ran.push("check"));
    markPainted("shell_painted");
    vi.advanceTimersByTime(2900);
    expect(ran).toEqual([]);
    vi.advanceTimersByTime(200);
    expect(ran).toEqual(["check"]);
    // The list painted later does not run it again.
    markPainted("list_painted");
    vi.advanceTimersByTime(100);
    expect(ran).toEqual(["check"]);
  });
});
