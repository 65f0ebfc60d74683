// 时间线: everything that happened to the customer, newest first, filtered
// by kind (with each kind's count), 50 at a time with 加载更多.
import { useCallback, useEffect, useState } from "react";
import { Alert, Button, Empty, Space, Tag, Timeline, Typography } from "antd";
import { api, asApiError, type TimelineCount, type TimelineCursor, type TimelineEvent } from "../ipc/api";
import { useI18n } from "../i18n";
import { money } from "../customers/columns";
import type { RecordTabProps } from "./CustomerRecord";
import { timelineKindText } from "../i18n/words";
import { timelineTitle } from "../todo/storedText";

const COLOURS: Record<string, string> = {
  purchase: "blue", tier: "gold", followup: "green", case: "red", survey: "purple",
  benefit: "magenta", import: "cyan", edit: "default", todo: "lime",
};

/** `reload`: changed by the record page each time the tab is opened, which
 *  reloads the counts and the first page (the filter stays). */
export function TimelineTab({ customerId, reload = 0 }: RecordTabProps & { reload?: number }) {
  const { t, m } = useI18n();
  const [counts, setCounts] = useState<TimelineCount[]>([]);
  const [kinds, setKinds] = useState<string[]>([]);
  const [events, setEvents] = useState<TimelineEvent[]>([]);
  const [next, setNext] = useState<TimelineCursor | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api.recordTimelineCounts(customerId).then(setCounts).catch(() => setCounts([]));
  }, [customerId, reload]);

  const load = useCallback(async (before: TimelineCursor | null) => {
    setLoading(true);
    setError(null);
    try {
      const page = await api.recordTimeline(customerId, { kinds, before, limit: 50 });
      setEvents((old) => (before ? [...old, ...page.events] : page.events));
      setNext(page.next);
    } catch (e) {
      setError(asApiError(e).message);
    } finally {
      setLoading(false);
    }
  }, [customerId, kinds]);
  useEffect(() => { void load(null); }, [load, reload]);

  const toggle = (kind: string, on: boolean) =>
    setKinds((ks) => (on ? [...ks, kind] : ks.filter((k) => k !== kind)));
  const label = (kind: string) => timelineKindText(kind, t, counts.find((c) => c.kind === kind)?.label);

  return (
    <div data-testid="record-timeline">
      <Space wrap style={{ marginBottom: 12 }} data-testid="timeline-filter">
        <Tag.CheckableTag checked={kinds.length === 0} onChange={() => setKinds([])} data-testid="timeline-kind-all">
          {t("recordAllKinds")}
        </Tag.CheckableTag>
        {counts.map((c) => (
          <Tag.CheckableTag key={c.kind} checked={kinds.includes(c.kind)} onChange={(on) => toggle(c.kind, on)} data-testid={`timeline-kind-${c.kind}`}>
            {t("timelineKindCount", { kind: timelineKindText(c.kind, t, c.label), n: c.count })}
          </Tag.CheckableTag>
        ))}
      </Space>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      {events.length === 0 && !loading ? (
        <Empty description={t("recordNoEvents")} />
      ) : (
        <Timeline
          items={events.map((e) => ({
            key: `${e.kind}:${e.ref_id}`,
            color: COLOURS[e.kind] === "default" ? "gray" : COLOURS[e.kind] ?? "gray",
            children: (
              <div data-testid="timeline-event" data-kind={e.kind}>
                <Typography.Text type="secondary">{e.at}</Typography.Text>{" "}
                <Tag color={COLOURS[e.kind]}>{label(e.kind)}</Tag>
                <Typography.Text strong>{timelineTitle(e.title, t)}</Typography.Text>
                {e.amount != null && <Typography.Text style={{ marginLeft: 8 }}>{money(e.amount)}</Typography.Text>}
                {e.detail && <div><Typography.Text type="secondary">{e.detail_parts.length > 0 ? e.detail_parts.map(m).join(" · ") : e.detail}</Typography.Text></div>}
              </div>
            ),
          }))}
        />
      )}
      {next && (
        <Button loading={loading} onClick={() => void load(next)} data-testid="timeline-more">{t("recordMore")}</Button>
      )}
    </div>
  );
}
