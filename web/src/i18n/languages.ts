/** The languages of the UI; zh-CN is the default. */
export const LANGS = ['zh-CN', 'en'] as const;
export type Lang = (typeof LANGS)[number];
export const DEFAULT_LANG: Lang = 'zh-CN';
export const LANG_STORAGE_KEY = 'guantong.lang';

/** Narrows any language tag to one the UI has. */
export function toLang(value: string | null | undefined): Lang {
  if (value?.toLowerCase().startsWith('en')) {
    return 'en';
  }
  return DEFAULT_LANG;
}
