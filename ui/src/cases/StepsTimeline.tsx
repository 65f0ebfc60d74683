// The steps a record went through, as a timeline: what changed, when and by
// whom, and the note. Complaints and churn alerts show their steps alike.
import { Timeline, Typography } from "antd";

interface Step {
  id: number;
  at: string;
  who: string;
  note: string;
}

interface Props<S extends Step> {
  steps: S[];
  /** `case` gives `case-steps` and `case-step-<id>`. */
  testId: string;
  color: (s: S) => string;
  title: (s: S) => string;
}

export function StepsTimeline<S extends Step>({ steps, testId, color, title }: Props<S>) {
  return (
    <div data-testid={`${testId}-steps`}>
      <Timeline
        items={steps.map((s) => ({
          color: color(s),
          children: (
            <div data-testid={`${testId}-step-${s.id}`}>
              <Typography.Text strong>{title(s)}</Typography.Text>
              <Typography.Text type="secondary" style={{ marginLeft: 8 }}>{s.at.slice(0, 16)} {s.who}</Typography.Text>
              {s.note && <div style={{ whiteSpace: "pre-wrap" }}>{s.note}</div>}
            </div>
          ),
        }))}
      />
    </div>
  );
}
