// The requests page: every order waiting for this payer with its full data, confirm or decline,
// and for confirmed orders the payment order with one button per allowed pay type.
import {
  cashierLocation, countdown, errorMessageKey, formatCountdown, formatInstant, formatLocalDateTime, formatMoney,
  readPayEnvelope, sumAmounts,
} from './pay-client.mjs';
import { call, el, errorCodeOf, loadSession, logOut, setUpLanguage } from './page.mjs';

const list = document.getElementById('requests');
const pageStatus = document.getElementById('page-status');
const pageError = document.getElementById('page-error');
const signedIn = document.getElementById('signed-in');
const announcer = document.getElementById('announcer');

const REFRESH_MS = 30000;

const state = {
  session: null,
  items: [],
  loaded: false,
  loadedAt: null,
  declineAsked: new Set(), // order ids whose "decline?" question is open
  busy: new Set(), // order ids with a call under way
  messages: new Map(), // order id → {key, params, kind}
  pageError: null, // {key, params, login}
  pageStatus: null, // {key, params}
};

const language = setUpLanguage(() => render());
const t = (key, params) => language.t(key, params);
const locale = () => (language.language === 'zh-CN' ? 'zh-CN' : 'en');

// A dictionary label for a wire value, or the value itself when the dictionary has none.
function label(prefix, value) {
  const key = `${prefix}.${value}`;
  const text = t(key);
  return text === key ? value : text;
}

// A card's message, shown in the card and read out once through the page's live region (the
// cards themselves are redrawn, and a redrawn live region is not reliably announced).
function setMessage(orderId, message) {
  state.messages.set(orderId, message);
  announcer.textContent = t(message.key, message.params);
}

function setPageError(error) {
  state.pageError = error;
  pageError.replaceChildren();
  if (!error) {
    pageError.hidden = true;
    return;
  }
  pageError.append(t(error.key, error.params));
  if (error.login)
    pageError.append(' ', el('a', { href: '/pay/', text: t('common.toLogin') }));
  pageError.hidden = false;
}

function setPageStatus(status) {
  state.pageStatus = status;
  pageStatus.textContent = status ? t(status.key, status.params) : '';
}

// An error answer of any payer call: a dead session sends the payer back to the login page
// (with a link, so a screen reader hears why).
function handleFailure(orderId, code) {
  if (code === 'unauthenticated' || code === 'session_expired') {
    setPageError({ key: 'error.sessionEnded', login: true });
    state.items = [];
    render();
    return;
  }
  if (orderId)
    setMessage(orderId, { key: errorMessageKey(code), params: { code }, kind: 'error' });
}

async function load() {
  const answer = await call('GET', '/v1/payer/requests');
  if (answer.status !== 200 || !answer.json || !Array.isArray(answer.json.requests)) {
    handleFailure(null, errorCodeOf(answer));
    if (!state.pageError)
      setPageError({ key: errorMessageKey(errorCodeOf(answer)), params: { code: errorCodeOf(answer) } });
    list.setAttribute('aria-busy', 'false');
    return;
  }
  state.items = answer.json.requests.filter((item) => item && typeof item.order === 'object' && item.order);
  state.loaded = true;
  state.loadedAt = new Date();
  if (state.pageError && !state.pageError.login)
    setPageError(null);
  render();
}

function flightSection(headingKey, segment, className) {
  if (!segment)
    return null;
  return el('section', { class: `flight ${className}` },
    el('h3', { text: t(headingKey) }),
    el('p', { class: 'flight-number', text: segment.flightNumber }),
    el('p', { class: 'route', text: t('order.route', { origin: segment.origin, destination: segment.destination }) }),
    el('p', { text: t('order.departsLocal', {
      time: formatLocalDateTime(segment.departureLocal, locale()), airport: segment.origin }) }),
    el('p', { class: 'muted', text: t('order.cabinClass', {
      cabin: label('order.cabin', segment.cabin), bookingClass: segment.bookingClass }) }));
}

function amountTable(caption, rows, total) {
  const body = el('tbody');
  for (const [name, money] of rows)
    body.append(el('tr', {}, el('th', { scope: 'row', text: name }), el('td', { text: formatMoney(money, locale()) })));
  const table = el('table', { class: 'amounts' }, el('caption', { text: caption }), body);
  if (total) {
    table.append(el('tfoot', {}, el('tr', {},
      el('th', { scope: 'row', text: t('order.total') }), el('td', { text: formatMoney(total, locale()) }))));
  }
  return table;
}

function pricingTable(order) {
  const pricing = order.pricing || {};
  const rows = [
    [t('order.fareDifference'), pricing.fareDifference],
    [t('order.taxDifference'), pricing.taxDifference],
    [t('order.changeFee'), pricing.changeFee],
  ].filter(([, money]) => money && typeof money.amount === 'string');
  const currencies = new Set(rows.map(([, money]) => money.currency));
  const total = rows.length > 0 && currencies.size === 1
    ? { amount: sumAmounts(rows.map(([, money]) => money.amount)), currency: rows[0][1].currency }
    : null;
  return amountTable(t('order.amounts'), rows, total);
}

