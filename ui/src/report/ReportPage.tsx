// 等级报告: choose the scheme and batch, see the A4 report as it will print,
// print it through the system dialog or save it as PDF, Excel or HTML.
import { PREVIEW_SANDBOX } from "./sandbox";
import { useEffect, useMemo, useRef, useState } from "react";
import { Alert, App, Button, Checkbox, Input, Select, Space, Spin } from "antd";
import { FileExcelOutlined, FilePdfOutlined, Html5Outlined, PictureOutlined, PrinterOutlined } from "@ant-design/icons";
import { api, type Batch, type ReportRequest, type SchemeSummary, dialogs } from "../ipc/api";
import { useI18n } from "../i18n";

const COMPANY = "company_name";
const LOGO = "company_logo";

export function ReportPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [schemes, setSchemes] = useState<SchemeSummary[]>([]);
  const [batches, setBatches] = useState<Batch[]>([]);
  const [scheme, setScheme] = useState<string | null>(null);
  const [batch, setBatch] = useState<number | null>(null);
  const [company, setCompany] = useState("");
  const [noMask, setNoMask] = useState(false);
  const [logo, setLogo] = useState<string>("");
  const [html, setHtml] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const frame = useRef<HTMLIFrameElement>(null);

  useEffect(() => {
    void (async () => {
      try {
        const list = await api.schemes();
        setSchemes(list);
        setScheme(list.find((s) => s.active)?.key ?? list[0]?.key ?? null);
        setBatches((await api.batches()).filter((b) => !b.undone_at));
        setCompany((await api.getSetting(COMPANY)) ?? "");
        setLogo((await api.getSetting(LOGO)) ?? "");
      } catch (e) {
        setError((e as Error).message);
      }
    })();
  }, []);

  const req: ReportRequest = useMemo(
    () => ({ scheme, batch, period: null, company: company.trim() || null, logo: logo || null, no_mask: noMask }),
    [scheme, batch, company, logo, noMask],
  );

  useEffect(() => {
    if (!scheme) return;
    const timer = setTimeout(() => {
      api.reportHtml(req).then((h) => { setHtml(h); setError(null); }, (e) => setError(e.message));
    }, 250);
    return () => clearTimeout(timer);
  }, [req, scheme]);

  const saveCompany = (v: string) => { void api.setSetting(COMPANY, v.trim()); };

  const pickLogo = async () => {
    const path = await dialogs.open({ title: t("reportLogo"), multiple: false, filters: [{ name: "PNG / JPEG", extensions: ["png", "jpg", "jpeg"] }] });
    if (typeof path !== "string") return;
    await api.setSetting(LOGO, path);
    setLogo(path);
  };
  const clearLogo = async () => { await api.setSetting(LOGO, ""); setLogo(""); };

  const saveAs = async (ext: "pdf" | "xlsx" | "html") => {
    const name = t("fileReport", { company: company.trim(), ext });
    const path = await dialogs.save({ title: t("reportSave"), defaultPath: name, filters: [{ name: ext.toUpperCase(), extensions: [ext] }] });
    if (typeof path !== "string") return;
    setBusy(true);
    try {
      await api.saveReport(req, path);
      message.success(t("reportSaved", { path }));
    } catch (e) {
      message.error((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const schemeBatches = batches.filter((b) => b.scheme_key === scheme);
  return (
    <div className="report-page">
      <Space wrap className="toolbar">
        <Select
          style={{ width: 260 }} value={scheme ?? undefined} data-testid="report-scheme"
          options={schemes.map((s) => ({ value: s.key, label: s.name }))}
          onChange={(v) => { setScheme(v); setBatch(null); }}
        />
        <Select
          style={{ width: 260 }} value={batch ?? 0} data-testid="report-batch"
          options={[{ value: 0, label: t("reportLatestBatch") }, ...schemeBatches.map((b) => ({ value: b.id, label: `${b.period}（${b.as_of}，#${b.id}）` }))]}
          onChange={(v) => setBatch(v === 0 ? null : v)}
        />
        <Input
          style={{ width: 220 }} placeholder={t("reportCompany")} value={company} data-testid="report-company"
          onChange={(e) => setCompany(e.target.value)} onBlur={(e) => saveCompany(e.target.value)}
        />
        <Button icon={<PictureOutlined />} onClick={() => void pickLogo()} title={logo || undefined}>{logo ? t("reportLogoChange") : t("reportLogo")}</Button>
        {logo && <Button type="link" onClick={() => void clearLogo()}>{t("reportLogoClear")}</Button>}
        <Checkbox checked={noMask} onChange={(e) => setNoMask(e.target.checked)} data-testid="report-nomask">{t("reportNoMask")}</Checkbox>
        <Button type="primary" icon={<PrinterOutlined />} data-testid="report-print" disabled={!html}
          onClick={() => frame.current?.contentWindow?.print()}>{t("reportPrint")}</Button>
        <Button icon={<FilePdfOutlined />} loading={busy} onClick={() => void saveAs("pdf")} data-testid="report-pdf">PDF</Button>
        <Button icon={<FileExcelOutlined />} loading={busy} onClick={() => void saveAs("xlsx")}>Excel</Button>
        <Button icon={<Html5Outlined />} loading={busy} onClick={() => void saveAs("html")}>HTML</Button>
      </Space>
      {error && <Alert type="error" message={error} style={{ marginBottom: 8 }} />}
      {html === null ? <Spin /> : (
        <iframe ref={frame} title={t("reportPreview")} srcDoc={html} data-testid="report-preview" sandbox={PREVIEW_SANDBOX}
          style={{ width: "100%", height: "calc(100vh - 190px)", border: "1px solid #f0f0f0", background: "#f5f5f5" }} />
      )}
    </div>
  );
}
