import { useEffect, useState } from "react";
import { App, Button, Card, Col, Modal, Row, Space, Table, Tag, Typography } from "antd";
import { api, asApiError, type SchemeSummary, type TierCare, type TierChurn, type TierRule, dialogs } from "../ipc/api";
import { useI18n } from "../i18n";
import { SchemeEditor } from "./SchemeEditor";
import { CalibrationPanel } from "./CalibrationPanel";

export function SchemesPage({ onChanged }: { onChanged: () => void }) {
  const { t, m, locale } = useI18n();
  const { message } = App.useApp();
  const [list, setList] = useState<SchemeSummary[]>([]);
  const [editing, setEditing] = useState<{ source: string; revision: number; copy: boolean; care: TierCare[]; churn: TierChurn[] } | null>(null);
  const load = async () => {
    try {
      setList(await api.schemes());
    } catch (e) {
      message.error(asApiError(e).message);
    }
  };
  useEffect(() => { void load(); }, []); // eslint-disable-line react-hooks/exhaustive-deps

  const importFile = async () => {
    const path = await dialogs.open({ multiple: false, filters: [{ name: "TOML", extensions: ["toml"] }] });
    if (typeof path !== "string") return;
    try {
      const name = await api.importSchemeFile(path);
      message.success(t("schemeImported", { name }));
      void load();
      onChanged();
    } catch (e) {
      Modal.error({ title: t("importScheme"), content: asApiError(e).message });
    }
  };

  return (
    <div className="page" data-testid="schemes-page">
      <Space className="toolbar">
        <Button onClick={() => void importFile()}>{t("importScheme")}</Button>
      </Space>
      <CalibrationPanel schemes={list} onSaved={() => { void load(); onChanged(); }} />
      <Row gutter={[16, 16]}>
        {list.map((s) => (
          <Col span={12} key={s.key}>
            {/* 当前方案 is a tag in the title: a ribbon on the corner covered 查看方案文件. */}
              <Card
                size="small"
                className="scheme-card"
                title={
                  <span data-testid={`scheme-title-${s.key}`}>
                    {`${s.name} · v${s.version}`}
                    {s.active && <Tag color="blue" style={{ marginLeft: 8 }} data-testid="active-scheme-tag">{t("activeScheme")}</Tag>}
                  </span>
                }
                data-testid={`scheme-${s.key}`}
                extra={
                  <Space>
                    <Button size="small" data-testid={`edit-${s.key}`} onClick={() => setEditing({ source: s.toml, revision: s.revision, copy: false, care: s.tiers.map((r) => r.care_default), churn: s.tiers.map((r) => r.churn_default) })}>{t("schemeEdit")}</Button>
                    <Button size="small" onClick={() => setEditing({ source: s.toml, revision: s.revision, copy: true, care: s.tiers.map((r) => r.care_default), churn: s.tiers.map((r) => r.churn_default) })}>{t("schemeCopy")}</Button>
                    <Button size="small" onClick={() => Modal.info({ width: 720, title: s.name, content: <pre style={{ maxHeight: 480, overflow: "auto" }}>{s.toml}</pre> })}>
                      {t("viewToml")}
                    </Button>
                    {!s.active && (
                      <Button
                        size="small"
                        type="primary"
                        data-testid={`activate-${s.key}`}
                        onClick={async () => {
                          try {
                            await api.activateScheme(s.key);
                            message.success(t("schemeActivated", { name: s.name }));
                            void load();
                            onChanged();
                          } catch (e) {
                            message.error(asApiError(e).message);
                          }
                        }}
                      >
                        {t("activate")}
                      </Button>
                    )}
                  </Space>
                }
              >
                <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
                  {t("schemeMethodCycle", { method: m(s.method_msg), cycle: m(s.cycle_msg) })}
                  <br />
                  {s.description}
                </Typography.Paragraph>
                <Table<TierRule>
                  size="small"
                  rowKey="key"
                  pagination={false}
                  dataSource={s.tiers}
                  columns={[
                    { title: t("tier"), dataIndex: "name", width: 120, render: (n: string, r) => <Tag color={r.color}>{"★".repeat(r.stars)} {n}</Tag> },
                    { title: t("rule"), dataIndex: "rule", render: (x: string, r) => <code data-testid={`scheme-rule-${s.key}-${r.key}`}>{r.rule_msg ? m(r.rule_msg) : locale === "zh-CN" || !r.condition ? x : r.condition}</code> },
                  ]}
                />
              </Card>
          </Col>
        ))}
      </Row>
      {editing && (
        <SchemeEditor source={editing.source} revision={editing.revision} copy={editing.copy} careDefaults={editing.care} churnDefaults={editing.churn} onClose={() => setEditing(null)} onSaved={() => { void load(); onChanged(); }} />
      )}
    </div>
  );
}
