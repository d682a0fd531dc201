import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { setLang } from '../i18n/index';
import { type Lang, toLang } from '../i18n/languages';

/** 中文 / English; the choice is remembered in this browser. */
export function LanguageSwitch({ size = 'middle' }: { size?: 'small' | 'middle' }) {
  const { t, i18n } = useTranslation();
  return (
    <Segmented<Lang>
      size={size}
      aria-label={t('common.language.label')}
      value={toLang(i18n.language)}
      onChange={(lang) => void setLang(lang)}
      options={[
        { value: 'zh-CN', label: <span lang="zh-CN">{t('common.language.zh')}</span> },
        { value: 'en', label: <span lang="en">{t('common.language.en')}</span> },
      ]}
    />
  );
}
