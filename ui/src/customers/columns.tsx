// The archive's columns: which exist, which show by default, how each renders.
import type { ReactNode } from "react";
import type { Customer, FieldDef, SortKey } from "../ipc/api";
import type { Messages } from "../i18n/zh";
import { TierTag } from "../tiers/TierTag";
import { NextContact } from "../followups/ContactFilter";
import { yuan } from "../format";
import { GenderText } from "../i18n/words";
import type { TierLabel } from "../ipc/api";
import { PointsCell, type usePointsPage } from "../points/PointsCell";

/** One list page's points (see `usePointsPage`). */
type PointsShown = ReturnType<typeof usePointsPage>;

export interface ColumnDef {
  key: string;
  title: keyof Messages | { label: string };
  width: number;
  sortKey?: SortKey;
  align?: "left" | "right";
  defaultVisible: boolean;
  render: (c: Customer, ctx: { tiers: TierLabel[]; open: (c: Customer) => void; points?: PointsShown | null }) => ReactNode;
}

/** A customer's money to the cent, blank when unknown (the app's one ¥ formatter). */
export const money = (v: number | null): string => yuan(v, { cents: true, missing: "" });
const num = (v: number | null): string => (v == null ? "" : String(v));

export const BUILT_IN_COLUMNS: ColumnDef[] = [
  { key: "code", title: "code", width: 95, sortKey: "code", defaultVisible: true, render: (c) => c.code ?? "" },
  {
    key: "name", title: "name", width: 190, sortKey: "name", defaultVisible: true,
    render: (c, ctx) => (
      <a data-testid={`open-${c.id}`} onClick={() => ctx.open(c)}>{c.name}</a>
    ),
  },
  // 当前等级 right after the name: at 1280×800 it is seen without scrolling sideways. The widths are
  // the least each column needs: the columns shown share out any room left (rc-table widens them),
  // and a longer value ends in … with the whole of it on hover (the cell's title).
  { key: "tier", title: "tier", width: 120, sortKey: "tier", defaultVisible: true, render: (c, ctx) => <TierTag tier={c.tier} tiers={ctx.tiers} /> },
  { key: "phone", title: "phone", width: 120, defaultVisible: true, render: (c) => c.phone ?? "" },
  { key: "spend", title: "spend", width: 125, sortKey: "spend", align: "right", defaultVisible: true, render: (c) => money(c.spend) },
  { key: "frequency", title: "frequency", width: 100, sortKey: "frequency", align: "right", defaultVisible: true, render: (c) => num(c.frequency) },
  { key: "tenure_years", title: "tenureYears", width: 100, sortKey: "tenure_years", align: "right", defaultVisible: true, render: (c) => num(c.tenure_years) },
  { key: "influence", title: "influence", width: 110, sortKey: "influence", align: "right", defaultVisible: true, render: (c) => num(c.influence) },
  // PTSUI: 积分 (balance, points expiring within 90 days), loaded per page; hidden while points are unused.
  { key: "points", title: "pointsColumn", width: 95, sortKey: "points", align: "right", defaultVisible: true, render: (c, ctx) => ctx.points && <PointsCell brief={ctx.points.of.get(c.id)} by={ctx.points.by} /> },
  { key: "last_rated_on", title: "lastRatedOn", width: 120, sortKey: "last_rated_on", defaultVisible: true, render: (c) => c.last_rated_on ?? "" },
  { key: "next_rating_on", title: "nextRatingOn", width: 130, sortKey: "next_rating_on", defaultVisible: true, render: (c) => c.next_rating_on ?? "" },
  { key: "manager", title: "manager", width: 100, defaultVisible: false, render: (c) => c.manager ?? "" },
  { key: "gender", title: "gender", width: 70, defaultVisible: false, render: (c) => <GenderText gender={c.gender} /> },
  { key: "email", title: "email", width: 180, defaultVisible: false, render: (c) => c.email ?? "" },
  { key: "address", title: "address", width: 220, defaultVisible: false, render: (c) => c.address ?? "" },
  { key: "registered_on", title: "registeredOn", width: 120, defaultVisible: false, render: (c) => c.registered_on ?? "" },
  { key: "last_contact_on", title: "lastContactOn", width: 115, sortKey: "last_contact_on", defaultVisible: true, render: (c) => c.last_contact_on ?? "" },
  { key: "next_contact_on", title: "nextContactOn", width: 115, sortKey: "next_contact_on", defaultVisible: true, render: (c) => <NextContact day={c.next_contact_on} /> },
  { key: "preferred_category", title: "preferredCategory", width: 110, defaultVisible: false, render: (c) => c.preferred_category ?? "" },
  { key: "tags", title: "tags", width: 160, defaultVisible: false, render: (c) => c.tags.join("、") },
  { key: "updated_at", title: "updatedAt", width: 160, sortKey: "updated_at", defaultVisible: false, render: (c) => c.updated_at },
];

