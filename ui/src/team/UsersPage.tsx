// 设置 → 用户 (管理员 only): the people who sign in to this team database,
// with their role; add one, change a name, role or 停用, reset a password.
// A user is never deleted, only turned off: the log and the customers keep
// naming who they were.
import { useCallback, useEffect, useState } from "react";
import { App, Button, Form, Input, Modal, Select, Space, Switch, Table, Tag, Typography } from "antd";
import { PlusOutlined } from "@ant-design/icons";
import { api, asApiError, type Role, type UserLine } from "../ipc/api";
import { useI18n } from "../i18n";
import { count } from "../format";
import { newPasswordProblem, roleKey, ROLES } from "./users";
import { useSession } from "./session";
import { useSubmit } from "./useSubmit";

type Editing = { user: UserLine | null } | null;

export function UsersPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { session } = useSession();
  const [users, setUsers] = useState<UserLine[]>([]);
  const [loading, setLoading] = useState(true);
  const [editing, setEditing] = useState<Editing>(null);
  const [resetting, setResetting] = useState<UserLine | null>(null);

  const load = useCallback(async () => {
    setLoading(true);
    try {
      setUsers(await api.users());
    } catch (e) {
      message.error(asApiError(e).message);
    } finally {
      setLoading(false);
    }
  }, [message]);
  useEffect(() => { void load(); }, [load]);

  return (
    <div className="page" data-testid="users-page">
      <Space className="toolbar" wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>{t("usersTitle")}</Typography.Title>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ user: null })} data-testid="user-add">{t("userAdd")}</Button>
        <Typography.Text type="secondary" data-testid="users-total">{t("usersTotal", { n: count(users.length) })}</Typography.Text>
      </Space>
      <Typography.Paragraph type="secondary">{t("usersHint")}</Typography.Paragraph>
      <Table<UserLine>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={users}
        pagination={false}
        onRow={(u) => ({ "data-testid": `user-${u.login}` } as never)}
        columns={[
          { key: "login", title: t("userLogin"), dataIndex: "login" },
          { key: "name", title: t("userName"), dataIndex: "name" },
          { key: "role", title: t("userRole"), render: (_: unknown, u) => t(roleKey(u.role)) },
          {
            key: "active", title: t("userActive"),
            render: (_: unknown, u) => (u.active ? <Tag color="green">{t("userActiveYes")}</Tag> : <Tag>{t("userActiveNo")}</Tag>),
          },
          { key: "created", title: t("userCreated"), dataIndex: "created_at" },
          {
            key: "actions", title: "",
            render: (_: unknown, u) => (
              <Space>
                <Button size="small" onClick={() => setEditing({ user: u })} data-testid={`user-edit-${u.login}`}>{t("edit")}</Button>
                <Button size="small" onClick={() => setResetting(u)} data-testid={`user-reset-${u.login}`}>{t("userResetPassword")}</Button>
              </Space>
            ),
          },
        ]}
      />
      {editing && (
        <UserForm
          user={editing.user}
          self={editing.user != null && editing.user.id === session?.user_id}
          onClose={() => setEditing(null)}
          onSaved={() => { setEditing(null); void load(); }}
        />
      )}
      {resetting && <ResetPassword user={resetting} onClose={() => setResetting(null)} />}
    </div>
  );
}

interface UserValues { login: string; name: string; role: Role; active: boolean; password: string; again: string }

/** 新增用户 (with a first password) or 编辑 (name, role, 启用). */
function UserForm({ user, self, onClose, onSaved }: { user: UserLine | null; self: boolean; onClose: () => void; onSaved: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<UserValues>();
  const { busy, error, setError, run } = useSubmit();

  const save = async () => {
    const v = form.getFieldsValue(true) as UserValues;
    if (!v.login?.trim() || !v.name?.trim()) { setError(t("signInFill")); return; }
    if (!user) {
      const problem = newPasswordProblem(v.password ?? "", v.again ?? "");
      if (problem) { setError(t(problem)); return; }
    }
    await run(async () => {
      const draft = { login: v.login.trim(), name: v.name.trim(), role: v.role, active: v.active };
      if (user) await api.editUser(user.id, draft);
      else await api.addUser({ ...draft, password: v.password });
      message.success(t(user ? "userSaved" : "userAdded", { name: draft.name }));
      onSaved();
    });
  };

  return (
    <Modal
      open
      title={user ? t("userEditTitle", { name: user.name }) : t("userAdd")}
      onCancel={onClose}
      onOk={() => void save()}
      okText={t("save")}
      cancelText={t("cancel")}
      confirmLoading={busy}
      okButtonProps={{ "data-testid": "user-save" } as never}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        onValuesChange={() => setError(null)}
        initialValues={user ? { login: user.login, name: user.name, role: user.role, active: user.active } : { login: "", name: "", role: "sales", active: true, password: "", again: "" }}
      >
        <Form.Item name="login" label={t("userLogin")} extra={user ? undefined : t("userLoginHint")}>
          <Input disabled={user != null} data-testid="user-login" />
        </Form.Item>
        <Form.Item name="name" label={t("userName")} extra={t("userNameHint")}>
          <Input data-testid="user-name" />
        </Form.Item>
        <Form.Item name="role" label={t("userRole")} extra={self ? t("userSelfRoleHint") : undefined}>
          <Select disabled={self} data-testid="user-role" options={ROLES.map((r) => ({ value: r, label: <span data-testid={`role-option-${r}`}>{t(roleKey(r))} · {t(`${roleKey(r)}Can` as const)}</span> }))} />
        </Form.Item>
        {user && (
          <Form.Item name="active" label={t("userActive")} valuePropName="checked">
            <Switch disabled={self} data-testid="user-active" />
          </Form.Item>
        )}
        {!user && (
          <>
            <Form.Item name="password" label={t("userPassword")}>
              <Input.Password data-testid="user-password" />
            </Form.Item>
            <Form.Item name="again" label={t("passwordAgain")}>
              <Input.Password data-testid="user-again" />
            </Form.Item>
          </>
        )}
      </Form>
      {error && <Typography.Text type="danger" data-testid="user-error">{error}</Typography.Text>}
    </Modal>
  );
}

/** 重置密码: a 管理员 gives a user a new password (the user may change it later). */
function ResetPassword({ user, onClose }: { user: UserLine; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [password, setPassword] = useState("");
  const [again, setAgain] = useState("");
  const { busy, error, setError, run } = useSubmit();
  const save = async () => {
    const problem = newPasswordProblem(password, again);
    if (problem) { setError(t(problem)); return; }
    await run(async () => {
      await api.setUserPassword(user.id, password);
      message.success(t("userPasswordReset", { name: user.name }));
      onClose();
    });
  };
  return (
    <Modal
      open
      title={t("userResetTitle", { name: user.name })}
      onCancel={onClose}
      onOk={() => void save()}
      okText={t("save")}
      cancelText={t("cancel")}
      confirmLoading={busy}
      okButtonProps={{ "data-testid": "user-reset-save" } as never}
      destroyOnHidden
    >
      <Space direction="vertical" style={{ width: "100%" }}>
        <Input.Password placeholder={t("passwordNew")} value={password} onChange={(e) => { setPassword(e.target.value); setError(null); }} data-testid="user-reset-password" />
        <Input.Password placeholder={t("passwordAgain")} value={again} onChange={(e) => { setAgain(e.target.value); setError(null); }} data-testid="user-reset-again" />
        {error && <Typography.Text type="danger">{error}</Typography.Text>}
      </Space>
    </Modal>
  );
}
