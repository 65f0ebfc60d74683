// Deleting an answer from the page or the tab: the answer goes, its open
// follow-up to-do is cancelled (Rust), and the list is read again.
import { api, asApiError } from "../ipc/api";

export async function removeAnswer(id: number, reload: () => Promise<void>, fail: (text: string) => void): Promise<void> {
  try {
    await api.surveyDelete(id);
    await reload();
  } catch (e) {
    fail(asApiError(e).message);
  }
}
