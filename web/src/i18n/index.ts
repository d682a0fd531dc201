import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { auditI18n } from '../modules/audit/audit.i18n';
import { authI18n } from '../modules/auth/auth.i18n';
import { campaignsI18n } from '../modules/campaigns/campaigns.i18n';
import { decisionsI18n } from '../modules/decisions/decisions.i18n';
import { evaluationI18n } from '../modules/evaluation/evaluation.i18n';
import { frameworkI18n } from '../modules/framework/framework.i18n';
import { homeI18n } from '../modules/home/home.i18n';
import { meetingsI18n } from '../modules/meetings/meetings.i18n';
import { notificationsI18n } from '../modules/notifications/notifications.i18n';
import { orgsI18n } from '../modules/orgs/orgs.i18n';
import { peopleI18n } from '../modules/people/people.i18n';
import { tasksI18n } from '../modules/tasks/tasks.i18n';
import { usersI18n } from '../modules/users/users.i18n';
import { commonI18n } from './common.i18n';
import { DEFAULT_LANG, LANG_STORAGE_KEY, type Lang, toLang } from './languages';

// One line per module: its strings live next to it in <name>.i18n.ts under its own namespace key.
const MODULES = [
  commonI18n,
  authI18n,
  homeI18n,
  usersI18n,
  auditI18n,
  frameworkI18n,
  orgsI18n,
  peopleI18n,
  tasksI18n,
  notificationsI18n,
  decisionsI18n,
  campaignsI18n,
  evaluationI18n,
  meetingsI18n,
] as const;

type Intersect<T extends readonly unknown[]> = T extends readonly [infer H, ...infer R] ? H & Intersect<R> : unknown;
type ChineseOf<T extends readonly unknown[]> = { [K in keyof T]: T[K] extends { 'zh-CN': infer Z } ? Z : never };
/** Every string of the UI, keyed `<module>.<key>` (the Chinese original defines the keys). */
export type AppResources = Intersect<ChineseOf<typeof MODULES>>;

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: AppResources };
  }
}

function merged(lang: Lang): Record<string, unknown> {
  return Object.assign({}, ...MODULES.map((m) => m[lang]));
}

function storedLang(): Lang {
  try {
    return toLang(window.localStorage.getItem(LANG_STORAGE_KEY) ?? DEFAULT_LANG);
  } catch {
    return DEFAULT_LANG;
  }
}

function applyLang(lang: Lang): void {
  document.documentElement.lang = lang;
  dayjs.locale(lang === 'zh-CN' ? 'zh-cn' : 'en');
}

void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: merged('zh-CN') }, en: { translation: merged('en') } },
  lng: storedLang(),
  fallbackLng: false,
  supportedLngs: ['zh-CN', 'en'],
  interpolation: { escapeValue: false },
  returnNull: false,
  saveMissing: true,
  missingKeyHandler: (lngs, _ns, key) => {
    // Surfaced in the browser console (and failed on by the e2e tests) instead of silently showing a key.
    console.warn(`[i18n] missing key "${key}" for ${lngs.join(',')}`);
  },
});
applyLang(toLang(i18n.language));
i18n.on('languageChanged', (lng) => applyLang(toLang(lng)));

/** The current UI language. */
export function currentLang(): Lang {
  return toLang(i18n.language);
}

/** Switches the UI language and remembers the choice in this browser. */
export async function setLang(lang: Lang): Promise<void> {
  try {
    window.localStorage.setItem(LANG_STORAGE_KEY, lang);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
  await i18n.changeLanguage(lang);
}

/** Translates a key built from server data (e.g. an audit action) when it is known; otherwise returns the fallback. */
export function translateIfKnown(key: string, fallback: string): string {
  if (!i18n.exists(key)) {
    return fallback;
  }
  return (i18n.t as unknown as (k: string) => string)(key);
}

export { i18n };
