import type { ThemeConfig } from 'antd';
import { useMemo, useSyncExternalStore } from 'react';

/** 党建红: for the brand and primary actions only (UI.md). */
export const BRAND_RED = '#C8161D';

/** System fonts only (the intranet has no font CDN); CJK fonts first so Chinese renders with proper glyphs. */
export const FONT_FAMILY =
  "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Source Han Sans SC', 'WenQuanYi Micro Hei', 'Helvetica Neue', Arial, sans-serif";

export const appTheme: ThemeConfig = {
  token: {
    colorPrimary: BRAND_RED,
    colorLink: '#1F5FAF',
    colorBgLayout: '#F4F5F7',
    borderRadius: 6,
    fontFamily: FONT_FAMILY,
  },
  components: {
    Layout: { headerBg: '#FFFFFF', siderBg: '#FFFFFF', headerPadding: '0 16px', headerHeight: 56, bodyBg: '#F4F5F7' },
    Menu: { itemSelectedBg: '#FDF0F0', itemSelectedColor: BRAND_RED, subMenuItemBg: '#FFFFFF' },
  },
};

const REDUCED_MOTION = '(prefers-reduced-motion: reduce)';

function subscribeReducedMotion(onChange: () => void): () => void {
  const query = window.matchMedia(REDUCED_MOTION);
  query.addEventListener('change', onChange);
  return () => query.removeEventListener('change', onChange);
}

/**
 * The theme with antd's animations switched off when the operating system asks for reduced motion (an accessibility
 * setting; WCAG 2.3.3). Dialogs and dropdowns then appear at once, which also keeps automated browsers from
 * clicking into a moving dialog.
 */
export function useAppTheme(): ThemeConfig {
  const reduced = useSyncExternalStore(subscribeReducedMotion, () => window.matchMedia(REDUCED_MOTION).matches);
  return useMemo(() => (reduced ? { ...appTheme, token: { ...appTheme.token, motion: false } } : appTheme), [reduced]);
}
