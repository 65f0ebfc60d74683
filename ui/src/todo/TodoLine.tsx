// One to-do in a list: kind, what, the customer (a link to their record),
// when and who, overdue in red, and its actions.
import { Space, Tag, Typography } from "antd";
import type { Todo } from "../ipc/api";
import { useI18n } from "../i18n";
import { openRecord } from "../record/open";
import { isActive, kindColour, kindLabel, statusLabel } from "./kinds";
import { TodoActions } from "./TodoActions";
import { todoNote, todoTitle } from "./storedText";

export function TodoLine({ todo, onChanged, showCustomer = true }: { todo: Todo; onChanged: () => void; showCustomer?: boolean }) {
  const { t } = useI18n();
  const when = todo.due_time ? `${todo.due_on} ${todo.due_time}` : todo.due_on;
  return (
    <div className="todo-line" data-testid={`todo-${todo.id}`} style={{ display: "flex", justifyContent: "space-between", gap: 12, width: "100%", alignItems: "center" }}>
      <Space direction="vertical" size={0} style={{ minWidth: 0 }}>
        <Space size={6} wrap>
          <Tag color={kindColour(todo.kind)}>{kindLabel(t, todo.kind)}</Tag>
          <Typography.Text strong delete={todo.status === "cancelled"} data-testid={`todo-title-${todo.id}`}>{todoTitle(todo, t)}</Typography.Text>
          {!isActive(todo.status) && <Tag>{statusLabel(t, todo.status)}</Tag>}
          {todo.status === "postponed" && <Tag color="orange">{statusLabel(t, todo.status)}</Tag>}
        </Space>
        <Space size={12} wrap>
          <Typography.Text type={todo.overdue ? "danger" : "secondary"} data-testid={`todo-due-${todo.id}`}>
            {when}{todo.overdue ? `（${t("todoOverdue")}）` : ""}
          </Typography.Text>
          {showCustomer && todo.customer_id != null && (
            <Typography.Link onClick={() => openRecord(todo.customer_id!)} data-testid={`todo-customer-${todo.id}`}>
              {todo.customer_name}{todo.customer_code ? `（${todo.customer_code}）` : ""}
            </Typography.Link>
          )}
          {todo.owner && <Typography.Text type="secondary">{t("todoOwner")}：{todo.owner}</Typography.Text>}
          {todo.note && <Typography.Text type="secondary" ellipsis style={{ maxWidth: 360 }}>{todoNote(todo, t)}</Typography.Text>}
        </Space>
      </Space>
      <TodoActions todo={todo} onChanged={onChanged} />
    </div>
  );
}
