// Launch timing for the benchmark: the first paint of the window's frame
// (navigation usable), of the list and of the overview is told to Rust once,
// which prints it under TIERDESK_TIMING=1. Work that must not delay the first
// screen (checking the database file's pages) waits for it here.
import { api } from "../ipc/api";

type Moment = "shell_painted" | "list_painted" | "dashboard_painted";

// A first screen that fails to load (its data unreadable) or takes long
// must not keep the waiting work from running.
const FIRST_SCREEN_LATEST_MS = 3000;

const marked = new Set<Moment>();
let firstScreen = false;
let waiting: Array<() => void> = [];

/** Tells Rust, once per run, that `moment` has been painted (after the next frame). */
export function markPainted(moment: Moment): void {
  if (marked.has(moment)) return;
  marked.add(moment);
  // The frame that shows the commit is drawn before the timeout inside it runs.
  requestAnimationFrame(() =>
    setTimeout(() => {
      void api.launchMark(moment).catch(() => {});
      if (moment === "shell_painted") setTimeout(firstScreenPainted, FIRST_SCREEN_LATEST_MS);
      else firstScreenPainted();
    }, 0),
  );
}

/**
 * Runs `f` once the first screen (the list or the overview) has been painted,
 * or a few seconds after the window's frame if it never is; now if it has been.
 */
export function afterFirstScreen(f: () => void): void {
  if (firstScreen) f();
  else waiting.push(f);
}

function firstScreenPainted(): void {
  if (firstScreen) return;
  firstScreen = true;
  const now = waiting;
  waiting = [];
  now.forEach((f) => f());
}
