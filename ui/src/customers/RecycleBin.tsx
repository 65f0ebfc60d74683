import { useCallback, useEffect, useState } from "react";
import { Alert, App, Button, Popconfirm, Space, Table } from "antd";
import { api, asApiError, type Customer, type Page } from "../ipc/api";
import { useI18n } from "../i18n";
import { useCan } from "../team/session";

export function RecycleBin({ onChanged }: { onChanged: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<Page<Customer>>({ items: [], total: 0 });
  const [selected, setSelected] = useState<number[]>([]);
  // 清空回收站 deletes for good: the 管理员's (删除 rights).
  const mayEmpty = useCan("erase");

  const load = useCallback(async () => {
    try {
      setPage(await api.listCustomers({
        search: null, tier: null, manager: null, sort: "updated_at", descending: true,
        limit: 100, offset, deleted: true, last_contact_before: null, next_contact_by: null,
      }));
    } catch (e) {
      message.error(asApiError(e).message);
    }
  }, [offset, message]);
  useEffect(() => { void load(); }, [load]);

  const restore = async (ids: number[]) => {
    try {
      const n = await api.restoreCustomers(ids);
      message.success(t("restored", { n }));
      setSelected([]);
      onChanged();
      void load();
    } catch (e) {
      message.error(asApiError(e).message);
    }
  };

  return (
    <div className="page" data-testid="recycle-bin">
      <Alert type="info" showIcon message={t("binHint")} style={{ marginBottom: 12 }} />
      <Space className="toolbar">
        <Button type="primary" disabled={selected.length === 0} data-testid="restore-selected" onClick={() => void restore(selected)}>
          {t("restore")}
        </Button>
        {mayEmpty && <Popconfirm
          title={t("emptyBinConfirm")}
          okText={t("emptyBin")}
          cancelText={t("cancel")}
          okButtonProps={{ danger: true }}
          onConfirm={async () => {
            try {
              const n = await api.emptyRecycleBin();
              message.success(t("binEmptied", { n }));
              void load();
            } catch (e) {
              message.error(asApiError(e).message);
            }
          }}
        >
          <Button danger disabled={page.total === 0}>{t("emptyBin")}</Button>
        </Popconfirm>}
      </Space>
      <Table<Customer>
        rowKey="id"
        size="small"
        dataSource={page.items}
        rowSelection={{ selectedRowKeys: selected, onChange: (k) => setSelected(k as number[]) }}
        onRow={(row) => ({ "data-testid": `bin-row-${row.id}` } as never)}
        pagination={{ current: offset / 100 + 1, pageSize: 100, total: page.total, onChange: (p) => setOffset((p - 1) * 100) }}
        columns={[
          { title: t("code"), dataIndex: "code", width: 120 },
          { title: t("name"), dataIndex: "name" },
          { title: t("phone"), dataIndex: "phone", width: 150 },
          { title: t("deletedAt"), dataIndex: "deleted_at", width: 180 },
          {
            title: "",
            width: 100,
            render: (_, row) => (
              <Button size="small" data-testid={`restore-${row.id}`} onClick={() => void restore([row.id])}>
                {t("restore")}
              </Button>
            ),
          },
        ]}
      />
    </div>
  );
}
