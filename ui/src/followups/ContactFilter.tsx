// The customer list's 联系情况 filter (超过 N 天未联系, 下次联系已到期) and the
// next contact date as the list shows it (red once due).
import { Select, Typography } from "antd";
import dayjs from "dayjs";
import type { CustomerQuery } from "../ipc/api";
import { useI18n } from "../i18n";

/** The choices: "" none, "days:N" not contacted for more than N days, "due". */
const DAYS = [30, 90, 180] as const;

/** What a choice asks of the list, as of `today` (YYYY-MM-DD). */
export function contactQuery(choice: string, today: string): Pick<CustomerQuery, "last_contact_before" | "next_contact_by"> {
  if (choice === "due") return { last_contact_before: null, next_contact_by: today };
  const m = /^days:(\d+)$/.exec(choice);
  if (m) return { last_contact_before: dayjs(today).subtract(Number(m[1]), "day").format("YYYY-MM-DD"), next_contact_by: null };
  return { last_contact_before: null, next_contact_by: null };
}

/** The choice a query shows (the inverse of `contactQuery` for the same day). */
export function contactChoice(q: CustomerQuery, today: string): string {
  if (q.next_contact_by) return "due";
  if (q.last_contact_before) return `days:${dayjs(today).diff(dayjs(q.last_contact_before), "day")}`;
  return "";
}

export function ContactFilter({ query, onChange }: { query: CustomerQuery; onChange: (q: Partial<CustomerQuery>) => void }) {
  const { t } = useI18n();
  const today = dayjs().format("YYYY-MM-DD");
  return (
    <Select
      style={{ width: 170 }}
      data-testid="contact-filter"
      value={contactChoice(query, today)}
      onChange={(v: string) => onChange({ ...contactQuery(v, today), offset: 0 })}
      options={[
        { value: "", label: t("contactFilterAll") },
        ...DAYS.map((n) => ({ value: `days:${n}`, label: t("contactFilterDays", { n }) })),
        { value: "due", label: t("contactFilterDue") },
      ]}
    />
  );
}

/** A next contact date, in red once it has come. */
export function NextContact({ day }: { day: string | null }) {
  if (!day) return null;
  const due = day <= dayjs().format("YYYY-MM-DD");
  return <Typography.Text type={due ? "danger" : undefined} data-testid="next-contact">{day}</Typography.Text>;
}
