// 编辑方案: change a scheme's tiers and rules in a form (or its file, 方案文件),
// see at once how customers would be distributed and who would move
// (what-if, not saved), then save it as a new version. Tiers are added,
// removed and reordered here (tierOps.ts); each rule is written as text or
// with the builder (RuleBuilder.tsx). Closing or leaving the page with
// unsaved changes asks first. Saving sends the revision and file it opened
// (schemeSave.ts): someone else's save meanwhile is merged (the editor stays
// open on the merged scheme and says what they changed), or the fields both
// changed go to the conflict dialog (ui/src/conflict).
import { useEffect, useMemo, useRef, useState } from "react";
import { Alert, App, Button, Col, Input, InputNumber, Modal, Row, Select, Space, Spin, Table, Tabs, Tag, Typography } from "antd";
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import { parse, stringify } from "smol-toml";
import { api, asApiError, type EvaluationPreview, type FieldName, type MoveLine, type RuleFigure, type Saved, type SchemeSummary, type TierCare, type TierChurn } from "../ipc/api";
import { ConflictDialog } from "../conflict/ConflictDialog";
import { useConflictSave } from "../conflict/useConflictSave";
import { keptLabels } from "../conflict/choices";
import { afterSchemeSave, schemeBase, type OpenedScheme } from "./schemeSave";
import { currentLocale, useI18n } from "../i18n";
import { holdLeaving } from "../shell/leaveGuard";
import { RuleBuilder, RuleText } from "./RuleBuilder";
import { addTier, moveTier, removeTier, type TierResult } from "./tierOps";
import { PointsSettings } from "./pointsSettingsTab";
import { TierChart } from "./TierChart";
import { careColumn } from "./careColumn";
import { ChurnRulesBar, churnColumns } from "./churnColumn";
import { withChurnField, withChurnRule } from "./churnSettings";

type Tier = { key: string; name: string; color: string; stars?: number; condition?: string; min_score?: number; max_share?: number; [k: string]: unknown };
type Draft = { key: string; name: string; description?: string; cycle?: string; method: { kind: string; [k: string]: unknown }; tiers: Tier[]; protection?: Record<string, number | undefined>; [k: string]: unknown };

/** Drops empty values, which TOML cannot hold. */
function clean(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(clean);
  if (v && typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      if (x === null || x === undefined || (typeof x === "number" && Number.isNaN(x))) continue;
      out[k] = clean(x);
    }
    return out;
  }
  return v;
}

export function toToml(d: Draft): string {
  return stringify(clean(d) as Record<string, unknown>);
}

