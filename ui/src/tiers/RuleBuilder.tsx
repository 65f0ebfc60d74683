// A tier's rule in the scheme editor, in two forms that edit the same
// condition: the text (RuleText: written in Chinese or with the English
// keys, checked by Rust as it is typed, the problem shown at its place) and
// the visual builder (RuleBuilder: rows of figure ▸ comparison ▸ value,
// 添加条件, groups joined by 且/或). Both hand the editor the canonical form
// Rust prints, which is what the scheme file keeps; a text that cannot be
// read is handed over as typed, so saving says what is wrong.
import { useEffect, useMemo, useRef, useState } from "react";
import { Alert, Button, Input, Select, Space, Typography } from "antd";
import { DeleteOutlined } from "@ant-design/icons";
import { api, type CmpOp, type RuleFigure } from "../ipc/api";
import { useI18n, type T } from "../i18n";
import { emptyModel, modelToTree, newRow, OP_SIGN, OPS, parseAmount, showAmount, treeToModel, type Group, type Item, type Join, type Model, type Row } from "./ruleModel";

/** The figure's name as shown: the label in Chinese, the key in English (custom fields: their name). */
function figureName(f: RuleFigure, zh: boolean): string {
  return zh || f.custom ? f.label : f.key;
}

const UNITS = { yuan: "unitYuan", per_year: "unitPerYear", per_month: "unitPerMonth", years: "unitYears", points: "unitPoints", orders: "unitOrders", days: "unitDays" } as const;

function unitText(t: T, f: RuleFigure | undefined): string | undefined {
  const key = f ? UNITS[f.unit as keyof typeof UNITS] : undefined;
  return key ? t(key) : undefined;
}

/**
 * The rule as text. Shows the Chinese form of `value` (the English one in
 * English), and hands back the canonical form while what is typed reads.
 */
export function RuleText({ value, testId, onChange }: { value: string; testId: string; onChange: (v: string) => void }) {
  const { t, m, locale } = useI18n();
  const zh = locale === "zh-CN";
  const [text, setText] = useState(value);
  const [problem, setProblem] = useState<string | null>(null);
  // What this box handed over: the editor's value catches up a moment
  // later, and one of these coming back is not a change from outside.
  const sent = useRef(new Set<string>());
  const seq = useRef(0);

  // A rule changed from outside (the builder, the scheme file): show it in
  // words, unless the person has typed since.
  useEffect(() => {
    if (sent.current.has(value)) return;
    sent.current.clear();
    if (!value.trim()) { setText(value); setProblem(null); return; }
    let live = true;
    const at = seq.current;
    api.checkRule(value).then((c) => {
      if (!live || at !== seq.current) return;
      setText((zh ? c.chinese : c.canonical) ?? value);
      setProblem(null);
    }, () => live && setText(value));
    return () => { live = false; };
  }, [value, zh]);

  const typed = (v: string) => {
    setText(v);
    const mine = ++seq.current;
    api.checkRule(v).then((c) => {
      if (mine !== seq.current) return;
      const next = c.canonical ?? v;
      setProblem(v.trim() && c.problem ? m(c.problem.msg) : null);
      sent.current.add(next);
      onChange(next);
    }, () => { sent.current.add(v); onChange(v); });
  };

  return (
    <div>
      <Input value={text} data-testid={testId} placeholder={t("ruleTextPlaceholder")} status={problem ? "error" : undefined} onChange={(e) => typed(e.target.value)} />
      {problem && <Typography.Text type="danger" style={{ fontSize: 12 }} data-testid={`${testId}-problem`}>{problem}</Typography.Text>}
    </div>
  );
}

function ValueBox({ row, unit, zh, testId, set }: { row: Row; unit?: string; zh: boolean; testId: string; set: (v: number | null) => void }) {
  const [text, setText] = useState(showAmount(row.value, zh));
  useEffect(() => {
    if (parseAmount(text) !== row.value) setText(showAmount(row.value, zh));
  }, [row.value]); // eslint-disable-line react-hooks/exhaustive-deps
  const { t } = useI18n();
  return (
    <Input style={{ width: 170 }} value={text} placeholder={t("ruleValue")} addonAfter={unit} data-testid={testId}
      status={text.trim() && parseAmount(text) === null ? "error" : undefined}
      onChange={(e) => { setText(e.target.value); set(parseAmount(e.target.value)); }}
      onBlur={() => { if (row.value !== null) setText(showAmount(row.value, zh)); }} />
  );
}

function RowEditor({ row, figures, testId, set, remove }: { row: Row; figures: RuleFigure[]; testId: string; set: (r: Row) => void; remove: () => void }) {
  const { t, locale } = useI18n();
  const zh = locale === "zh-CN";
  const figure = figures.find((f) => f.key === row.figure);
  return (
    <Space size={4} data-testid={testId}>
      <Select style={{ width: 170 }} placeholder={t("ruleFigure")} value={row.figure ?? undefined} showSearch optionFilterProp="label" data-testid={`${testId}-figure`}
        options={figures.map((f) => ({ value: f.key, label: figureName(f, zh) }))} onChange={(v: string) => set({ ...row, figure: v })} />
      <Select<CmpOp> style={{ width: 64 }} value={row.op} data-testid={`${testId}-op`} options={OPS.map((o) => ({ value: o, label: OP_SIGN[o] }))} onChange={(op) => set({ ...row, op })} />
      <ValueBox row={row} unit={unitText(t, figure)} zh={zh} testId={`${testId}-value`} set={(value) => set({ ...row, value })} />
      <Button size="small" type="text" icon={<DeleteOutlined />} title={t("ruleRemoveRow")} aria-label={t("ruleRemoveRow")} data-testid={`${testId}-remove`} onClick={remove} />
    </Space>
  );
}

