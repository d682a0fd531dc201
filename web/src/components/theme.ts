import type { ThemeConfig } from 'antd';

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
