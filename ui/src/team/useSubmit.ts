// A dialog's sending: busy while Rust works, Rust's sentence kept as the
// dialog's error when it refuses (the sign-in, users and password dialogs).
import { useCallback, useState } from "react";
import { asApiError } from "../ipc/api";

export function useSubmit() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  /** Runs `work`; a refusal becomes `error` (and `failed` runs, to clear a password). */
  const run = useCallback(async (work: () => Promise<void>, failed?: () => void) => {
    setBusy(true);
    try {
      await work();
    } catch (e) {
      setError(asApiError(e).message);
      failed?.();
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, setError, run };
}
