// The overview's 待办 card: due today, overdue and within the week, with a
// link to 今日待办.
import { Button, Card, Col, Row, Statistic } from "antd";
import type { TodoCounts } from "../ipc/api";
import { useI18n } from "../i18n";
import { openToday } from "./open";

export function TodoCountsCard({ counts }: { counts: TodoCounts }) {
  const { t } = useI18n();
  return (
    <Card
      size="small"
      title={t("todoDashTitle")}
      style={{ marginTop: 12 }}
      data-testid="dash-todos"
      extra={<Button type="link" size="small" onClick={openToday} data-testid="dash-todos-open">{t("todoOpenList")}</Button>}
    >
      <Row gutter={12}>
        <Col span={8}><Statistic title={t("todoCountToday")} value={counts.today} data-testid="dash-todos-today" /></Col>
        <Col span={8}><Statistic title={t("todoCountOverdue")} value={counts.overdue} valueStyle={{ color: counts.overdue ? "#cf1322" : undefined }} data-testid="dash-todos-overdue" /></Col>
        <Col span={8}><Statistic title={t("todoCountWeek")} value={counts.week} data-testid="dash-todos-week" /></Col>
      </Row>
    </Card>
  );
}
