import { createContext, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { zh, type Messages } from "./zh";
import { en } from "./en";
import { rustZh } from "./rustZh";
import { rustEn } from "./rustEn";
import { periodText } from "./words";

export type Locale = "zh-CN" | "en-US";
const catalogs: Record<Locale, Messages> = { "zh-CN": zh, "en-US": en };

/** Fills `{name}` placeholders from `vars`. */
export function format(template: string, vars?: Record<string, string | number>): string {
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}

/** A message Rust sent as a key and parameters (`tierdesk_domain::msg::Msg`). */
export interface Msg {
  key: string;
  params: Record<string, string>;
  /** Holes made of messages, each rendered in the same language and joined (、 / ", "). */
  lists?: Record<string, Msg[]>;
}

/**
 * A message's holes in `locale`: a `period` hole (a rating period's key,
 * 2026Q4) in words, as Rust's `period_zh` says it in Chinese; a hole of
 * `lists` as its messages joined. A plain parameter wins over a list.
 */
function holes(msg: Msg, locale: Locale): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, parts] of Object.entries(msg.lists ?? {})) {
    out[name] = parts.map((p) => renderMsg(p, locale)).join(locale === "zh-CN" ? "、" : ", ");
  }
  for (const [name, value] of Object.entries(msg.params)) {
    out[name] = name === "period" ? periodText(value, (k, v) => format(catalogs[locale][k] ?? zh[k], v), value.trim()) : value;
  }
  return out;
}

/** The language shown now, for code outside React (the IPC door renders errors with it). */
let shown: Locale = (typeof localStorage !== "undefined" && (localStorage.getItem("tierdesk.locale") as Locale | null)) || "zh-CN";
export function currentLocale(): Locale {
  return shown;
}

/**
 * A Rust message in `locale`. Chinese comes from Rust's own table (the text
 * the CLI prints; `zhText`, Rust's sentence, when the key is unknown here);
 * English from rustEn.ts, else a generic sentence naming the key, so no
 * Chinese program words reach the English UI.
 */
export function renderMsg(msg: Msg | null | undefined, locale: Locale = shown, zhText = "", code = "internal"): string {
  if (locale === "zh-CN") {
    if (zhText) return zhText;
    return msg ? format(rustZh[msg.key] ?? msg.key, holes(msg, locale)) : "";
  }
  const template = msg ? rustEn[msg.key] : undefined;
  if (msg && template !== undefined) return format(template, holes(msg, locale));
  return msg ? `TierDesk could not complete this (message ${msg.key}).` : `TierDesk could not complete this (error: ${code}).`;
}

export type T = (key: keyof Messages, vars?: Record<string, string | number>) => string;

interface I18n {
  locale: Locale;
  setLocale: (l: Locale) => void;
  t: T;
  /** A Rust message (`Msg`) in the shown language. */
  m: (msg: Msg | null | undefined) => string;
}

const Ctx = createContext<I18n | null>(null);
const STORAGE_KEY = "tierdesk.locale";

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(
    () => (localStorage.getItem(STORAGE_KEY) as Locale | null) ?? "zh-CN",
  );
  shown = locale;
  // The native menu follows the UI's language; it starts in Chinese, so a
  // Chinese start asks nothing. Loaded lazily: the IPC door imports this file.
  const menuEnglish = useRef(false);
  useEffect(() => {
    const english = locale === "en-US";
    if (english === menuEnglish.current) return;
    menuEnglish.current = english;
    void import("../ipc/api").then(({ api }) => api.setMenuLanguage(english)).catch(() => undefined);
  }, [locale]);
  const value = useMemo<I18n>(() => {
    const messages = catalogs[locale] ?? zh;
    return {
      locale,
      setLocale: (l) => {
        localStorage.setItem(STORAGE_KEY, l);
        shown = l;
        setLocaleState(l);
      },
      t: (key, vars) => format(messages[key] ?? zh[key], vars),
      m: (msg) => renderMsg(msg, locale),
    };
  }, [locale]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useI18n(): I18n {
  const v = useContext(Ctx);
  if (!v) throw new Error("useI18n outside I18nProvider");
  return v;
}

export { zh, en };
