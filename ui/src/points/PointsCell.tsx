// A customer's points where the list and the drawer show them: the balance,
// and the points that run out within 90 days beside it. `usePointsPage`
// loads one list page's balances in one call (api `points_page`).
import { useEffect, useState } from "react";
import { Tag, Tooltip } from "antd";
import { api, type PointsBrief, type PointsPage } from "../ipc/api";
import { useI18n } from "../i18n";
import { count } from "../format";

/** The points of `ids` by customer, or null while loading, failed, or the column is hidden. */
export function usePointsPage(ids: number[]): { shown: boolean; by: string; of: Map<number, PointsBrief> } | null {
  const [page, setPage] = useState<PointsPage | null>(null);
  const key = ids.join(",");
  useEffect(() => {
    let live = true;
    const list = key ? key.split(",").map(Number) : [];
    api.pointsPage(list).then((p) => live && setPage(p), () => live && setPage(null));
    return () => { live = false; };
  }, [key]);
  if (!page || !page.shown) return null;
  return { shown: true, by: page.expiring_by, of: new Map(page.rows.map((r) => [r.customer_id, r])) };
}

export function PointsCell({ brief, by }: { brief: PointsBrief | undefined; by: string }) {
  const { t } = useI18n();
  if (!brief) return null;
  return (
    <span data-testid={`points-cell-${brief.customer_id}`} data-points={brief.balance} data-expiring={brief.expiring}>
      {count(brief.balance)}
      {brief.expiring > 0 && (
        <Tooltip title={t("pointsExpiringText", { n: count(brief.expiring), day: by })}>
          <Tag color="orange" style={{ marginLeft: 6, marginRight: 0 }}>-{count(brief.expiring)}</Tag>
        </Tooltip>
      )}
    </span>
  );
}
