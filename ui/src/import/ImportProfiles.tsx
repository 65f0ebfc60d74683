// Saved column mappings (导入方案): what each one maps, renamed or deleted
// when a mapping was confirmed wrong and keeps coming back.
import { useEffect, useState } from "react";
import { App, Button, Empty, Form, Input, Modal, Space, Table, Tag, Typography } from "antd";
import { api, asApiError, type ImportProfileInfo } from "../ipc/api";
import { useI18n } from "../i18n";

export function ImportProfiles() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [list, setList] = useState<ImportProfileInfo[] | null>(null);
  const [renaming, setRenaming] = useState<ImportProfileInfo | null>(null);
  const [name, setName] = useState("");
  const [nameError, setNameError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const load = async () => {
    try { setList(await api.importProfiles()); } catch (e) { message.error(asApiError(e).message); }
  };
  useEffect(() => { void load(); }, []); // eslint-disable-line react-hooks/exhaustive-deps

  const startRename = (p: ImportProfileInfo) => {
    setRenaming(p); setName(p.name); setNameError(null);
  };

  const rename = async () => {
    if (!renaming) return;
    setSaving(true);
    try {
      const p = await api.renameImportProfile(renaming.name, name);
      message.success(t("profileRenamed", { name: p.name }));
      setRenaming(null);
      await load();
    } catch (e) {
      const err = asApiError(e);
      if (err.code === "invalid") setNameError(err.problems[0]?.message ?? err.message);
      else message.error(err.message);
    } finally {
      setSaving(false);
    }
  };

  const remove = (p: ImportProfileInfo) => {
    Modal.confirm({
      title: t("profileDeleteTitle", { name: p.name }),
      content: t("profileDeleteConfirm"),
      okText: t("delete"),
      cancelText: t("cancel"),
      okButtonProps: { danger: true, ...({ "data-testid": "confirm-delete-profile" } as Record<string, string>) },
      onOk: async () => {
        try {
          await api.deleteImportProfile(p.name);
          message.success(t("profileDeleted", { name: p.name }));
          await load();
        } catch (e) {
          message.error(asApiError(e).message);
        }
      },
    });
  };

  if (list !== null && list.length === 0) {
    return <Empty data-testid="import-profiles-empty" description={t("profileEmpty")} />;
  }

  return (
    <>
      <Typography.Paragraph type="secondary">{t("profileIntro")}</Typography.Paragraph>
      <Table<ImportProfileInfo>
        size="small" rowKey="name" dataSource={list ?? []} loading={list === null}
        data-testid="import-profiles" pagination={{ pageSize: 20 }}
        columns={[
          { title: t("profileName"), dataIndex: "name", width: 240, render: (n: string, _p, i) => <span data-testid={`profile-name-${i}`}>{n}</span> },
          {
            title: t("profileKind"), dataIndex: "kind", width: 80,
            render: (k) => (k === "customers" ? t("profileKindCustomers") : t("profileKindTransactions")),
          },
          {
            title: t("profileColumns"), key: "columns",
            render: (_: unknown, p) => p.unreadable
              ? <Typography.Text type="danger">{t("profileUnreadable")}</Typography.Text>
              : (
                <Space direction="vertical" size={4}>
                  <Space size={[4, 4]} wrap>
                    {p.columns.map((c, j) => (
                      <Tag key={j}>{c.header === c.field ? c.header : `${c.header} → ${c.field}`}</Tag>
                    ))}
                  </Space>
                  {p.ignored.length > 0 && (
                    <Typography.Text type="secondary">{t("profileIgnored", { headers: p.ignored.join("、") })}</Typography.Text>
                  )}
                </Space>
              ),
          },
          { title: t("profileLastUsed"), dataIndex: "updated_at", width: 170 },
          {
            title: "", key: "actions", width: 150,
            render: (_: unknown, p, i) => (
              <Space>
                <Button size="small" data-testid={`rename-profile-${i}`} onClick={() => startRename(p)}>{t("profileRename")}</Button>
                <Button size="small" danger data-testid={`delete-profile-${i}`} onClick={() => remove(p)}>{t("delete")}</Button>
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={renaming !== null}
        title={renaming && t("profileRenameTitle", { name: renaming.name })}
        okText={t("profileRename")}
        cancelText={t("cancel")}
        confirmLoading={saving}
        okButtonProps={{ ...({ "data-testid": "confirm-rename-profile" } as Record<string, string>) }}
        onOk={() => void rename()}
        onCancel={() => setRenaming(null)}
        destroyOnClose
      >
        <Form layout="vertical" onFinish={() => void rename()}>
          <Form.Item label={t("profileNewName")} validateStatus={nameError ? "error" : undefined} help={nameError}>
            <Input
              autoFocus value={name} maxLength={100} data-testid="profile-name-input"
              onChange={(e) => { setName(e.target.value); setNameError(null); }}
              onPressEnter={() => void rename()}
            />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
