// Leaving a page with unsaved changes asks first. An editor with changes
// holds the guard (`holdLeaving`) while it is open; the shell passes every
// page change through `guarded`, which asks the holder before moving on.

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
