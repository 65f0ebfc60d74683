// 权益 in the customer drawer: what the customer's tier gives this period,
// what is left, the uses recorded, and the printable statement.
import { PREVIEW_SANDBOX } from "../report/sandbox";
import { useCallback, useEffect, useRef, useState } from "react";
import { Alert, App, Button, DatePicker, Input, Modal, Popconfirm, Progress, Space, Table, Typography } from "antd";
import { PrinterOutlined } from "@ant-design/icons";
import dayjs, { type Dayjs } from "dayjs";
import { api, asApiError, type BenefitStatus, type BenefitUse, type CustomerBenefits } from "../ipc/api";
import { useI18n } from "../i18n";
import { quotaText, quotaUsedUp, remainingPercent } from "./logic";

export function BenefitsSection({ customerId }: { customerId: number }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [data, setData] = useState<CustomerBenefits | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [using, setUsing] = useState<BenefitStatus | null>(null);
  const [date, setDate] = useState<Dayjs>(dayjs());
  const [note, setNote] = useState("");
  const [overReason, setOverReason] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [statement, setStatement] = useState<string | null>(null);
  const frame = useRef<HTMLIFrameElement>(null);

  const load = useCallback(async () => {
    try {
      setData(await api.customerBenefits(customerId));
      setError(null);
    } catch (e) {
      setError(asApiError(e).message);
    }
  }, [customerId]);
  useEffect(() => { void load(); }, [load]);

  const openUse = (b: BenefitStatus) => {
    setUsing(b);
    setDate(dayjs());
    setNote("");
    setOverReason(quotaUsedUp(b) ? "" : null);
  };

  const record = async () => {
    if (!using) return;
    setSaving(true);
    try {
      await api.recordBenefitUse({
        customer_id: customerId,
        benefit: using.name,
        date: date.format("YYYY-MM-DD"),
        note,
        over_quota_reason: overReason && overReason.trim() ? overReason.trim() : null,
      });
      message.success(t("benefitRecorded", { name: using.name }));
      setUsing(null);
      await load();
    } catch (e) {
      const err = asApiError(e);
      if (err.code === "quota_used" && overReason == null) {
        setOverReason("");
      }
      message.error(err.message);
    } finally {
      setSaving(false);
    }
  };

  const undo = async (u: BenefitUse) => {
    try {
      await api.undoBenefitUse(u.id);
      message.success(t("benefitUndone"));
      await load();
    } catch (e) {
      message.error(asApiError(e).message);
    }
  };

  const openStatement = async () => {
    try {
      setStatement(await api.benefitStatementHtml(customerId));
    } catch (e) {
      message.error(asApiError(e).message);
    }
  };

  if (error) return <Alert type="warning" message={error} />;
  if (!data) return null;
  const unlimited = t("benefitUnlimited");
  return (
    <div data-testid="benefits-section">
      <Space style={{ marginBottom: 8, justifyContent: "space-between", width: "100%" }}>
        <Typography.Text type="secondary">
          {t("benefitPeriod", { period: data.period, from: data.period_from, to: data.period_to })}
        </Typography.Text>
        <Button size="small" icon={<PrinterOutlined />} data-testid="benefit-statement" onClick={() => void openStatement()}>
          {t("benefitPrint")}
        </Button>
      </Space>
      {data.note && <Alert type="info" showIcon message={data.note} style={{ marginBottom: 8 }} />}
      {data.benefits.length > 0 && (
        <Table<BenefitStatus>
          size="small"
          rowKey="name"
          pagination={false}
          dataSource={data.benefits}
          columns={[
            {
              title: t("benefitName"),
              dataIndex: "name",
              render: (n: string, b) => (
                <span title={b.description}>
                  {n}
                  {b.description && <Typography.Text type="secondary" style={{ display: "block", fontSize: 12 }}>{b.description}</Typography.Text>}
                </span>
              ),
            },
            { title: t("benefitQuota"), dataIndex: "quota", align: "right", width: 70, render: (q: number | null) => quotaText(q, unlimited) },
            { title: t("benefitUsed"), dataIndex: "used", align: "right", width: 60 },
            {
              title: t("benefitRemaining"),
              dataIndex: "remaining",
              width: 120,
              render: (r: number | null, b, i) => (
                <span data-testid={`benefit-remaining-${i}`} data-remaining={r ?? ""}>
                  {quotaText(r, unlimited)}
                  {b.quota != null && <Progress percent={remainingPercent(b)} size="small" showInfo={false} status={quotaUsedUp(b) ? "exception" : "normal"} />}
                </span>
              ),
            },
            {
              title: "",
              width: 100,
              render: (_: unknown, b, i) => (
                <Button size="small" data-testid={`benefit-use-${i}`} onClick={() => openUse(b)}>
                  {t("benefitUse")}
                </Button>
              ),
            },
          ]}
        />
      )}
      <Typography.Title level={5} style={{ marginTop: 12 }}>{t("benefitUses")}</Typography.Title>
      {data.uses.length === 0 ? (
        <Typography.Text type="secondary">{t("benefitNoUses")}</Typography.Text>
      ) : (
        <Table<BenefitUse>
          size="small"
          rowKey="id"
          pagination={false}
          data-testid="benefit-uses"
          dataSource={[...data.uses].reverse()}
          columns={[
            { title: t("benefitDate"), dataIndex: "used_on", width: 100 },
            { title: t("benefitName"), dataIndex: "benefit" },
            {
              title: t("benefitNote"),
              dataIndex: "note",
              render: (n: string, u) => (u.over_quota_reason ? `${n}${n ? "；" : ""}${t("benefitOverQuota")}：${u.over_quota_reason}` : n),
            },
            { title: t("benefitWho"), dataIndex: "who", width: 80 },
            {
              title: "",
              width: 70,
              render: (_: unknown, u) => (
                <Popconfirm title={t("benefitUndoConfirm")} onConfirm={() => void undo(u)}>
                  <Button size="small" type="link" danger>{t("undo")}</Button>
                </Popconfirm>
              ),
            },
          ]}
        />
      )}

      <Modal
        open={using != null}
        title={using ? t("benefitUseTitle", { name: using.name }) : ""}
        onCancel={() => setUsing(null)}
        onOk={() => void record()}
        okText={overReason != null ? t("benefitUseAnyway") : t("benefitUse")}
        okButtonProps={{ loading: saving, disabled: overReason != null && !overReason.trim(), id: "benefit-use-ok" }}
        destroyOnClose
      >
        {using && (
          <Space direction="vertical" style={{ width: "100%" }}>
            <Typography.Text>
              {t("benefitRemaining")}：{quotaText(using.remaining, unlimited)}（{t("benefitQuota")} {quotaText(using.quota, unlimited)}）
            </Typography.Text>
            <DatePicker value={date} onChange={(d) => d && setDate(d)} allowClear={false} style={{ width: "100%" }} />
            <Input placeholder={t("benefitNote")} value={note} onChange={(e) => setNote(e.target.value)} data-testid="benefit-note" />
            {overReason != null && (
              <>
                <Alert type="warning" showIcon message={t("benefitQuotaUsed")} />
                <Input placeholder={t("benefitOverQuotaReason")} value={overReason} onChange={(e) => setOverReason(e.target.value)} data-testid="benefit-over-reason" />
              </>
            )}
          </Space>
        )}
      </Modal>

      <Modal
        open={statement != null}
        title={t("benefitStatement")}
        width={860}
        onCancel={() => setStatement(null)}
        footer={
          <Space>
            <Button onClick={() => setStatement(null)}>{t("close")}</Button>
            <Button type="primary" icon={<PrinterOutlined />} data-testid="benefit-statement-print" onClick={() => frame.current?.contentWindow?.print()}>
              {t("reportPrint")}
            </Button>
          </Space>
        }
      >
        <iframe
          ref={frame}
          title={t("benefitStatement")}
          srcDoc={statement ?? ""}
          sandbox={PREVIEW_SANDBOX}
          data-testid="benefit-statement-preview"
          style={{ width: "100%", height: "60vh", border: "1px solid #ddd", background: "#fff" }}
        />
      </Modal>
    </div>
  );
}
