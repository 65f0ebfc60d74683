import { Suspense, lazy, useEffect, useState } from "react";
import { Alert, Button, Descriptions, Drawer, Space, Table, Timeline, Typography } from "antd";
import { api, type Customer, type Explanation, type FieldDef, type HistoryEntry } from "../ipc/api";
import { useI18n } from "../i18n";
import { TierTag } from "../tiers/TierTag";
import type { TierLabel } from "../ipc/api";
import { money } from "./columns";
import { BenefitsSection } from "../benefits/BenefitsSection";
import { PrivacyActions } from "./PrivacyActions";
import { openRecord } from "../record/open";
import { FollowupForm } from "../followups/FollowupForm";
import { CaseForm } from "../cases/CaseForm";
import { PointsCell, usePointsPage } from "../points/PointsCell";
import { useSession } from "../team/session";
import { mayEditCustomer } from "../team/perms";
import { OwnerField } from "../team/Owner";

// The customer's own audit entries, loaded with the drawer's first use of them.
const CustomerLog = lazy(() => import("../audit/CustomerLog").then((m) => ({ default: m.CustomerLog })));

interface Props {
  customer: Customer | null;
  fieldDefs: FieldDef[];
  tiers: TierLabel[];
  onClose: () => void;
  onEdit: (c: Customer) => void;
  /** After 删除个人信息: the list reloads and the drawer closes. */
  onErased?: () => void;
  /** After 记录跟进: the customer's contact dates moved. */
  onFollowupLogged?: (customerId: number) => void;
}

