import { useTranslation } from 'react-i18next';
import { setLang } from '../lib/i18n';

/** 日本語 / English switch; the choice is remembered in this browser. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const next = i18n.language === 'en' ? 'ja' : 'en';
  return (
    <button
      type="button"
      onClick={() => setLang(next)}
      lang={next}
      className="min-h-11 rounded-8 border border-solid-gray-600 px-3 text-oln-16N-100 text-solid-gray-900 hover:bg-solid-gray-50"
      aria-label={t('lang.switchLabel')}
    >
      {next === 'en' ? 'English' : '日本語'}
    </button>
  );
}