/** 负责人: the team user who owns the customer (a team database's list only, after 当前等级). */
export const OWNER_COLUMN: ColumnDef = { key: "owner", title: "owner", width: 90, defaultVisible: true, render: (c) => c.owner_name ?? "" };

/** Built-in columns (with 负责人 on a team database) followed by one column per custom field. */
export function allColumns(defs: FieldDef[], team = false): ColumnDef[] {
  const custom: ColumnDef[] = defs.map((d) => ({
    key: "field:" + d.key,
    title: { label: d.label },
    width: 120,
    defaultVisible: false,
    align: d.kind === "number" ? "right" : "left",
    render: (c) => {
      const v = c.fields[d.key];
      return v == null ? "" : String(v);
    },
  }));
  const builtIn = team ? BUILT_IN_COLUMNS.flatMap((c) => (c.key === "tier" ? [c, OWNER_COLUMN] : [c])) : BUILT_IN_COLUMNS;
  return [...builtIn, ...custom];
}

/** The visible column keys: the saved choice where there is one, else the defaults. */
export function visibleKeys(columns: ColumnDef[], saved: string[] | null): string[] {
  return savedKeys(columns, saved) ?? columns.filter((c) => c.defaultVisible).map((c) => c.key);
}

/** The person's saved choice of columns (those that still exist), or null when there is none. */
export function savedKeys(columns: ColumnDef[], saved: string[] | null): string[] | null {
  const known = new Set(columns.map((c) => c.key));
  return saved && saved.some((k) => known.has(k)) ? saved.filter((k) => known.has(k)) : null;
}

/** The width of the check-box column in front of the list's columns. */
export const SELECTION_WIDTH = 40;

/**
 * The order in which the default columns give way when the list is too narrow for all of them
 * (1024×700 shows the first five or six, 1280×800 a few more): the last named goes first.
 */
export const KEEP_ORDER = ["name", "tier", "code", "owner", "spend", "points", "phone", "last_contact_on", "next_contact_on", "frequency", "next_rating_on", "last_rated_on", "influence", "tenure_years"];

/** The room the columns `keys` take, the check-box column included. */
export function columnsWidth(columns: ColumnDef[], keys: string[]): number {
  return columns.filter((c) => keys.includes(c.key)).reduce((s, c) => s + c.width, SELECTION_WIDTH);
}

/**
 * The default columns `keys` that fit in `room` pixels without scrolling sideways, in the list's
 * order: the most needed ones (KEEP_ORDER) are kept, the name always.
 */
export function fitColumns(columns: ColumnDef[], keys: string[], room: number): string[] {
  const rank = (k: string) => (KEEP_ORDER.indexOf(k) < 0 ? KEEP_ORDER.length : KEEP_ORDER.indexOf(k));
  const kept = [...keys].sort((a, b) => rank(a) - rank(b));
  while (kept.length > 1 && columnsWidth(columns, kept) > room) kept.pop();
  return keys.filter((k) => kept.includes(k));
}
