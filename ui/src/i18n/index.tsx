import { createContext, useContext, useMemo, useState, type ReactNode } from "react";
import { zh, type Messages } from "./zh";
import { en } from "./en";

export type Locale = "zh-CN" | "en-US";
const catalogs: Record<Locale, Messages> = { "zh-CN": zh, "en-US": en };

/** Fills `{name}` placeholders from `vars`. */
export function format(template: string, vars?: Record<string, string | number>): string {
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}

export type T = (key: keyof Messages, vars?: Record<string, string | number>) => string;

interface I18n {
  locale: Locale;
  setLocale: (l: Locale) => void;
  t: T;
}

const Ctx = createContext<I18n | null>(null);
const STORAGE_KEY = "tierdesk.locale";

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(
    () => (localStorage.getItem(STORAGE_KEY) as Locale | null) ?? "zh-CN",
  );
  const value = useMemo<I18n>(() => {
    const messages = catalogs[locale] ?? zh;
    return {
      locale,
      setLocale: (l) => {
        localStorage.setItem(STORAGE_KEY, l);
        setLocaleState(l);
      },
      t: (key, vars) => format(messages[key] ?? zh[key], vars),
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
