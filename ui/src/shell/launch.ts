// Launch timing for the benchmark: the first paint of the window's frame
// (navigation usable), of the list and of the overview is told to Rust once,
// which prints it under TIERDESK_TIMING=1.
import { api } from "../ipc/api";

const marked = new Set<string>();

/** Tells Rust, once per run, that `moment` has been painted (after the next frame). */
export function markPainted(moment: "shell_painted" | "list_painted" | "dashboard_painted"): void {
  if (marked.has(moment)) return;
  marked.add(moment);
  // The frame that shows the commit is drawn before the timeout inside it runs.
  requestAnimationFrame(() => setTimeout(() => void api.launchMark(moment).catch(() => {}), 0));
}
