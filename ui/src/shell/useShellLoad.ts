// The shell's reading of the open file: its facts (path, number of customers),
// 我的名字, the custom fields and the tier labels, asked for at launch and again
// after every change. Only the newest question's answer is applied, as in the
// customer list (useCustomerPage.ts): the launch's early reading, taken while
// the archive was still empty, or a reading asked for before an import or
// 填充演示数据, can come back after a newer one and must not put the old
// figures back. The launch's choice of page (`first`) is made once, with the
// first answer applied, even when two readings start together (React's strict
// mode runs the launch twice).
import { useCallback, useRef } from "react";
import { api, asApiError, type ApiError, type DbInfo, type FieldDef, type MyName, type TierLabel } from "../ipc/api";
import { takeEarly } from "./early";

export interface ShellLoad {
  /** The file's facts and 我的名字 (null when it cannot be read). */
  facts: (info: DbInfo, me: MyName | null) => void;
  /** Once, with the first facts applied: the launch picks its page. */
  first: (info: DbInfo) => void;
  /** The custom fields and tier labels; the file opened without a problem. */
  lists: (defs: FieldDef[], labels: TierLabel[]) => void;
  /** The file could not be read: the reason the store gives at start-up, else the error. */
  failed: (refusal: ApiError) => void;
}

/** The shell's `refresh`: asks for everything again, applying only the newest answer. */
export function useShellLoad(on: ShellLoad): () => Promise<void> {
  const asked = useRef(0);
  const firstDone = useRef(false);
  const hands = useRef(on);
  hands.current = on;
  return useCallback(async () => {
    const mine = ++asked.current;
    const newest = () => mine === asked.current;
    try {
      // 我的名字 is read with the file's facts, so its question (when asked) is
      // drawn with the first page instead of pushing the page down a moment later.
      const [info, me] = await Promise.all([
        (!firstDone.current && takeEarly<DbInfo>("dbInfo")) || api.dbInfo(),
        api.myName().catch(() => null),
      ]);
      if (!newest()) return;
      hands.current.facts(info, me);
      if (!firstDone.current) {
        firstDone.current = true;
        hands.current.first(info);
      }
      const [defs, labels] = await Promise.all([api.fieldDefs(), api.tierLabels()]);
      if (!newest()) return;
      hands.current.lists(defs, labels);
    } catch (e) {
      if (!newest()) return;
      const err = asApiError(e);
      const refusal = (await api.startupError().catch(() => null)) ?? err;
      if (newest()) hands.current.failed(refusal);
    }
  }, []);
}
