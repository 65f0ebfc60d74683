// Adding, removing and reordering the tiers of a scheme draft (highest
// first). The last tier takes everyone else, so a new tier goes just above
// it; a scheme keeps at least two tiers, and the last one stays last unless
// moved on purpose. An RFM scheme's tiers are its segments: they cannot be
// added, removed or reordered. Each function returns a new list or the
// catalogue key of the reason it refuses.

export type TierLike = { key: string; name: string; color: string; stars?: number; condition?: string; [k: string]: unknown };
export type Refusal = "tierRemoveLastTwo" | "tierRemoveCatchAll" | "tierRfmFixed" | "tierMoveEdge";
export type TierResult<T> = { tiers: T[] } | { refused: Refusal };

const COLOURS = ["#1f4e8c", "#2e7d32", "#b26a00", "#6b3fa0", "#00838f", "#8d6e63"];

/** A key no other tier has: tier_1, tier_2, … */
export function freshKey(tiers: TierLike[]): string {
  for (let n = tiers.length + 1; ; n++) {
    const key = `tier_${n}`;
    if (!tiers.some((t) => t.key === key)) return key;
  }
}

/** A new tier named `name`, just above the last one, with an empty rule. */
export function addTier<T extends TierLike>(tiers: T[], name: string, method: string): TierResult<T> {
  if (method === "rfm") return { refused: "tierRfmFixed" };
  const tier = { key: freshKey(tiers), name, color: COLOURS[tiers.length % COLOURS.length], stars: 0 } as T;
  if (method === "thresholds") tier.condition = "";
  const at = Math.max(tiers.length - 1, 0);
  return { tiers: [...tiers.slice(0, at), tier, ...tiers.slice(at)] };
}

/** The tiers without the one at `i`; never fewer than two, never the last (everyone else) one. */
export function removeTier<T extends TierLike>(tiers: T[], i: number, method: string): TierResult<T> {
  if (method === "rfm") return { refused: "tierRfmFixed" };
  if (tiers.length <= 2) return { refused: "tierRemoveLastTwo" };
  if (i === tiers.length - 1) return { refused: "tierRemoveCatchAll" };
  return { tiers: tiers.filter((_, k) => k !== i) };
}

/** The tier at `i` moved one place up (-1) or down (+1). */
export function moveTier<T extends TierLike>(tiers: T[], i: number, by: -1 | 1, method: string): TierResult<T> {
  if (method === "rfm") return { refused: "tierRfmFixed" };
  const j = i + by;
  if (j < 0 || j >= tiers.length) return { refused: "tierMoveEdge" };
  const out = [...tiers];
  [out[i], out[j]] = [out[j], out[i]];
  return { tiers: out };
}
