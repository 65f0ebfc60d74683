// 权益: the active scheme's benefits per tier, with this period's usage.
import { useEffect, useState } from "react";
import { Alert, App, Card, Col, Empty, Row, Table, Typography } from "antd";
import { api, asApiError, type BenefitCatalogue, type CatalogueLine } from "../ipc/api";
import { useI18n } from "../i18n";
import { money } from "../customers/columns";
import { quotaText } from "./logic";

export function BenefitsPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [cat, setCat] = useState<BenefitCatalogue | null>(null);
  useEffect(() => {
    api.benefitCatalogue().then(setCat).catch((e) => message.error(asApiError(e).message));
  }, [message]);
  if (!cat) return null;
  const unlimited = t("benefitUnlimited");
  return (
    <div className="page" data-testid="benefits-page">
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        message={t("benefitCatalogueIntro", { scheme: cat.scheme_name, period: cat.period, from: cat.period_from, to: cat.period_to })}
      />
      <Row gutter={[16, 16]}>
        {cat.tiers.map((tier) => {
          const cost = tier.benefits.reduce((s, b) => s + b.uses * b.cost, 0);
          return (
            <Col span={12} key={tier.tier.key}>
              <Card
                size="small"
                data-testid={`benefit-tier-${tier.tier.key}`}
                title={<span style={{ color: tier.tier.color }}>{"★".repeat(Math.min(tier.tier.stars, 5))} {tier.tier.name}</span>}
                extra={<Typography.Text type="secondary">{t("benefitTierCustomers", { n: tier.customers.toLocaleString() })}</Typography.Text>}
              >
                {tier.benefits.length === 0 ? (
                  <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("benefitNoneForTier")} />
                ) : (
                  <>
                    <Table<CatalogueLine>
                      size="small"
                      rowKey="name"
                      pagination={false}
                      dataSource={tier.benefits}
                      columns={[
                        { title: t("benefitName"), dataIndex: "name", render: (n: string, b) => <span title={b.description}>{n}</span> },
                        { title: t("benefitQuota"), dataIndex: "quota", align: "right", render: (q: number | null) => quotaText(q, unlimited) },
                        { title: t("benefitCost"), dataIndex: "cost", align: "right", render: (c: number) => money(c) },
                        { title: t("benefitUsesThisPeriod"), dataIndex: "uses", align: "right" },
                        { title: t("benefitCustomersUsed"), dataIndex: "customers_used", align: "right" },
                      ]}
                    />
                    {cost > 0 && (
                      <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
                        {t("benefitCostThisPeriod", { cost: money(cost) })}
                      </Typography.Paragraph>
                    )}
                  </>
                )}
              </Card>
            </Col>
          );
        })}
      </Row>
    </div>
  );
}
