// Opening 今日待办 from anywhere in the window (the overview's 待办 card);
// the shell listens and shows the page.
const EVENT = "tierdesk:open-today";

export function openToday(): void {
  window.dispatchEvent(new CustomEvent(EVENT));
}

/** Calls `handler` each time 今日待办 is asked for; returns the unsubscribe. */
export function onOpenToday(handler: () => void): () => void {
  window.addEventListener(EVENT, handler);
  return () => window.removeEventListener(EVENT, handler);
}
