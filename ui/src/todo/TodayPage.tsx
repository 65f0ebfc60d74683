// 今日待办: what is overdue, due today and due in the next 7 days, each
// grouped by kind, with one click to complete, postpone, cancel or log the
// follow-up; the counts on top; the rules run from 按规则生成.
import { useCallback, useEffect, useMemo, useState } from "react";
import { Alert, App, Button, Card, Col, Empty, Input, List, Row, Space, Spin, Statistic, Typography } from "antd";
import { PlusOutlined, ReloadOutlined } from "@ant-design/icons";
import { api, asApiError, type Todo, type TodayTodos, type TodoKind } from "../ipc/api";
import { useI18n } from "../i18n";
import { KINDS, kindLabel } from "./kinds";
import { TodoForm } from "./TodoForm";
import { TodoLine } from "./TodoLine";
import { count } from "../format";
import { useCan } from "../team/session";

/** The to-dos of one section by kind, in the order of `KINDS`, empty kinds left out. */
export function byKind(todos: Todo[]): [TodoKind, Todo[]][] {
  return KINDS.map((k) => [k, todos.filter((t) => t.kind === k)] as [TodoKind, Todo[]]).filter(([, list]) => list.length > 0);
}

function Section({ id, title, todos, total, onChanged }: { id: string; title: string; todos: Todo[]; total: number; onChanged: () => void }) {
  const { t } = useI18n();
  return (
    <Card size="small" title={`${title}（${total}）`} data-testid={`today-${id}`} style={{ marginBottom: 12 }}>
      {todos.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("todoNone")} />
      ) : (
        byKind(todos).map(([kind, list]) => (
          <div key={kind} data-testid={`today-${id}-${kind}`}>
            <Typography.Text type="secondary">{kindLabel(t, kind)}（{count(list.length)}）</Typography.Text>
            <List size="small" dataSource={list} renderItem={(todo) => <List.Item><TodoLine todo={todo} onChanged={onChanged} /></List.Item>} />
          </div>
        ))
      )}
      {total > todos.length && <Typography.Text type="secondary">{t("todoMore", { n: count(total), shown: count(todos.length) })}</Typography.Text>}
    </Card>
  );
}

export function TodayPage() {
  const { t } = useI18n();
  // 按规则生成 and 新增待办 write to-dos: not for a 只读 user.
  const mayWrite = useCan("edit_own");
  const { message } = App.useApp();
  const [data, setData] = useState<TodayTodos | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [owner, setOwner] = useState("");
  const [adding, setAdding] = useState(false);
  const [running, setRunning] = useState(false);

  const load = useCallback(async () => {
    try {
      setData(await api.todoToday(owner.trim() || null));
      setError(null);
    } catch (e) {
      setError(asApiError(e).message);
    }
  }, [owner]);
  useEffect(() => { void load(); }, [load]);

  const runRules = async () => {
    setRunning(true);
    try {
      const r = await api.todoRefresh();
      message.success(t("todoRefreshed", { visits: r.visits, dates: r.dates, ratings: r.ratings }));
      await load();
    } catch (e) {
      message.error(asApiError(e).message);
    } finally {
      setRunning(false);
    }
  };

  const counts = data?.counts;
  const weekOnly = useMemo(() => (counts ? Math.max(0, counts.week - counts.today) : 0), [counts]);

  return (
    <div data-testid="today-page">
      <Space style={{ marginBottom: 12, width: "100%", justifyContent: "space-between" }} wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>{t("navToday")}</Typography.Title>
        <Space wrap>
          <Input.Search
            allowClear
            placeholder={t("todoOwnerAll")}
            style={{ width: 200 }}
            data-testid="today-owner"
            onSearch={(v) => setOwner(v)}
          />
          {mayWrite && <Button icon={<ReloadOutlined />} loading={running} onClick={() => void runRules()} data-testid="today-refresh">{t("todoRefresh")}</Button>}
          {mayWrite && <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="today-add">{t("todoAdd")}</Button>}
        </Space>
      </Space>
      {error && <Alert type="error" message={error} style={{ marginBottom: 12 }} />}
      {!data ? (
        <Spin />
      ) : (
        <>
          <Row gutter={12} style={{ marginBottom: 12 }}>
            <Col span={8}><Card size="small"><Statistic title={t("todoCountToday")} value={data.counts.today} valueStyle={{ color: "#1677ff" }} data-testid="today-count-today" /></Card></Col>
            <Col span={8}><Card size="small"><Statistic title={t("todoCountOverdue")} value={data.counts.overdue} valueStyle={{ color: data.counts.overdue ? "#cf1322" : undefined }} data-testid="today-count-overdue" /></Card></Col>
            <Col span={8}><Card size="small"><Statistic title={t("todoCountWeek")} value={data.counts.week} data-testid="today-count-week" /></Card></Col>
          </Row>
          <Section id="overdue" title={t("todoOverdue")} todos={data.overdue} total={data.counts.overdue} onChanged={() => void load()} />
          <Section id="today" title={t("todoToday")} todos={data.today} total={data.counts.today} onChanged={() => void load()} />
          <Section id="week" title={t("todoWeek")} todos={data.week} total={weekOnly} onChanged={() => void load()} />
        </>
      )}
      <TodoForm open={adding} onDone={(saved) => { setAdding(false); if (saved) void load(); }} />
    </div>
  );
}
