// Points (积分) in the app: what the record tab and the catalogue page
// compute from the ledger and the catalogue, kept out of the components so
// vitest can check it.
import type { CatalogueItem, EntryKind, ItemKind, PointsEntry, SourceKind } from "../ipc/api";
import { count } from "../format";
import type { T } from "../i18n";
import type { Messages } from "../i18n/zh";

/** A catalogue key made at run time (a kind, a source) through the typed `t`. */
export const tk = (t: T, key: string, vars?: Record<string, string | number>) => t(key as keyof Messages, vars);

/** The i18n key of a ledger row's kind (获得, 兑换, …). */
export function kindKey(kind: EntryKind): string {
  return `pointsKind_${kind}`;
}

/** The i18n key of a ledger row's source (订单, 规则, 人工, 导入). */
export function sourceKey(source: SourceKind): string {
  return `pointsSource_${source}`;
}

/** The i18n key of a catalogue item's kind (礼品, 券, 服务). */
export function itemKindKey(kind: ItemKind): string {
  return `pointsItem_${kind}`;
}

/** Points with their sign and thousands separators: +1,000, -300, 0. */
export function signed(points: number): string {
  return points > 0 ? `+${count(points)}` : count(points);
}

/**
 * The rows a person may undo: redemptions and hand adjustments not already
 * reversed (the store refuses the others with its own message).
 */
export function undoable(entries: PointsEntry[]): Set<number> {
  const reversed = new Set(entries.map((e) => e.reverses_id).filter((id): id is number => id != null));
  return new Set(
    entries.filter((e) => (e.kind === "redeem" || e.kind === "adjust") && !reversed.has(e.id)).map((e) => e.id),
  );
}

/** The ledger as the tab shows it: newest first. */
export function newestFirst(entries: PointsEntry[]): PointsEntry[] {
  return [...entries].sort((a, b) => b.id - a.id);
}

/** The items a customer can pick to redeem: active ones, in stock. */
export function redeemable(items: CatalogueItem[]): CatalogueItem[] {
  return items.filter((i) => i.active && (i.stock == null || i.stock > 0));
}

/**
 * What a redemption costs and whether the balance and stock allow it; the
 * store checks again and its message is the one shown when it refuses.
 */
export function redemption(item: CatalogueItem, qty: number, balance: number): { cost: number; enough: boolean; inStock: boolean } {
  const cost = item.price * qty;
  return { cost, enough: cost <= balance, inStock: item.stock == null || item.stock >= qty };
}

/** A whole number of points typed in a form, or null when it is not one (or 0 when `nonZero`). */
export function wholePoints(v: number | string | null | undefined, nonZero = false): number | null {
  if (v == null || v === "") return null;
  const n = typeof v === "number" ? v : Number(String(v).replace(/,/g, ""));
  if (!Number.isInteger(n) || (nonZero && n === 0)) return null;
  return n;
}
