import React from "react";
import ReactDOM from "react-dom/client";
import { App as AntApp, ConfigProvider } from "antd";
import zhCN from "antd/locale/zh_CN";
import enUS from "antd/locale/en_US";
import dayjs from "dayjs";
import "dayjs/locale/zh-cn";
import { I18nProvider, useI18n } from "./i18n";
import { AppShell } from "./shell/AppShell";
import "./styles.css";
import "./i18n/layout.css";
import { api } from "./ipc/api";
import { askEarly } from "./shell/early";
import { FIRST_QUERY } from "./customers/firstQuery";

// The launch benchmark's first moment in the page: the script has been parsed and runs.
void api.launchMark("ui_started").catch(() => {});
// What the first screen needs is asked for now, while React draws.
askEarly("dbInfo", api.dbInfo);
askEarly("list", () => api.listCustomers(FIRST_QUERY));

function Root() {
  const { locale } = useI18n();
  dayjs.locale(locale === "zh-CN" ? "zh-cn" : "en");
  return (
    <ConfigProvider
      locale={locale === "zh-CN" ? zhCN : enUS}
      theme={{ token: { colorPrimary: "#1f4e8c", fontFamily: "'Noto Sans CJK SC', 'Microsoft YaHei', 'PingFang SC', sans-serif" } }}
    >
      <AntApp>
        <AppShell />
      </AntApp>
    </ConfigProvider>
  );
}

ReactDOM.createRoot(document.getElementById("root")!).render(
  <React.StrictMode>
    <I18nProvider>
      <Root />
    </I18nProvider>
  </React.StrictMode>,
);
