// What every payer page shares: the language (with its switch), the session and its CSRF
// token, and calls to the server. Browser only.
import { applyTranslations, otherLanguage, pickLanguage, STORAGE_KEY, translator } from './i18n.mjs';

function storedLanguage() {
  try {
    return window.localStorage.getItem(STORAGE_KEY);
  } catch {
    return null; // storage switched off: follow the browser every time
  }
}

// Sets up the language switch; `onChange` redraws what the page built itself.
export function setUpLanguage(onChange) {
  const state = { language: pickLanguage(storedLanguage(), navigator.languages || [navigator.language]) };
  state.t = translator(state.language);
  const apply = () => {
    applyTranslations(document, state.t, state.language);
    const title = document.querySelector('title[data-i18n]');
    if (title)
      document.title = state.t(title.dataset.i18n);
  };
  apply();
  const button = document.getElementById('language-switch');
  if (button) {
    button.addEventListener('click', () => {
      state.language = otherLanguage(state.language);
      state.t = translator(state.language);
      try {
        window.localStorage.setItem(STORAGE_KEY, state.language);
      } catch {
        // not remembered; still switched for this page
      }
      apply();
      if (onChange)
        onChange();
    });
  }
  return state;
}

let csrfToken = '';

// {status, json, headers} — never throws: a network failure is status 0.
export async function call(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined)
    headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD' && csrfToken)
    headers['X-CSRF-Token'] = csrfToken;
  try {
    const response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
      redirect: 'error',
    });
    let json = null;
    if ((response.headers.get('Content-Type') || '').startsWith('application/json')) {
      try {
        json = await response.json();
      } catch {
        json = null;
      }
    }
    return { status: response.status, json, headers: response.headers };
  } catch {
    return { status: 0, json: null, headers: new Headers() };
  }
}

// The stable error code of an HTTP error answer ({"error":{"code"}}), or 'network'.
export function errorCodeOf(answer) {
  if (answer.status === 0)
    return 'network';
  const error = answer.json && answer.json.error;
  if (error && typeof error === 'object' && typeof error.code === 'string')
    return error.code;
  return `http_${answer.status}`;
}

// The live session of this browser (and its CSRF token for later calls), or null.
export async function loadSession() {
  const answer = await call('GET', '/pay/session');
  if (answer.status === 200 && answer.json && typeof answer.json.csrfToken === 'string') {
    csrfToken = answer.json.csrfToken;
    return answer.json;
  }
  return null;
}

export async function logIn(accountId, password) {
  const answer = await call('POST', '/pay/session', { accountId, password });
  if (answer.status === 201 && answer.json && typeof answer.json.csrfToken === 'string')
    csrfToken = answer.json.csrfToken;
  return answer;
}

export async function logOut() {
  await call('DELETE', '/pay/session');
  csrfToken = '';
  window.location.assign('/pay/');
}

export function toLogin() {
  window.location.assign('/pay/');
}

// Creates an element: el('p', {class: 'x', text: '…'}, child, …).
export function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false)
      continue;
    if (name === 'text')
      element.textContent = value;
    else if (name === 'class')
      element.className = value;
    else
      element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) {
    if (child !== null && child !== undefined && child !== false)
      element.append(child);
  }
  return element;
}
