// Every import with its counts; any import can be taken back. A second tab
// lists the saved column mappings (导入方案).
import { useEffect, useState } from "react";
import { App, Button, Modal, Table, Tabs, Tag } from "antd";
import { api, asApiError, type ImportRecord } from "../ipc/api";
import { useI18n } from "../i18n";
import { ImportProfiles } from "./ImportProfiles";

export function ImportHistory({ onChanged }: { onChanged: () => void }) {
  const { t } = useI18n();
  return (
    <Tabs
      destroyInactiveTabPane
      items={[
        { key: "history", label: <span data-testid="tab-import-history">{t("importTabHistory")}</span>, children: <ImportRecords onChanged={onChanged} /> },
        { key: "profiles", label: <span data-testid="tab-import-profiles">{t("importTabProfiles")}</span>, children: <ImportProfiles /> },
      ]}
    />
  );
}

function ImportRecords({ onChanged }: { onChanged: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [list, setList] = useState<ImportRecord[]>([]);
  const load = async () => {
    try { setList(await api.imports()); } catch (e) { message.error(asApiError(e).message); }
  };
  useEffect(() => { void load(); }, []); // eslint-disable-line react-hooks/exhaustive-deps

  const undo = (r: ImportRecord) => {
    Modal.confirm({
      title: t("importUndoTitle", { id: r.id }),
      content: t("importUndoConfirm", { inserted: r.inserted, updated: r.updated }),
      okText: t("undo"),
      okButtonProps: { danger: true, ...({ "data-testid": "confirm-undo-import" } as Record<string, string>) },
      onOk: async () => {
        try {
          await api.undoImport(r.id);
          message.success(t("importUndone", { id: r.id }));
          await load();
          onChanged();
        } catch (e) {
          message.error(asApiError(e).message);
        }
      },
    });
  };

  return (
    <Table<ImportRecord>
      size="small" rowKey="id" dataSource={list} data-testid="import-history" pagination={{ pageSize: 20 }}
      columns={[
        { title: "#", dataIndex: "id", width: 50 },
        { title: t("importWhen"), dataIndex: "created_at", width: 170 },
        { title: t("importFile"), dataIndex: "file", ellipsis: true, render: (f: string) => f.split(/[\\/]/).pop() },
        // The sheet's name gives way below 1200 wide, so the file's name keeps room at 1024×700.
        { title: t("importSheet"), dataIndex: "sheet", width: 120, ellipsis: true, responsive: ["xl"] },
        { title: t("importKind"), dataIndex: "kind", width: 90, render: (k) => (k === "customers" ? t("importKindCustomers") : t("importKindTransactions")) },
        { title: t("importNew"), dataIndex: "inserted", width: 70 },
        { title: t("importUpdated"), dataIndex: "updated", width: 70 },
        { title: t("importRejected"), dataIndex: "rejected", width: 70 },
        { title: t("importLines"), dataIndex: "lines", width: 80 },
        {
          title: "", key: "undo", width: 80,
          render: (_: unknown, r) => r.undone_at
            ? <Tag>{t("importUndoneTag")}</Tag>
            : <Button size="small" danger data-testid={`undo-import-${r.id}`} onClick={() => undo(r)}>{t("undo")}</Button>,
        },
      ]}
    />
  );
}
