// The connection form of a team database: server, port, database, user,
// password, and how the connection is protected — 加密连接 (TLS with the
// server's certificate checked) by default, with 「信任此证书颁发机构（CA）
// 文件…」 for a server whose certificate an organisation's own authority
// signed, or 「不加密（仅限本机或可信内网）」 only when ticked. A controlled
// component: 文件 → 连接团队数据库… (TeamConnectDialog) and 迁移到团队数据库…
// use it alike; Rust checks the form (TeamLogin::team_url) and builds the URL.
import { Button, Checkbox, Form, Input, InputNumber, Space, Typography } from "antd";
import { dialogs, type TeamLogin } from "../ipc/api";
import { useI18n } from "../i18n";

/** An empty form: port 5432, encrypted, the system's trusted authorities. */
export const EMPTY_TEAM_LOGIN: TeamLogin = {
  host: "", port: 5432, database: "", user: "", password: "", encrypt: true, ca_file: null,
};

/** Whether the form has what connecting needs (Rust checks it again and says what is missing). */
export function teamLoginComplete(v: TeamLogin): boolean {
  return v.host.trim() !== "" && v.database.trim() !== "" && v.user.trim() !== "" && v.port > 0 && v.port <= 65535;
}

export function TeamConnectForm({ value, onChange, disabled, onSubmit }: {
  value: TeamLogin;
  onChange: (next: TeamLogin) => void;
  disabled?: boolean;
  /** Enter in the password field. */
  onSubmit?: () => void;
}) {
  const { t } = useI18n();
  const set = <K extends keyof TeamLogin>(key: K, v: TeamLogin[K]) => onChange({ ...value, [key]: v });
  const pickCa = async () => {
    const path = await dialogs.open({
      title: t("teamConnectCaPick"), multiple: false, directory: false,
      filters: [{ name: t("teamConnectCaFilter"), extensions: ["pem", "crt", "cer"] }],
    });
    if (typeof path === "string") set("ca_file", path);
  };
  return (
    <Form layout="vertical" disabled={disabled} data-testid="team-connect-form">
      <Space.Compact block>
        <Form.Item label={t("teamConnectHost")} style={{ flex: 1, marginRight: 8 }} required>
          <Input value={value.host} onChange={(e) => set("host", e.target.value)} placeholder="10.0.0.5"
            autoComplete="off" data-testid="team-host" />
        </Form.Item>
        <Form.Item label={t("teamConnectPort")} required>
          <InputNumber min={1} max={65535} precision={0} value={value.port}
            onChange={(v) => set("port", typeof v === "number" ? v : 0)} data-testid="team-port" style={{ width: 110 }} />
        </Form.Item>
      </Space.Compact>
      <Form.Item label={t("teamConnectDatabase")} required>
        <Input value={value.database} onChange={(e) => set("database", e.target.value)} autoComplete="off" data-testid="team-database" />
      </Form.Item>
      <Space.Compact block>
        <Form.Item label={t("teamConnectUser")} style={{ flex: 1, marginRight: 8 }} required>
          <Input value={value.user} onChange={(e) => set("user", e.target.value)} autoComplete="off" data-testid="team-user" />
        </Form.Item>
        <Form.Item label={t("teamConnectPassword")} style={{ flex: 1 }} extra={t("teamConnectPasswordKept")}>
          <Input.Password value={value.password} onChange={(e) => set("password", e.target.value)} autoComplete="off"
            onPressEnter={onSubmit} data-testid="team-password" />
        </Form.Item>
      </Space.Compact>
      <Form.Item label={t("teamConnectSecurity")} style={{ marginBottom: 0 }}>
        {value.encrypt ? (
          <Space direction="vertical" style={{ width: "100%" }}>
            <Typography.Text type="secondary">{t("teamConnectEncrypted")}</Typography.Text>
            <Space.Compact block>
              <Input value={value.ca_file ?? ""} placeholder={t("teamConnectCaNone")} allowClear
                onChange={(e) => set("ca_file", e.target.value || null)} data-testid="team-ca-file" />
              <Button onClick={() => void pickCa()} data-testid="team-ca-pick">{t("teamConnectCaPick")}</Button>
            </Space.Compact>
          </Space>
        ) : (
          <Typography.Text type="warning" data-testid="team-plain-warning">{t("teamConnectPlainWarning")}</Typography.Text>
        )}
      </Form.Item>
      <Form.Item style={{ marginTop: 8, marginBottom: 0 }}>
        <Checkbox checked={!value.encrypt} onChange={(e) => onChange({ ...value, encrypt: !e.target.checked })} data-testid="team-plain">
          {t("teamConnectPlain")}
        </Checkbox>
      </Form.Item>
    </Form>
  );
}
