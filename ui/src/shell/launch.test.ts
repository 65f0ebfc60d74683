import { describe, expect, it, vi } from "vitest";

const marks: string[] = [];
vi.mock("../ipc/api", () => ({
  api: { launchMark: async (moment: string) => { marks.push(moment); } },
}));

import { afterFirstScreen, markPainted } from "./launch";

/** Lets the frame and the timeout inside it run. */
const nextFrame = () => new Promise((done) => setTimeout(done, 50));

describe("work after the first screen", () => {
  it("waits for the list or the overview, not the frame, and runs once", async () => {
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
});