export function CustomerDrawer({ customer, fieldDefs, tiers, onClose, onEdit, onErased, onFollowupLogged }: Props) {
  const { t, m } = useI18n();
  const [logging, setLogging] = useState(false);
  const [complaining, setComplaining] = useState(false);
  // The customer comes masked; 显示完整 swaps in the full values until another customer is shown.
  const [full, setFull] = useState<Customer | null>(null);
  useEffect(() => setFull(null), [customer]);
  const c = full && customer && full.id === customer.id ? full : customer;
  const [why, setWhy] = useState<Explanation | null>(null);
  const points = usePointsPage(c && !c.deleted_at ? [c.id] : []);
  const [history, setHistory] = useState<HistoryEntry[]>([]);
  useEffect(() => {
    setWhy(null);
    setHistory([]);
    if (!c || c.deleted_at) return;
    api.explain(c.id).then(setWhy).catch(() => setWhy(null));
    api.tierHistory(c.id).then(setHistory).catch(() => setHistory([]));
  }, [c]);
  // A 只读 user edits nothing; a 业务员 only his own and shared customers (as the API allows).
  const { session } = useSession();
  const editable = c != null && mayEditCustomer(session, c.owner_id);
  const tierName = (k: string | null) => (k ? tiers.find((x) => x.key === k)?.name ?? k : t("noTier"));
  return (
    <Drawer
      open={c != null}
      onClose={onClose}
      width={720}
      className="customer-drawer"
      title={c ? `${c.name}${c.code ? `（${c.code}）` : ""}` : t("details")}
      extra={
        c && (
          <Space>
            {!c.deleted_at && (
              <Button data-testid="drawer-record" onClick={() => { onClose(); openRecord(c.id); }}>
                {t("recordOpen")}
              </Button>
            )}
            {!c.deleted_at && editable && (
              <Button data-testid="drawer-followup" onClick={() => setLogging(true)}>
                {t("followupLog")}
              </Button>
            )}
            {!c.deleted_at && editable && (
              <Button data-testid="drawer-case" onClick={() => setComplaining(true)}>
                {t("caseNew")}
              </Button>
            )}
            {editable && (
              <Button type="primary" data-testid="drawer-edit" onClick={() => onEdit(c)}>
                {t("edit")}
              </Button>
            )}
          </Space>
        )
      }
    >
      {c && (
        <div data-testid="customer-detail">
          <Space wrap style={{ marginBottom: 12 }}>
            <PrivacyActions customer={c} revealed={c === full} onRevealed={setFull} onErased={() => { onClose(); onErased?.(); }} />
          </Space>
          <Descriptions column={2} size="small" bordered title={t("basicInfo")}>
            <Descriptions.Item label={t("name")} span={2}>{c.name}</Descriptions.Item>
            <Descriptions.Item label={t("code")}>{c.code}</Descriptions.Item>
            <Descriptions.Item label={t("phone")}>{c.phone}</Descriptions.Item>
            <Descriptions.Item label={t("manager")}>{c.manager}</Descriptions.Item>
            <Descriptions.Item label={t("email")}>{c.email}</Descriptions.Item>
            {session?.team && (
              <Descriptions.Item label={t("owner")} span={2}>
                <OwnerField customer={c} onChanged={(next) => onFollowupLogged?.(next.id)} />
              </Descriptions.Item>
            )}
          </Descriptions>
          <br />
          <Descriptions column={2} size="small" bordered title={t("ratingInfo")}>
            <Descriptions.Item label={t("spend")}>{money(c.spend)}</Descriptions.Item>
            <Descriptions.Item label={t("frequency")}>{c.frequency ?? ""}</Descriptions.Item>
            <Descriptions.Item label={t("tenureYears")}>{c.tenure_years ?? ""}</Descriptions.Item>
            <Descriptions.Item label={t("influence")}>{c.influence ?? ""}</Descriptions.Item>
            <Descriptions.Item label={t("tier")}><TierTag tier={c.tier} tiers={tiers} /></Descriptions.Item>
            <Descriptions.Item label={t("lastRatedOn")}>{c.last_rated_on}</Descriptions.Item>
            <Descriptions.Item label={t("nextRatingOn")} span={2}>{c.next_rating_on}</Descriptions.Item>
            {points && <Descriptions.Item label={t("pointsBalance")} span={2}><PointsCell brief={points.of.get(c.id)} by={points.by} /></Descriptions.Item>}
          </Descriptions>
          {why && (
            <div data-testid="explanation" style={{ marginTop: 16 }}>
              <Typography.Title level={5}>{t("explanation")}：{why.tier_name}{why.score != null ? `（${why.score}）` : ""}</Typography.Title>
              {why.held && <Alert type="warning" showIcon message={m(why.held_msg) || why.held} style={{ marginBottom: 8 }} data-testid="explanation-held" />}
              {why.next_up && <Alert type="info" showIcon message={m(why.next_up_msg) || why.next_up} style={{ marginBottom: 8 }} />}
              {why.margin && <Typography.Paragraph type="secondary">{m(why.margin_msg) || why.margin}</Typography.Paragraph>}
              <Table
                size="small"
                rowKey="key"
                pagination={false}
                dataSource={why.figures}
                columns={[
                  { title: t("figure"), dataIndex: "label", render: (_: string, r) => m(r.label_msg) },
                  { title: t("value"), dataIndex: "value", align: "right", render: (v: number | null, r) => (v == null ? t("missingValue") : r.key === "spend" || r.key === "avg_order_value" ? money(v) : v) },
                  ...(why.figures.some((f) => f.weight != null)
                    ? [
                        { title: t("score"), dataIndex: "score", align: "right" as const },
                        { title: t("weight"), dataIndex: "weight", align: "right" as const, render: (w: number | null) => (w == null ? "" : `${Math.round(w * 100)}%`) },
                        { title: t("contribution"), dataIndex: "contribution", align: "right" as const },
                      ]
                    : why.figures.some((f) => f.score != null)
                      ? [
                          { title: t("score"), dataIndex: "score", align: "right" as const },
                          { title: t("basis"), dataIndex: "note" },
                        ]
                      : []),
                ]}
              />
              {why.conditions.map((line) => (
                <div key={line.tier} style={{ marginTop: 6 }}>
                  <b>{line.holds ? "✓" : line.holds === false ? "✗" : "?"} {line.tier_name}</b>：
                  {line.parts.map((p) => (
                    <Typography.Text key={p.text} type={p.holds ? "success" : p.holds === false ? "danger" : "secondary"} style={{ marginRight: 12 }}>
                      {m(p.msg)}
                    </Typography.Text>
                  ))}
                </div>
              ))}
            </div>
          )}
          {!c.deleted_at && (
            <>
              <Typography.Title level={5} style={{ marginTop: 16 }}>{t("benefits")}</Typography.Title>
              <BenefitsSection key={`${c.id}:${c.tier ?? ""}`} customerId={c.id} />
            </>
          )}
          <Typography.Title level={5} style={{ marginTop: 16 }}>{t("history")}</Typography.Title>
          {history.length === 0 ? (
            <Typography.Text type="secondary">{t("noHistory")}</Typography.Text>
          ) : (
            <Timeline
              data-testid="tier-history"
              items={history.map((h) => ({
                children: (
                  <span>
                    {t("tierHistoryLine", { at: h.at, from: tierName(h.from_tier), to: tierName(h.to_tier), reason: m(h.reason_msg), who: h.who })}
                  </span>
                ),
              }))}
            />
          )}
          <br />
          <Descriptions column={2} size="small" bordered title={t("moreInfo")}>
            <Descriptions.Item label={t("gender")}>{c.gender === "male" ? t("male") : c.gender === "female" ? t("female") : ""}</Descriptions.Item>
            <Descriptions.Item label={t("birthDate")}>{c.birth_date}</Descriptions.Item>
            <Descriptions.Item label={t("address")} span={2}>{c.address}</Descriptions.Item>
            <Descriptions.Item label={t("registeredOn")}>{c.registered_on}</Descriptions.Item>
            <Descriptions.Item label={t("lastContactOn")}>{c.last_contact_on}</Descriptions.Item>
            <Descriptions.Item label={t("nextContactOn")}>{c.next_contact_on}</Descriptions.Item>
            <Descriptions.Item label={t("preferredCategory")}>{c.preferred_category}</Descriptions.Item>
            <Descriptions.Item label={t("tags")}>{c.tags.join("、")}</Descriptions.Item>
            <Descriptions.Item label={t("notes")} span={2}>{c.notes}</Descriptions.Item>
            {fieldDefs.map((d) => (
              <Descriptions.Item key={d.key} label={d.label}>
                {c.fields[d.key] == null ? "" : String(c.fields[d.key])}
              </Descriptions.Item>
            ))}
          </Descriptions>
          <Typography.Title level={5} style={{ marginTop: 16 }}>{t("navAudit")}</Typography.Title>
          <Suspense fallback={null}>
            <CustomerLog key={`${c.id}:${c.updated_at}`} customerId={c.id} />
          </Suspense>
        </div>
      )}
      {c && (
        <FollowupForm
          open={logging}
          customerId={c.id}
          onDone={(saved) => {
            setLogging(false);
            if (saved) onFollowupLogged?.(c.id);
          }}
        />
      )}
      {c && <CaseForm open={complaining} customerId={c.id} onDone={() => setComplaining(false)} />}
    </Drawer>
  );
}
