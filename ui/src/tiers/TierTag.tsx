import { Tag } from "antd";
import type { TierLabel } from "../ipc/api";

/** How a tier looks everywhere in the app: its name in its colour. */
export function TierTag({ tier, tiers }: { tier: string | null; tiers: TierLabel[] }) {
  if (!tier) return null;
  const label = tiers.find((t) => t.key === tier);
  if (!label) return <Tag>{tier}</Tag>;
  return (
    <Tag color={label.color} data-tier={label.key}>
      {"★".repeat(Math.max(0, Math.min(label.stars, 5)))} {label.name}
    </Tag>
  );
}
