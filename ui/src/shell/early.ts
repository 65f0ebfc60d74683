// Answers asked for as soon as the script runs (main.tsx), before React has
// drawn anything, so Rust reads them while the window renders. The first
// component that needs one takes it once; an answer not taken within a few
// seconds is dropped, so nothing shows an old reading.
const MAX_AGE_MS = 5000;
const early = new Map<string, { at: number; answer: Promise<unknown> }>();

/** Starts `ask` now and keeps its answer under `key`. */
export function askEarly<T>(key: string, ask: () => Promise<T>): void {
  const answer = ask();
  // An error is reported by whoever takes the answer.
  answer.catch(() => {});
  early.set(key, { at: performance.now(), answer });
}

/** The answer kept under `key`, once, if it is fresh; `null` otherwise. */
export function takeEarly<T>(key: string): Promise<T> | null {
  const e = early.get(key);
  early.delete(key);
  return e && performance.now() - e.at <= MAX_AGE_MS ? (e.answer as Promise<T>) : null;
}