// A live countdown: the once-a-second tick fills it in and disables `data-needs-time` buttons
// of its card when it runs out.
function deadline(labelKey, expiredKey, iso) {
  return el('p', { class: 'deadline', 'data-deadline': iso, 'data-label': labelKey, 'data-expired': expiredKey });
}

function actionsFor(item) {
  const order = item.order;
  const id = order.id;
  const busy = state.busy.has(id);
  if (order.state === 'AWAITING_PAYER_CONFIRMATION') {
    if (state.declineAsked.has(id)) {
      const yes = el('button', { type: 'button', class: 'danger', 'data-needs-time': true, disabled: busy,
        text: t('order.declineYes') });
      yes.addEventListener('click', () => answer(id, false));
      const no = el('button', { type: 'button', class: 'secondary', disabled: busy, text: t('order.declineNo') });
      no.addEventListener('click', () => {
        state.declineAsked.delete(id);
        render();
        focusIn(id, '.confirm');
      });
      return el('div', { class: 'question', role: 'group', 'aria-labelledby': `q-${id}` },
        el('p', { id: `q-${id}`, text: t('order.declineQuestion') }), el('div', { class: 'actions' }, yes, no));
    }
    const confirm = el('button', { type: 'button', class: 'primary confirm', 'data-needs-time': true,
      disabled: busy, text: t('order.confirm') });
    confirm.addEventListener('click', () => answer(id, true));
    const decline = el('button', { type: 'button', class: 'secondary decline', 'data-needs-time': true,
      disabled: busy, text: t('order.decline') });
    decline.addEventListener('click', () => {
      state.declineAsked.add(id);
      render();
      focusIn(id, '.question .danger');
    });
    return el('div', { class: 'actions' }, confirm, decline);
  }
  return null;
}

function paymentSection(item) {
  const payment = item.payment;
  if (item.order.state !== 'PAYMENT_PENDING' || !payment || typeof payment !== 'object')
    return null;
  const lines = Array.isArray(payment.amountLines) ? payment.amountLines : [];
  const section = el('section', { class: 'payment', 'aria-labelledby': `p-${item.order.id}` },
    el('h3', { id: `p-${item.order.id}`, text: t('payment.heading') }),
    el('dl', { class: 'facts' },
      el('dt', { text: t('payment.subject') }), el('dd', { text: payment.subject || '' })),
    payment.description ? el('p', { class: 'muted', text: payment.description }) : null,
    amountTable(t('order.amounts'), lines.map((line) => [line.label, line.amount]), payment.total));
  if (item.paymentDeadline)
    section.append(deadline('payment.payWithin', 'payment.expired', item.paymentDeadline));
  const buttons = el('div', { class: 'actions pay-types' });
  for (const payType of Array.isArray(payment.payTypes) ? payment.payTypes : []) {
    const button = el('button', { type: 'button', class: `primary pay pay-${payType.toLowerCase()}`,
      'data-needs-time': true, 'data-pay-type': payType, disabled: state.busy.has(item.order.id),
      text: label('payment.payWith', payType) });
    button.addEventListener('click', () => pay(item.order.id, payType));
    buttons.append(button);
  }
  section.append(buttons);
  return section;
}

function card(item) {
  const order = item.order;
  const payer = order.payer || {};
  const message = state.messages.get(order.id);
  const facts = el('dl', { class: 'facts' },
    el('dt', { text: t('order.passenger') }), el('dd', { class: 'passenger', text: order.passengerName }),
    el('dt', { text: t('order.ticket') }), el('dd', { text: order.ticketNumber }),
    el('dt', { text: t('order.pnr') }), el('dd', { text: order.pnr }),
    Array.isArray(order.coupons) ? el('dt', { text: t('order.coupons') }) : null,
    Array.isArray(order.coupons) ? el('dd', { text: order.coupons.join(', ') }) : null,
    el('dt', { text: t('order.payer') }),
    // Only the masked number ever reaches the page.
    el('dd', { text: `${payer.name || ''} · ${label('order.document', payer.documentType)} ${payer.documentNumberMasked || ''}` }),
    el('dt', { text: t('order.desk') }), el('dd', { text: item.desk || '' }));
  const article = el('article', { class: 'card order', id: `order-${order.id}`, 'data-order-id': order.id,
    'aria-labelledby': `h-${order.id}` },
    el('header', { class: 'order-head' },
      el('h2', { id: `h-${order.id}`, text: t('order.heading', {
        product: label('order.product', order.productType), ticket: order.ticketNumber }) }),
      el('span', { class: `badge state-${String(order.state).toLowerCase()}`, text: label('order.state', order.state) })),
    facts,
    el('div', { class: 'flights' },
      flightSection('order.originalFlight', order.originalSegment, 'old'),
      flightSection('order.newFlight', order.newSegment, 'new')),
    pricingTable(order),
    order.quotedAt ? el('p', { class: 'muted small-text', text: t('order.quotedAt', {
      time: formatInstant(order.quotedAt, locale()) }) }) : null,
    order.notes ? el('section', { class: 'notes' }, el('h3', { text: t('order.notes') }), el('p', { text: order.notes }))
      : null);
  if (order.state === 'AWAITING_PAYER_CONFIRMATION' && order.confirmBy)
    article.append(deadline('order.confirmBy', 'order.confirmExpired', order.confirmBy));
  article.append(actionsFor(item) || '');
  const payment = paymentSection(item);
  if (payment)
    article.append(payment);
  article.append(el('p', { class: `order-message ${message ? message.kind : ''}`,
    text: message ? t(message.key, message.params) : '' }));
  return article;
}