function JoinSelect({ value, testId, set }: { value: Join; testId: string; set: (j: Join) => void }) {
  const { t } = useI18n();
  return <Select<Join> size="small" style={{ width: 150 }} value={value} data-testid={testId} onChange={set}
    options={[{ value: "and", label: t("ruleJoinAnd") }, { value: "or", label: t("ruleJoinOr") }]} />;
}

/**
 * The visual builder of one tier's rule. Opens on the rule `value` (when it
 * fits the builder) and hands back the canonical text of every complete
 * change.
 */
export function RuleBuilder({ value, figures, testId, onChange }: { value: string; figures: RuleFigure[]; testId: string; onChange: (canonical: string) => void }) {
  const { t, m } = useI18n();
  const [model, setModel] = useState<Model | null>(null);
  const [fits, setFits] = useState(true);
  const [problem, setProblem] = useState<string | null>(null);
  // As in RuleText: the rules this builder handed over, and the latest change.
  const sent = useRef(new Set<string>());
  const seq = useRef(0);

  useEffect(() => {
    if (sent.current.has(value)) return;
    sent.current.clear();
    if (!value.trim()) { setModel(emptyModel()); setFits(true); return; }
    let live = true;
    const at = seq.current;
    api.checkRule(value).then((c) => {
      if (!live || at !== seq.current) return;
      const fit = treeToModel(c.tree);
      setFits(fit !== null || (c.tree === null && !!c.problem));
      setModel(fit ?? emptyModel());
    }, () => undefined);
    return () => { live = false; };
  }, [value]);

  const change = (next: Model) => {
    setModel(next);
    const mine = ++seq.current;
    const tree = modelToTree(next);
    if (!tree) { setProblem(t("ruleIncomplete")); return; }
    api.ruleFromTree(tree).then((c) => {
      if (mine !== seq.current) return;
      if (c.canonical) {
        setProblem(null);
        sent.current.add(c.canonical);
        onChange(c.canonical);
      } else setProblem(c.problem ? m(c.problem.msg) : t("ruleIncomplete"));
    }, () => undefined);
  };

  const items = useMemo(() => model?.items ?? [], [model]);
  if (!model) return null;
  if (!fits) return <Alert type="info" showIcon message={t("ruleTooComplex")} data-testid={`${testId}-complex`} />;
  const setItem = (i: number, item: Item | null) =>
    change({ ...model, items: item === null ? items.filter((_, k) => k !== i) : items.map((x, k) => (k === i ? item : x)) });
  const setGroupRow = (g: Group, i: number, j: number, r: Row | null) => {
    const rows = r === null ? g.rows.filter((_, k) => k !== j) : g.rows.map((x, k) => (k === j ? r : x));
    setItem(i, rows.length ? { ...g, rows } : null);
  };

  return (
    <Space direction="vertical" size={6} style={{ width: "100%" }} data-testid={testId}>
      {items.length > 1 && (
        <Space size={6}><span>{t("ruleJoinLabel")}</span><JoinSelect value={model.join} testId={`${testId}-join`} set={(join) => change({ ...model, join })} /></Space>
      )}
      {items.map((item, i) => item.kind === "row" ? (
        <RowEditor key={i} row={item} figures={figures} testId={`${testId}-row-${i}`} set={(r) => setItem(i, r)} remove={() => setItem(i, null)} />
      ) : (
        <div key={i} style={{ border: "1px dashed #d9d9d9", borderRadius: 6, padding: 8 }} data-testid={`${testId}-group-${i}`}>
          <Space direction="vertical" size={6}>
            <Space size={6}><span>{t("ruleGroupLabel")}</span><JoinSelect value={item.join} testId={`${testId}-group-${i}-join`} set={(join) => setItem(i, { ...item, join })} /></Space>
            {item.rows.map((r, j) => (
              <RowEditor key={j} row={r} figures={figures} testId={`${testId}-group-${i}-row-${j}`} set={(x) => setGroupRow(item, i, j, x)} remove={() => setGroupRow(item, i, j, null)} />
            ))}
            <Button size="small" data-testid={`${testId}-group-${i}-add`} onClick={() => setItem(i, { ...item, rows: [...item.rows, newRow()] })}>{t("ruleAddCondition")}</Button>
          </Space>
        </div>
      ))}
      <Space>
        <Button size="small" data-testid={`${testId}-add`} onClick={() => change({ ...model, items: [...items, newRow()] })}>{t("ruleAddCondition")}</Button>
        <Button size="small" data-testid={`${testId}-add-group`} onClick={() => change({ ...model, items: [...items, { kind: "group", join: model.join === "and" ? "or" : "and", rows: [newRow(), newRow()] }] })}>{t("ruleAddGroup")}</Button>
      </Space>
      {problem && <Typography.Text type="secondary" data-testid={`${testId}-problem`}>{problem}</Typography.Text>}
    </Space>
  );
}
