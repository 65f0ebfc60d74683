// The customer list's page: asked for whenever the query changes or `load` is
// called (after a save, a delete, 填充演示数据…). Only the newest question's
// answer is shown: an older one that comes back later (the launch's early
// answer, read while the archive was still empty, or a page asked for before
// a change) is dropped, so the list and its 共 N 位客户 never go back to a
// reading from before the change.
import { useCallback, useEffect, useRef, useState } from "react";
import { api, type Customer, type CustomerQuery, type Page } from "../ipc/api";
import { takeEarly } from "../shell/early";
import { FIRST_QUERY } from "./firstQuery";

export interface CustomerPage {
  page: Page<Customer>;
  /** True until the newest question is answered (and before the first one): the empty-archive prompt waits for it. */
  loading: boolean;
  /** True once any answer has been shown. */
  answered: boolean;
  load: () => Promise<void>;
}

export function useCustomerPage(query: CustomerQuery, onError: (e: unknown) => void): CustomerPage {
  const [page, setPage] = useState<Page<Customer>>({ items: [], total: 0 });
  const [loading, setLoading] = useState(true);
  const answered = useRef(false);
  const asked = useRef(0);
  const report = useRef(onError);
  report.current = onError;
  const load = useCallback(async () => {
    const mine = ++asked.current;
    setLoading(true);
    try {
      const early = query === FIRST_QUERY ? takeEarly<Page<Customer>>("list") : null;
      const answer = await (early ?? api.listCustomers(query));
      if (mine !== asked.current) return;
      answered.current = true;
      setPage(answer);
    } catch (e) {
      if (mine === asked.current) report.current(e);
    } finally {
      if (mine === asked.current) setLoading(false);
    }
  }, [query]);
  useEffect(() => { void load(); }, [load]);
  return { page, loading, answered: answered.current, load };
}