function render() {
  if (state.session)
    signedIn.textContent = t('common.signedInAs', { name: state.session.displayName || state.session.accountId });
  setPageError(state.pageError);
  setPageStatus(state.pageStatus);
  if (!state.loaded) {
    list.setAttribute('aria-busy', state.pageError ? 'false' : 'true');
    if (state.pageError)
      list.replaceChildren();
    return;
  }
  list.setAttribute('aria-busy', 'false');
  if (state.items.length === 0) {
    list.replaceChildren(el('p', { class: 'empty', text: t('requests.empty') }));
  } else {
    list.replaceChildren(...state.items.map(card));
  }
  list.append(el('p', { class: 'muted small-text', text: t('requests.updated', {
    time: formatInstant(state.loadedAt.toISOString(), locale()) }) }));
  tick();
}

function focusIn(orderId, selector) {
  const target = document.querySelector(`#order-${CSS.escape(orderId)} ${selector}`);
  if (target)
    target.focus();
}

function tick() {
  const now = Date.now();
  for (const element of document.querySelectorAll('[data-deadline]')) {
    const parts = countdown(element.dataset.deadline, now);
    if (!parts)
      continue;
    const cardElement = element.closest('.card');
    if (parts.expired) {
      element.replaceChildren(t(element.dataset.expired));
      element.classList.add('expired');
      const scope = element.closest('.payment') || cardElement;
      for (const button of scope.querySelectorAll('[data-needs-time]'))
        button.disabled = true;
    } else {
      const timer = el('strong', { class: 'countdown', role: 'timer', text: formatCountdown(parts) });
      element.replaceChildren(`${t(element.dataset.label)} `, timer);
      element.classList.toggle('soon', parts.seconds < 120);
    }
  }
}

async function answer(orderId, confirm) {
  state.busy.add(orderId);
  state.messages.delete(orderId);
  render();
  const result = await call('POST', `/v1/payer/requests/${encodeURIComponent(orderId)}/${confirm ? 'confirm' : 'decline'}`);
  state.busy.delete(orderId);
  state.declineAsked.delete(orderId);
  if (result.status === 200 && result.json && result.json.order) {
    if (confirm) {
      state.items = state.items.map((item) => (item.order.id === orderId ? result.json : item));
      setMessage(orderId, { key: 'order.confirmed', kind: 'ok' });
      render();
      focusIn(orderId, '.pay');
    } else {
      state.items = state.items.filter((item) => item.order.id !== orderId);
      setPageStatus({ key: 'order.declined' });
      render();
    }
    return;
  }
  handleFailure(orderId, errorCodeOf(result));
  await load();
}

async function pay(orderId, payType) {
  state.busy.add(orderId);
  setMessage(orderId, { key: 'payment.redirecting', kind: 'info' });
  render();
  const returnUrl = `${window.location.origin}/pay/result.html?order=${encodeURIComponent(orderId)}`;
  const result = await call('POST', `/v1/payer/orders/${encodeURIComponent(orderId)}/pay`, { payType, returnUrl });
  const fail = (code) => {
    state.busy.delete(orderId);
    handleFailure(orderId, code);
    render();
  };
  if (result.status !== 200)
    return fail(errorCodeOf(result));
  const envelope = readPayEnvelope(result.json);
  if (!envelope.ok)
    return fail(envelope.error);
  let target;
  try {
    target = cashierLocation(envelope.ext);
  } catch {
    return fail('malformed_answer');
  }
  // To the provider's cashier; it comes back to result.html, which asks the server.
  window.location.assign(target);
}

document.getElementById('logout').addEventListener('click', () => logOut());
document.getElementById('refresh').addEventListener('click', () => load());
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible' && state.session)
    load();
});

setInterval(tick, 1000);
setInterval(() => {
  if (state.session && state.busy.size === 0 && state.declineAsked.size === 0)
    load();
}, REFRESH_MS);

loadSession().then((session) => {
  if (!session) {
    window.location.replace('/pay/');
    return;
  }
  state.session = session;
  render();
  load();
});
