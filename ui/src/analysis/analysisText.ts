// The 分析 page's figures as text and as chart data: rates with one decimal,
// money as ¥ with thousands separators, the cohort heat colour, and the
// Sankey of one rating batch (a tier before and after is two nodes, since a
// Sankey may not loop back to the node it came from).
import type { BatchTiers, TierLabel } from "../ipc/api";

/** A fraction as a percentage with one decimal (0.42 → 42.0%), or a dash. */
export function pct(v: number | null | undefined): string {
  return v == null || !Number.isFinite(v) ? "—" : `${(v * 100).toFixed(1)}%`;
}

/** ¥ with thousands separators, rounded to the yuan (the app's one formatter). */
export { yuan } from "../format";

/** Days with one decimal, or a dash. */
export function days(v: number | null | undefined, unit: string): string {
  return v == null || !Number.isFinite(v) ? "—" : `${v.toFixed(1)} ${unit}`;
}

/** A tier key's name in the scheme, the key itself when unknown, `none` for no tier. */
export function tierName(tier: string | null, tiers: TierLabel[], none: string): string {
  if (tier == null) return none;
  return tiers.find((t) => t.key === tier)?.name ?? tier;
}

/** The background of a cohort cell: deeper blue for a larger share. */
export function heat(share: number): string {
  const s = Math.max(0, Math.min(1, Number.isFinite(share) ? share : 0));
  return `rgba(22, 119, 255, ${(0.08 + 0.72 * s).toFixed(2)})`;
}

export type SankeyData = {
  nodes: { name: string; itemStyle?: { color: string } }[];
  links: { source: string; target: string; value: number }[];
};

/** The moves of one batch as Sankey nodes and links: 「钻石（前）」 → 「金牌（后）」. */
export function sankeyData(batch: BatchTiers, tiers: TierLabel[], none: string, before: string, after: string): SankeyData {
  const nodes: SankeyData["nodes"] = [];
  const seen = new Set<string>();
  const node = (tier: string | null, side: string) => {
    const name = `${tierName(tier, tiers, none)}（${side}）`;
    if (!seen.has(name)) {
      seen.add(name);
      const color = tiers.find((t) => t.key === tier)?.color;
      nodes.push(color ? { name, itemStyle: { color } } : { name });
    }
    return name;
  };
  const links = batch.flows
    .filter((f) => f.customers > 0)
    .map((f) => ({ source: node(f.from, before), target: node(f.to, after), value: f.customers }));
  return { nodes, links };
}
