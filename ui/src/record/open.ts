// Opening a customer's full record (客户详情) from anywhere in the window:
// the drawer's 「客户详情」 button, a customer link on 今日待办 or a complaint.
// The shell listens and shows the page; 返回 goes back to the page it came from.
const EVENT = "tierdesk:open-record";

/** Shows the record page of customer `customerId` (internal id). */
export function openRecord(customerId: number): void {
  window.dispatchEvent(new CustomEvent<number>(EVENT, { detail: customerId }));
}

/** Calls `handler` with the customer's id each time a record is asked for; returns the unsubscribe. */
export function onOpenRecord(handler: (customerId: number) => void): () => void {
  const listener = (e: Event) => handler((e as CustomEvent<number>).detail);
  window.addEventListener(EVENT, listener);
  return () => window.removeEventListener(EVENT, listener);
}
