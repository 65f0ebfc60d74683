import { act, renderHook, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Customer, Page } from "../ipc/api";
import { askEarly } from "../shell/early";
import { FIRST_QUERY } from "./firstQuery";
import { useCustomerPage } from "./useCustomerPage";

const listCustomers = vi.fn();
vi.mock("../ipc/api", () => ({ api: { listCustomers: (...a: unknown[]) => listCustomers(...a) } }));

function pageOf(n: number): Page<Customer> {
  return { items: Array.from({ length: Math.min(n, 3) }, (_, i) => ({ id: i + 1 }) as Customer), total: n };
}

/** A promise and the hands that settle it. */
function later<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((y, n) => { resolve = y; reject = n; });
  return { promise, resolve, reject };
}

beforeEach(() => listCustomers.mockReset());

describe("the customer list's page", () => {
  it("keeps the newest answer when the launch's early answer comes back after it (共 0 after 填充演示数据)", async () => {
    const early = later<Page<Customer>>();
    askEarly("list", () => early.promise);
    listCustomers.mockResolvedValueOnce(pageOf(200));
    const onError = vi.fn();
    const { result } = renderHook(() => useCustomerPage(FIRST_QUERY, onError));
    expect(result.current.loading).toBe(true);
    // 填充演示数据 done: the list asks again while the early reading (an empty archive) is still on its way.
    await act(() => result.current.load());
    expect(result.current.page.total).toBe(200);
    await act(async () => { early.resolve(pageOf(0)); await early.promise; });
    expect(result.current.page.total).toBe(200);
    expect(result.current.page.items.map((c) => c.id)).toEqual([1, 2, 3]);
    expect(result.current.loading).toBe(false);
    expect(listCustomers).toHaveBeenCalledTimes(1);
    expect(onError).not.toHaveBeenCalled();
  });

  it("takes the early answer once, for the first page only, and asks the store after", async () => {
    askEarly("list", async () => pageOf(5));
    listCustomers.mockResolvedValue(pageOf(7));
    const { result } = renderHook(() => useCustomerPage(FIRST_QUERY, () => {}));
    await waitFor(() => expect(result.current.answered).toBe(true));
    expect(result.current.page.total).toBe(5);
    expect(listCustomers).not.toHaveBeenCalled();
    await act(() => result.current.load());
    expect(result.current.page.total).toBe(7);
    expect(listCustomers).toHaveBeenCalledTimes(1);
    expect(listCustomers).toHaveBeenCalledWith(FIRST_QUERY);
  });

  it("is loading until the first answer, so the empty-archive prompt does not show before it", async () => {
    const first = later<Page<Customer>>();
    listCustomers.mockReturnValueOnce(first.promise);
    const query = { ...FIRST_QUERY, search: "张" };
    const drawn: boolean[] = [];
    const { result } = renderHook(() => {
      const r = useCustomerPage(query, () => {});
      drawn.push(r.loading);
      return r;
    });
    expect(drawn[0]).toBe(true);
    expect(result.current.loading).toBe(true);
    expect(result.current.answered).toBe(false);
    await act(async () => { first.resolve(pageOf(0)); await first.promise; });
    expect(result.current.loading).toBe(false);
    expect(result.current.page.total).toBe(0);
  });

  it("reports only the newest question's failure", async () => {
    const stale = later<Page<Customer>>();
    listCustomers.mockReturnValueOnce(stale.promise).mockRejectedValueOnce(new Error("数据库忙"));
    const onError = vi.fn();
    const query = { ...FIRST_QUERY, tier: "gold" };
    const { result } = renderHook(() => useCustomerPage(query, onError));
    await act(() => result.current.load());
    expect(onError).toHaveBeenCalledTimes(1);
    expect(String(onError.mock.calls[0][0])).toContain("数据库忙");
    await act(async () => { stale.resolve(pageOf(9)); await stale.promise; });
    expect(result.current.page.total).toBe(0);
    expect(onError).toHaveBeenCalledTimes(1);
    expect(result.current.loading).toBe(false);
  });
});
