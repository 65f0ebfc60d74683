// How to-dos are named and coloured: kinds, statuses and repetition units,
// in the window's language.
import type { RepeatUnit, TodoKind, TodoStatus } from "../ipc/api";
import type { T } from "../i18n";

export const KINDS: TodoKind[] = ["followup", "date", "rating", "case", "benefit", "custom", "points"];
export const UNITS: RepeatUnit[] = ["day", "week", "month", "year"];

const KIND_KEYS = {
  followup: "todoKindFollowup",
  date: "todoKindDate",
  rating: "todoKindRating",
  case: "todoKindCase",
  benefit: "todoKindBenefit",
  custom: "todoKindCustom",
  points: "todoKindPoints",
} as const;

const KIND_COLOURS: Record<TodoKind, string> = {
  followup: "blue",
  date: "magenta",
  rating: "gold",
  case: "red",
  benefit: "green",
  custom: "default",
  points: "orange",
};

const STATUS_KEYS = {
  open: "todoStatusOpen",
  done: "todoStatusDone",
  cancelled: "todoStatusCancelled",
  postponed: "todoStatusPostponed",
} as const;

const UNIT_KEYS = {
  day: "todoUnitDay",
  week: "todoUnitWeek",
  month: "todoUnitMonth",
  year: "todoUnitYear",
} as const;

export const kindLabel = (t: T, k: TodoKind) => t(KIND_KEYS[k]);
export const kindColour = (k: TodoKind) => KIND_COLOURS[k];
export const statusLabel = (t: T, s: TodoStatus) => t(STATUS_KEYS[s]);
export const unitLabel = (t: T, u: RepeatUnit) => t(UNIT_KEYS[u]);
/** Whether a to-do is still to be done. */
export const isActive = (s: TodoStatus) => s === "open" || s === "postponed";
