// The login page: a live session goes straight to the requests; otherwise account + password.
import { errorMessageKey, retryAfterSeconds } from './pay-client.mjs';
import { errorCodeOf, loadSession, logIn, setUpLanguage } from './page.mjs';

const form = document.getElementById('login-form');
const account = document.getElementById('account');
const password = document.getElementById('password');
const submit = document.getElementById('login-submit');
const errorBox = document.getElementById('login-error');

let shownError = null; // {key, params}: redrawn in the other language on a switch
let waitTimer = null;
let waitUntil = 0;

const language = setUpLanguage(() => {
  showError(shownError);
  updateButton();
});

function showError(error) {
  shownError = error;
  if (!error) {
    errorBox.hidden = true;
    errorBox.textContent = '';
    return;
  }
  errorBox.textContent = language.t(error.key, error.params);
  errorBox.hidden = false;
}

function updateButton() {
  const left = Math.ceil((waitUntil - Date.now()) / 1000);
  if (left > 0) {
    submit.disabled = true;
    submit.textContent = language.t('login.waitButton', { seconds: left });
    return;
  }
  if (waitTimer) {
    clearInterval(waitTimer);
    waitTimer = null;
  }
  submit.disabled = false;
  submit.textContent = language.t('login.submit');
}

// Rate limiting and lock-out: the button itself counts down the server's Retry-After.
function waitFor(seconds) {
  waitUntil = Date.now() + seconds * 1000;
  if (!waitTimer)
    waitTimer = setInterval(updateButton, 1000);
  updateButton();
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  if (submit.disabled)
    return;
  const accountId = account.value.trim();
  if (!accountId || !password.value) {
    showError({ key: 'error.validation' });
    (accountId ? password : account).focus();
    return;
  }
  submit.disabled = true;
  submit.textContent = language.t('login.working');
  const answer = await logIn(accountId, password.value);
  if (answer.status === 201) {
    password.value = '';
    window.location.assign('/pay/requests.html');
    return;
  }
  const code = errorCodeOf(answer);
  const retry = retryAfterSeconds(answer.headers.get('Retry-After'));
  if (code === 'rate_limited') {
    showError({ key: 'error.rateLimited', params: { seconds: retry || 1 } });
    waitFor(retry || 1);
  } else if (code === 'account_locked') {
    showError({ key: 'error.accountLocked', params: { minutes: Math.max(1, Math.ceil((retry || 60) / 60)) } });
    waitFor(retry || 60);
  } else {
    showError({ key: errorMessageKey(code), params: { code } });
    updateButton();
  }
  password.value = '';
  password.focus();
});

// Already logged in (a reload, the back button): nothing to type.
loadSession().then((session) => {
  if (session)
    window.location.assign('/pay/requests.html');
  else
    account.focus();
});
