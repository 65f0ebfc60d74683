// Every command Rust registers is called by exactly one function of the
// typed IPC table, and every function calls a registered command: a command
// added on one side only fails here, not in a person's click.
import { describe, expect, it, vi } from "vitest";

const invoked: { cmd: string; args?: Record<string, unknown> }[] = [];

vi.mock("@tauri-apps/api/core", () => ({
  invoke: async (cmd: string, args?: Record<string, unknown>) => { invoked.push({ cmd, args }); return null; },
  Channel: class { onmessage: (m: unknown) => void = () => {}; },
}));
vi.mock("@tauri-apps/api/event", () => ({ listen: async () => () => {} }));
vi.mock("@tauri-apps/api/webview", () => ({ getCurrentWebview: () => ({ onDragDropEvent: async () => () => {} }) }));
vi.mock("@tauri-apps/plugin-dialog", () => ({ open: async () => null, save: async () => null }));

const { api } = await import("./api");
const { COMMANDS } = await import("./commands");

describe("the IPC table", () => {
  it("calls every registered command from exactly one function, and nothing else", async () => {
    const byFunction = new Map<string, string[]>();
    for (const [name, fn] of Object.entries(api)) {
      invoked.length = 0;
      // Arguments do not matter to the mock; progress callbacks become channels.
      await (fn as (...a: unknown[]) => Promise<unknown>)(null, null, null, () => {});
      byFunction.set(name, invoked.map((i) => i.cmd));
    }
    for (const [name, cmds] of byFunction) expect(cmds, name).toHaveLength(1);
    const called = [...byFunction.values()].map((c) => c[0]);
    expect(new Set(called).size, "two functions call the same command").toBe(called.length);
    expect([...called].sort()).toEqual([...COMMANDS].sort());
  });

  it("gives long commands a channel whose messages reach the caller", async () => {
    const seen: unknown[] = [];
    invoked.length = 0;
    await api.commitImport({} as never, (p) => seen.push(p));
    const ch = invoked[0].args?.onProgress as { onmessage: (m: unknown) => void };
    ch.onmessage({ stage: "writing", done: 1, total: 2 });
    expect(seen).toEqual([{ stage: "writing", done: 1, total: 2 }]);
  });
});
