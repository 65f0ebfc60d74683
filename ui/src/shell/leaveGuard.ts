// Leaving a page with unsaved changes asks first. An editor with changes
// holds the guard (`holdLeaving`) while it is open; the shell passes every
// page change through `guarded`, which asks the holder before moving on.
// Closing the window (its title bar's ×, 文件 → 退出, Ctrl+Q) asks too:
// `guardWindowClose` answers the window's close request with `mayClose`.
import { getCurrentWindow } from "@tauri-apps/api/window";

type Holder = { dirty: () => boolean; ask: () => Promise<boolean> };

let holder: Holder | null = null;

/** Registers an editor's unsaved-changes check; returns the release to call on close. */
export function holdLeaving(dirty: () => boolean, ask: () => Promise<boolean>): () => void {
  const mine: Holder = { dirty, ask };
  holder = mine;
  return () => {
    if (holder === mine) holder = null;
  };
}

/** Whether the page may change now: yes without unsaved changes, else what the person answers. */
export async function mayLeave(): Promise<boolean> {
  if (!holder || !holder.dirty()) return true;
  return holder.ask();
}

/** A setter that changes the page only when `mayLeave` says so. */
export function guarded<T>(set: (v: T) => void): (v: T) => void {
  return (v: T) => {
    void mayLeave().then((ok) => {
      if (ok) set(v);
    });
  };
}

/** The question about closing now on screen, if any. */
let closing: Promise<boolean> | null = null;

/**
 * Whether the window may close now: yes without unsaved changes, else what the person answers
 * `ask`. A second request while the question is on screen is refused: the question decides.
 */
export function mayClose(ask: () => Promise<boolean>): Promise<boolean> {
  if (!holder || !holder.dirty()) return Promise.resolve(true);
  if (closing) return Promise.resolve(false);
  const answer = ask().finally(() => { closing = null; });
  closing = answer;
  return answer;
}

/** Keeps the window open while `mayClose(ask)` says no; returns the release. */
export function guardWindowClose(ask: () => Promise<boolean>): () => void {
  let release: (() => void) | null = null;
  let released = false;
  getCurrentWindow()
    .onCloseRequested(async (event) => {
      if (!(await mayClose(ask))) event.preventDefault();
    })
    .then((stop) => (released ? stop() : (release = stop)), () => undefined);
  return () => {
    released = true;
    release?.();
  };
}

/** Asks the window to close as its title bar's × does (Ctrl+Q): the guard above answers. */
export function closeWindow(): void {
  getCurrentWindow().close().catch(() => undefined);
}
