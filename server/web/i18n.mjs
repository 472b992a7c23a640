// Language of the payer pages: Simplified Chinese or English, from the browser's preference
// unless the payer chose one (remembered in localStorage). Node-importable: the DOM is touched
// only by applyTranslations().
import en from './i18n-en.mjs';
import zhCN from './i18n-zh-CN.mjs';

export const DICTIONARIES = Object.freeze({ en, 'zh-CN': zhCN });
export const STORAGE_KEY = 'deskpay.payer.language';

// A stored choice wins; then the first browser language that is Chinese or English.
export function pickLanguage(stored, browserLanguages) {
  if (stored === 'en' || stored === 'zh-CN')
    return stored;
  for (const tag of browserLanguages || []) {
    const lower = String(tag).toLowerCase();
    if (lower.startsWith('zh'))
      return 'zh-CN';
    if (lower.startsWith('en'))
      return 'en';
  }
  return 'en';
}

export function otherLanguage(language) {
  return language === 'zh-CN' ? 'en' : 'zh-CN';
}

// t('key', {name: 'x'}) → the text with {name} filled in; a missing key shows as the key, so a
// gap is visible rather than silent (the test keeps both dictionaries complete).
export function translator(language) {
  const dictionary = DICTIONARIES[language] || en;
  return (key, params = {}) => {
    const text = Object.hasOwn(dictionary, key) ? dictionary[key] : key;
    return text.replace(/\{(\w+)\}/g, (whole, name) => (Object.hasOwn(params, name) ? String(params[name]) : whole));
  };
}

// Fills every [data-i18n] element's text, [data-i18n-label] element's aria-label and
// [data-i18n-placeholder] element's placeholder; sets <html lang>.
export function applyTranslations(root, t, language) {
  root.documentElement.lang = language;
  for (const element of root.querySelectorAll('[data-i18n]'))
    element.textContent = t(element.dataset.i18n);
  for (const element of root.querySelectorAll('[data-i18n-label]'))
    element.setAttribute('aria-label', t(element.dataset.i18nLabel));
  for (const element of root.querySelectorAll('[data-i18n-placeholder]'))
    element.setAttribute('placeholder', t(element.dataset.i18nPlaceholder));
}