export function SchemeEditor({ source, revision, copy, careDefaults, churnDefaults, onClose, onSaved }: { source: string; revision?: number; copy: boolean; careDefaults?: TierCare[]; churnDefaults?: TierChurn[]; onClose: () => void; onSaved: () => void }) {
  const { t, m } = useI18n();
  const { message, modal } = App.useApp();
  // What the editor opened (a copy is a new scheme and has none): after a
  // merged save, the merged scheme as stored.
  const [openedScheme, setOpenedScheme] = useState<OpenedScheme | null>(copy || revision == null ? null : { source, revision });
  const [merged, setMerged] = useState<FieldName[]>([]);
  const shownSource = openedScheme?.source ?? source;
  const initial = useMemo(() => {
    const d = parse(shownSource) as unknown as Draft;
    if (copy) { d.key = `${d.key}_copy`; d.name = t("schemeCopyName", { name: d.name }); d.version = 1; }
    return d;
  }, [shownSource, copy]);
  const [draft, setDraft] = useState<Draft>(initial);
  const [text, setText] = useState(() => toToml(initial));
  const [textError, setTextError] = useState<string | null>(null);
  const [preview, setPreview] = useState<EvaluationPreview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [figures, setFigures] = useState<RuleFigure[]>([]);
  const [building, setBuilding] = useState<string[]>([]);
  useEffect(() => { api.ruleFigures().then(setFigures, () => undefined); }, []);

  // Unsaved: the file differs from the one opened. Closing the editor or
  // leaving the page then asks first.
  const opened = useMemo(() => toToml(initial), [initial]);
  const dirty = useRef(false);
  dirty.current = text !== opened;
  const askLeave = () => new Promise<boolean>((resolve) => {
    modal.confirm({
      title: t("unsavedLeave"), okText: t("unsavedLeaveOk"), cancelText: t("unsavedStay"),
      okButtonProps: { id: "unsaved-leave" }, cancelButtonProps: { id: "unsaved-stay" },
      onOk: () => resolve(true), onCancel: () => resolve(false),
    });
  });
  useEffect(() => holdLeaving(() => dirty.current, askLeave), []); // eslint-disable-line react-hooks/exhaustive-deps
  const close = () => {
    if (!dirty.current) { onClose(); return; }
    void askLeave().then((leave) => { if (leave) onClose(); });
  };

  // Each change starts from the latest draft: rules come back from Rust a moment after they are typed.
  const update = (f: (d: Draft) => void) => {
    setDraft((prev) => {
      const next = structuredClone(prev);
      f(next);
      setText(toToml(next));
      return next;
    });
  };

  const onText = (v: string) => {
    setText(v);
    try {
      setDraft(parse(v) as unknown as Draft);
      setTextError(null);
    } catch (e) {
      setTextError((e as Error).message);
      // The reason in words, with the line and column, from the same reader saving uses.
      api.schemeTextProblem(v).then((p) => {
        if (p) setTextError(`${t("schemeFileAt", { line: p.line, column: p.column, reason: m(p.reason_msg) })}\n${t("schemeFileLine", { text: p.line_text })}`);
      }, () => undefined);
    }
  };

  const tierChange = (r: TierResult<Tier>, removed?: string) => {
    if ("refused" in r) { message.warning(t(r.refused)); return; }
    update((d) => {
      d.tiers = r.tiers;
      if (removed && Array.isArray(d.benefits)) d.benefits = (d.benefits as { tier?: string }[]).filter((b) => b.tier !== removed);
    });
  };

  // Live what-if: the draft over every customer, a moment after the last change.
  useEffect(() => {
    if (textError) return;
    const timer = setTimeout(() => {
      api.previewSchemeDraft(text).then((p) => { setPreview(p); setError(null); }, (e) => setError(asApiError(e).message));
    }, 350);
    return () => clearTimeout(timer);
  }, [text, textError]);

  // The hook's own notice is left out: the editor shows what they changed itself.
  const conflicts = useConflictSave<string, Saved<SchemeSummary>, string>("scheme", async (toml, base) => {
    const saved = await api.saveSchemeText(toml, base);
    return { item: saved, theirs_kept: [] };
  });
  const saveFailed = (e: unknown) => Modal.error({ title: t("schemeSave"), content: asApiError(e).message });
  const finish = (saved: Saved<SchemeSummary>) => {
    const after = afterSchemeSave(saved);
    onSaved();
    if (after.close) {
      message.success(t("schemeSaved", { name: saved.item.name }));
      onClose();
      return;
    }
    const d = parse(after.opened.source) as unknown as Draft;
    setOpenedScheme(after.opened);
    setDraft(d);
    setText(toToml(d));
    setTextError(null);
    setMerged(after.theirs);
  };

  const save = async () => {
    setSaving(true);
    try {
      if (!openedScheme) {
        // A copy is a new scheme: its key must be free (a taken key is refused).
        const { name } = await api.createSchemeText(text);
        message.success(t("schemeSaved", { name }));
        onSaved();
        onClose();
        return;
      }
      const saved = await conflicts.save(text, schemeBase(openedScheme));
      if (saved) finish(saved);
    } catch (e) {
      saveFailed(e);
    } finally {
      setSaving(false);
    }
  };

  const kind = draft.method?.kind;
  const last = draft.tiers.length - 1;
  const tierName = (k: string | null) => draft.tiers.find((x) => x.key === k)?.name ?? k ?? t("notRated");
  const ruleColumn = {
    title: t("rule"),
    key: "rule",
    render: (_: unknown, r: Tier, i: number) => {
      if (kind === "thresholds") {
        const open = building.includes(r.key);
        return i === last ? <Typography.Text type="secondary">{t("everyoneElse")}</Typography.Text> : (
          <div style={{ display: "flex", gap: 4, alignItems: "flex-start" }}>
            <div style={{ flex: 1, minWidth: 180 }}>
              <RuleText value={r.condition ?? ""} testId={`rule-${r.key}`} onChange={(v) => update((d) => { d.tiers[i].condition = v; })} />
            </div>
            <Button data-testid={`rule-build-${r.key}`} type={open ? "primary" : "default"}
              onClick={() => setBuilding(open ? building.filter((k) => k !== r.key) : [...building, r.key])}>
              {open ? t("ruleBuilderClose") : t("ruleBuilderOpen")}
            </Button>
          </div>
        );
      }
      if (kind === "weighted") {
        return i === last ? <Typography.Text type="secondary">{t("everyoneElse")}</Typography.Text> : (
          <Space><span>{t("minScore")}</span><InputNumber min={0} max={100} value={r.min_score} onChange={(v) => update((d) => { d.tiers[i].min_score = v ?? undefined; })} /></Space>
        );
      }
      if (kind === "abc") {
        return i === last ? <Typography.Text type="secondary">{t("everyoneElse")}</Typography.Text> : (
          <Space><span>{t("maxShare")}</span><InputNumber min={0} max={100} value={r.max_share !== undefined ? Math.round(r.max_share * 1000) / 10 : undefined}
            onChange={(v) => update((d) => { d.tiers[i].max_share = v === null ? undefined : v / 100; })} addonAfter="%" /></Space>
        );
      }
      return <Typography.Text type="secondary">{t("rfmRule")}</Typography.Text>;
    },
  };

  return (
    <Modal open width={1280} title={t("schemeEditTitle", { name: draft.name })} onCancel={close} onOk={() => void save()}
      okText={t("schemeSave")} confirmLoading={saving} okButtonProps={{ id: "scheme-save", disabled: !!textError }} destroyOnClose>
      <ConflictDialog {...conflicts.dialog(finish, saveFailed)} />
      {merged.length > 0 && (
        <Alert type="info" showIcon closable onClose={() => setMerged([])} style={{ marginBottom: 12 }} data-testid="scheme-merged"
          message={t("schemeMerged", { fields: keptLabels(t, "scheme", merged, currentLocale() === "zh-CN" ? "、" : ", ") })} />
      )}
      <Row gutter={16} data-testid="scheme-editor">
        {/* Side by side from 1200 wide; below (1024×700), the preview goes under the tiers so their names keep room. */}
        <Col xs={24} xl={13}>
          <Tabs items={[
            {
              key: "form", label: t("schemeRules"), children: (
                <Space direction="vertical" style={{ width: "100%" }}>
                  <Space wrap>
                    <span>{t("schemeName")}</span>
                    <Input style={{ width: 280 }} value={draft.name} onChange={(e) => update((d) => { d.name = e.target.value; })} data-testid="scheme-name" />
                    {copy && <><span>{t("schemeKey")}</span><Input style={{ width: 160 }} value={draft.key} onChange={(e) => update((d) => { d.key = e.target.value; })} /></>}
                    <span>{t("cycle")}</span>
                    <Select style={{ width: 120 }} value={draft.cycle ?? "yearly"} onChange={(v) => update((d) => { d.cycle = v; })}
                      options={[{ value: "quarterly", label: t("cycleQuarterly") }, { value: "half_yearly", label: t("cycleHalfYearly") }, { value: "yearly", label: t("cycleYearly") }]} />
                  </Space>
                  <Input.TextArea rows={2} value={draft.description ?? ""} placeholder={t("schemeDescription")} onChange={(e) => update((d) => { d.description = e.target.value; })} />
                  <Table<Tier> size="small" rowKey="key" pagination={false} dataSource={draft.tiers} columns={[
                    { title: t("color"), key: "color", width: 60, render: (_, r, i) => (
                      <input type="color" value={r.color} onChange={(e) => update((d) => { d.tiers[i].color = e.target.value; })} style={{ width: 36, height: 24, border: 0, padding: 0 }} />) },
                    { title: t("tier"), key: "name", width: 130, render: (_, r, i) => (
                      <Input value={r.name} onChange={(e) => update((d) => { d.tiers[i].name = e.target.value; })} />) },
                    { title: "★", key: "stars", width: 70, render: (_, r, i) => (
                      <InputNumber min={0} max={5} value={r.stars ?? 0} style={{ width: 56 }} onChange={(v) => update((d) => { d.tiers[i].stars = v ?? 0; })} />) },
                    ruleColumn,
                    { title: t("tierOrder"), key: "order", width: 112, render: (_, r, i) => (
                      <Space size={0}>
                        <Button title={t("tierUp")} size="small" type="text" icon={<ArrowUpOutlined />} aria-label={t("tierUp")} data-testid={`tier-up-${i}`} disabled={i === 0}
                          onClick={() => tierChange(moveTier(draft.tiers, i, -1, kind ?? ""))} />
                        <Button title={t("tierDown")} size="small" type="text" icon={<ArrowDownOutlined />} aria-label={t("tierDown")} data-testid={`tier-down-${i}`} disabled={i === last}
                          onClick={() => tierChange(moveTier(draft.tiers, i, 1, kind ?? ""))} />
                        <Button title={t("tierRemove")} size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t("tierRemove")} data-testid={`tier-remove-${i}`}
                          onClick={() => {
                            const r2 = removeTier(draft.tiers, i, kind ?? "");
                            if ("refused" in r2) { message.warning(t(r2.refused)); return; }
                            modal.confirm({ title: t("tierRemoveConfirm", { name: r.name }), okButtonProps: { id: "tier-remove-ok" }, onOk: () => tierChange(r2, r.key) });
                          }} />
                      </Space>) },
                  ]} expandable={{
                    showExpandColumn: false,
                    expandedRowKeys: kind === "thresholds" ? building : [],
                    expandedRowRender: (r) => (
                      <RuleBuilder value={r.condition ?? ""} figures={figures} testId={`rule-builder-${r.key}`}
                        onChange={(v) => update((d) => { const x = d.tiers.find((y) => y.key === r.key); if (x) x.condition = v; })} />
                    ),
                  }} data-testid="scheme-tiers" />
                  <Button icon={<PlusOutlined />} size="small" data-testid="tier-add" disabled={kind === "rfm"}
                    onClick={() => tierChange(addTier(draft.tiers, t("tierNewName"), kind ?? ""))}>{t("tierAdd")}</Button>
                  <Table<Tier> size="small" rowKey="key" pagination={false} dataSource={draft.tiers} data-testid="care-settings" columns={[
                    { title: t("tier"), key: "name", width: 110, render: (_, r) => <Tag color={r.color}>{r.name}</Tag> },
                    careColumn(t, careDefaults ?? [], (i, field, v) => update((d) => {
                      const care = { ...((d.tiers[i].care as Record<string, number | undefined>) ?? {}), [field]: v ?? undefined };
                      d.tiers[i].care = Object.values(care).some((x) => x !== undefined) ? care : undefined;
                    })),
                  ]} />
                  <ChurnRulesBar t={t} table={draft.churn} set={(key, v) => update((d) => { d.churn = withChurnRule(d.churn, key, v); })} />
                  <Table<Tier> size="small" rowKey="key" pagination={false} dataSource={draft.tiers} data-testid="churn-settings" columns={[
                    { title: t("churnColumn"), key: "name", width: 110, render: (_, r) => <Tag color={r.color}>{r.name}</Tag> },
                    ...churnColumns<Tier>(t, churnDefaults ?? [], (i, field, v) => update((d) => { d.tiers[i].churn = withChurnField(d.tiers[i].churn, field, v); })),
                  ]} />
                  {kind !== "rfm" && (
                    <Space wrap>
                      <span>{t("protectDown")}</span>
                      <InputNumber min={0} max={10} value={draft.protection?.max_levels_down} onChange={(v) => update((d) => { d.protection = { ...d.protection, max_levels_down: v ?? undefined }; })} />
                      <span>{t("protectGrace")}</span>
                      <InputNumber min={0} max={50} value={draft.protection?.grace_percent} addonAfter="%" onChange={(v) => update((d) => { d.protection = { ...d.protection, grace_percent: v ?? undefined }; })} />
                      <span>{t("protectNew")}</span>
                      <InputNumber min={0} max={60} value={draft.protection?.new_customer_months} onChange={(v) => update((d) => { d.protection = { ...d.protection, new_customer_months: v ?? undefined }; })} />
                    </Space>
                  )}
                </Space>
              ),
            },
            // PTSUI: the points settings tab goes here (one Tabs item)
            { key: "points", label: <span data-testid="scheme-tab-points">{t("pointsSettingsTab")}</span>, children: <PointsSettings t={t} draft={draft} update={update} /> },
            {
              key: "toml", label: t("schemeFileTab"), children: (
                <>
                  {textError && <Alert type="error" message={<span style={{ whiteSpace: "pre-wrap" }}>{textError}</span>} style={{ marginBottom: 8 }} data-testid="scheme-file-problem" />}
                  <Input.TextArea value={text} onChange={(e) => onText(e.target.value)} rows={22} style={{ fontFamily: "monospace" }} data-testid="scheme-toml" />
                  <Typography.Text type="secondary">{t("schemeTomlHelp")}</Typography.Text>
                </>
              ),
            },
          ]} />
        </Col>
        <Col xs={24} xl={11}>
          <Typography.Title level={5}>{t("whatIf")}</Typography.Title>
          {error && <Alert type="warning" showIcon message={error} data-testid="whatif-error" />}
          {!preview && !error && <Spin />}
          {preview && !error && (
            <div data-testid="whatif">
              <TierChart counts={preview.counts} />
              <Typography.Paragraph data-testid="whatif-moved">
                {t("whatIfMoved", { n: Number(preview.moved), total: Number(preview.customers) })}
              </Typography.Paragraph>
              <Table<MoveLine> size="small" rowKey="customer_id" dataSource={preview.moves} pagination={{ pageSize: 8, size: "small" }}
                columns={[
                  { title: t("name"), dataIndex: "name", ellipsis: true },
                  { title: t("from"), dataIndex: "from", width: 90, render: (k: string | null) => <Tag>{tierName(k)}</Tag> },
                  { title: t("to"), dataIndex: "to", width: 90, render: (k: string) => <Tag color={draft.tiers.find((x) => x.key === k)?.color}>{tierName(k)}</Tag> },
                ]} />
            </div>
          )}
        </Col>
      </Row>
    </Modal>
  );
}
