// One click on a to-do still to be done: 完成, 延期 (to a day picked), 取消,
// and for a 跟进 to-do about a customer 记录跟进, which opens the follow-up
// form; saving it completes the to-do in the same step. A complaint's to-do
// is done by moving the case, so it offers 处理投诉 (the case drawer) only:
// ticking it off here would drop an unanswered complaint from 今日待办.
import { Suspense, lazy, useState } from "react";
import { App, Button, DatePicker, Popconfirm, Popover, Space } from "antd";
import dayjs from "dayjs";
import { api, asApiError, type Todo } from "../ipc/api";
import { useI18n } from "../i18n";
import { isActive } from "./kinds";
import { todoTitle } from "./storedText";

const CaseDrawer = lazy(() => import("../cases/CaseDrawer").then((m) => ({ default: m.CaseDrawer })));
const FollowupForm = lazy(() => import("../followups/FollowupForm").then((m) => ({ default: m.FollowupForm })));

export function TodoActions({ todo, onChanged }: { todo: Todo; onChanged: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [logging, setLogging] = useState(false);
  const [postponing, setPostponing] = useState(false);
  const [caseShown, setCaseShown] = useState<number | null>(null);
  if (!isActive(todo.status)) return null;
  if (todo.kind === "case" && todo.source_kind === "case" && todo.source_id != null) {
    const caseId = todo.source_id;
    return (
      <Space size={4} wrap>
        <Button size="small" type="primary" data-testid={`todo-case-${todo.id}`} onClick={() => setCaseShown(caseId)}>
          {t("todoHandleCase")}
        </Button>
        {caseShown != null && (
          <Suspense fallback={null}>
            <CaseDrawer caseId={caseShown} onClose={() => setCaseShown(null)} onChanged={onChanged} />
          </Suspense>
        )}
      </Space>
    );
  }

  const run = async (what: () => Promise<string>) => {
    try {
      message.success(await what());
      onChanged();
    } catch (e) {
      message.error(asApiError(e).message);
    }
  };
  const done = () => run(async () => {
    const r = await api.todoDone(todo.id);
    return r.next ? t("todoDoneNext", { date: r.next.due_on }) : t("todoDoneOk", { title: todoTitle(todo, t) });
  });
  const cancel = () => run(async () => {
    await api.todoCancel(todo.id);
    return t("todoCancelled");
  });
  const postpone = (day: dayjs.Dayjs | null) => {
    if (!day) return;
    setPostponing(false);
    void run(async () => {
      const moved = await api.todoPostpone(todo.id, day.format("YYYY-MM-DD"), todo.due_time);
      return t("todoPostponed", { date: moved.due_on });
    });
  };
  const canLog = todo.kind === "followup" && todo.customer_id != null;

  return (
    <Space size={4} wrap>
      {canLog && (
        <Button size="small" type="primary" data-testid={`todo-log-${todo.id}`} onClick={() => setLogging(true)}>
          {t("todoLogFollowup")}
        </Button>
      )}
      <Button size="small" type={canLog ? "default" : "primary"} data-testid={`todo-done-${todo.id}`} onClick={() => void done()}>
        {t("todoDone")}
      </Button>
      <Popover
        trigger="click"
        open={postponing}
        onOpenChange={setPostponing}
        title={t("todoPostponeTo")}
        content={
          <DatePicker
            open={postponing}
            data-testid={`todo-postpone-date-${todo.id}`}
            disabledDate={(d) => d.isBefore(dayjs().startOf("day"))}
            defaultPickerValue={dayjs().add(1, "day")}
            onChange={postpone}
          />
        }
      >
        <Button size="small" data-testid={`todo-postpone-${todo.id}`}>{t("todoPostpone")}</Button>
      </Popover>
      <Popconfirm title={t("todoCancelConfirm")} onConfirm={() => void cancel()} okButtonProps={{ "data-testid": `todo-cancel-ok-${todo.id}` } as never}>
        <Button size="small" danger data-testid={`todo-cancel-${todo.id}`}>{t("todoCancel")}</Button>
      </Popconfirm>
      {logging && todo.customer_id != null && (
        <Suspense fallback={null}>
          <FollowupForm
            open
            customerId={todo.customer_id}
            todoId={todo.id}
            onDone={(saved) => {
              setLogging(false);
              if (saved) onChanged();
            }}
          />
        </Suspense>
      )}
    </Space>
  );
}
