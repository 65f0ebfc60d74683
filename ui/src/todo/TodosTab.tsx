// 待办: the record page's tab of one customer's to-dos — those still to do
// first (soonest due), then the done and cancelled ones — with 新增待办.
import { useCallback, useEffect, useState } from "react";
import { App, Button, Empty, List, Space } from "antd";
import { PlusOutlined } from "@ant-design/icons";
import { api, asApiError, type Todo } from "../ipc/api";
import { useI18n } from "../i18n";
import type { RecordTabProps } from "../record/CustomerRecord";
import { TodoForm } from "./TodoForm";
import { TodoLine } from "./TodoLine";

export function TodosTab({ customerId }: RecordTabProps) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [items, setItems] = useState<Todo[] | null>(null);
  const [adding, setAdding] = useState(false);

  const load = useCallback(async () => {
    try {
      setItems(await api.todoList({ due: null, owner: null, kind: null, customer_id: customerId, include_closed: true, limit: 500 }));
    } catch (e) {
      message.error(asApiError(e).message);
      setItems([]);
    }
  }, [customerId, message]);
  useEffect(() => { void load(); }, [load]);

  return (
    <div data-testid="todos-tab">
      <Space style={{ marginBottom: 8 }}>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="todos-tab-add">{t("todoAdd")}</Button>
      </Space>
      {items && items.length === 0 ? (
        <Empty description={t("todoNone")} />
      ) : (
        <List
          size="small"
          loading={items === null}
          dataSource={items ?? []}
          renderItem={(todo) => <List.Item><TodoLine todo={todo} showCustomer={false} onChanged={() => void load()} /></List.Item>}
        />
      )}
      <TodoForm open={adding} customerId={customerId} onDone={(saved) => { setAdding(false); if (saved) void load(); }} />
    </div>
  );
}
