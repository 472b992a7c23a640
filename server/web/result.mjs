// The result page the cashier sends the payer back to (/pay/result.html?order=ID). It believes
// only the server: it asks GET /v1/payer/orders/{id} every 2 s and shows "received" once the
// server says PAID — whatever the cashier or the address bar claims.
import { errorMessageKey, formatInstant, formatMoney, paymentOutcome } from './pay-client.mjs';
import { call, el, errorCodeOf, loadSession, setUpLanguage } from './page.mjs';

const POLL_MS = 2000;

const orderLine = document.getElementById('result-order');
const statusLine = document.getElementById('result-status');
const hint = document.getElementById('result-hint');
const summary = document.getElementById('result-summary');
const checked = document.getElementById('result-checked');
const pageError = document.getElementById('page-error');

const orderId = new URLSearchParams(window.location.search).get('order') || '';
const state = { item: null, outcome: 'waiting', checkedAt: null, error: null, timer: null };

const language = setUpLanguage(() => render());
const t = (key, params) => language.t(key, params);
const locale = () => (language.language === 'zh-CN' ? 'zh-CN' : 'en');

function label(prefix, value) {
  const key = `${prefix}.${value}`;
  const text = t(key);
  return text === key ? value : text;
}

function render() {
  orderLine.textContent = orderId ? t('result.order', { id: orderId }) : '';
  const outcome = state.outcome;
  statusLine.dataset.outcome = outcome;
  statusLine.className = `result-status ${outcome}`;
  if (!orderId)
    statusLine.textContent = t('result.noOrder');
  else if (outcome === 'paid')
    statusLine.textContent = t('result.paid');
  else if (outcome === 'failed')
    statusLine.textContent = t('result.failed');
  else if (outcome === 'closed')
    statusLine.textContent = t('result.closed', { state: label('order.state', state.item.order.state) });
  else
    statusLine.textContent = t('result.waiting');
  hint.hidden = outcome !== 'waiting' || !orderId;

  summary.replaceChildren();
  const item = state.item;
  if (item && item.order) {
    const payment = item.payment && typeof item.payment === 'object' ? item.payment : null;
    summary.append(
      el('dt', { text: t('order.ticket') }), el('dd', { text: item.order.ticketNumber }),
      el('dt', { text: t('order.passenger') }), el('dd', { text: item.order.passengerName }));
    if (payment) {
      summary.append(
        el('dt', { text: t('payment.subject') }), el('dd', { text: payment.subject || '' }),
        el('dt', { text: t('order.total') }), el('dd', { text: formatMoney(payment.total, locale()) }));
    }
  }
  checked.textContent = state.checkedAt ? t('result.lastChecked', {
    time: formatInstant(state.checkedAt.toISOString(), locale()) }) : '';

  pageError.replaceChildren();
  if (state.error) {
    pageError.append(t(state.error.key, state.error.params));
    if (state.error.login)
      pageError.append(' ', el('a', { href: '/pay/', text: t('common.toLogin') }));
  }
  pageError.hidden = !state.error;
}

function stop() {
  if (state.timer) {
    clearInterval(state.timer);
    state.timer = null;
  }
}

let polling = false;

async function poll() {
  if (polling)
    return; // the last answer is still on its way
  polling = true;
  const answer = await call('GET', `/v1/payer/orders/${encodeURIComponent(orderId)}`);
  polling = false;
  if (answer.status === 200 && answer.json && answer.json.order && typeof answer.json.order.state === 'string') {
    state.item = answer.json;
    state.outcome = paymentOutcome(answer.json.order.state);
    state.checkedAt = new Date();
    state.error = null;
    if (state.outcome !== 'waiting')
      stop();
  } else {
    const code = errorCodeOf(answer);
    const ended = code === 'unauthenticated' || code === 'session_expired';
    state.error = { key: errorMessageKey(code), params: { code }, login: ended };
    // A network hiccup is retried; a dead session or a foreign order will not get better.
    if (ended || code === 'order_not_found')
      stop();
  }
  render();
}

render();
if (orderId) {
  loadSession().then((session) => {
    if (!session) {
      state.error = { key: 'error.sessionEnded', login: true };
      render();
      return;
    }
    poll();
    state.timer = setInterval(poll, POLL_MS);
  });
}
