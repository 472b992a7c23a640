// The payer pages' pure client logic: no DOM, no network — the pages import it, and so does
// node's test runner (tests/e2e/pay-client.test.mjs). docs/payments.md "The pay call" is the contract.

export const PAY_TYPES = Object.freeze(['ALIPAY', 'WECHAT_PAY']);

// Order states after which nothing changes any more for the payer.
export const FINAL_STATES = Object.freeze([
  'PAID', 'PAYMENT_FAILED', 'CANCELLED', 'REJECTED', 'CONFIRMATION_EXPIRED', 'PAYER_DECLINED',
  'REFUND_PENDING', 'REFUNDED',
]);

function isPlainObject(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// Percent-encodes a value the way the server's FormCodec does: every UTF-8 byte outside
// A-Z a-z 0-9 - . _ * becomes %XX (a space is %20). encodeURIComponent leaves ! ' ( ) ~ as they
// are; they are encoded here too, so the string form is the same whoever builds it.
export function percentEncode(value) {
  return encodeURIComponent(String(value)).replace(/[!'()~]/g,
    (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

// The pay call's answer: {ok: true, ext} only when `code === 0`, `data` is an object and
// `data.ext` an object with a known pay type and an https cashier; otherwise {ok: false, error,
// message, code} — nothing of `ext` is read before these checks.
export function readPayEnvelope(json) {
  if (!isPlainObject(json))
    return { ok: false, error: 'malformed_answer', message: '', code: null };
  if (json.code !== 0) {
    const code = Number.isInteger(json.code) ? json.code : null;
    return {
      ok: false,
      error: typeof json.error === 'string' && json.error ? json.error : 'malformed_answer',
      message: typeof json.message === 'string' ? json.message : '',
      code,
    };
  }
  if (!isPlainObject(json.data) || !isPlainObject(json.data.ext))
    return { ok: false, error: 'malformed_answer', message: '', code: 0 };
  const ext = json.data.ext;
  if (!PAY_TYPES.includes(ext.payType) || !isHttpsUrl(ext.cashierUrl))
    return { ok: false, error: 'malformed_answer', message: '', code: 0 };
  return { ok: true, ext };
}

export function isHttpsUrl(value) {
  if (typeof value !== 'string')
    return false;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && url.search === '' && url.hash === '';
  } catch {
    return false;
  }
}

function requireStrings(ext, names) {
  for (const name of names) {
    if (typeof ext[name] !== 'string' || ext[name] === '')
      throw new Error(`ext.${name} is missing`);
  }
}

// ALIPAY: the app_id … version parameters sorted by key, `key=` + percent-encoded value,
// joined by `&`, then `&sign=` + the percent-encoded signature. Empty values are left out, as
// they are from the signed string.
export function alipayOrderString(ext) {
  requireStrings(ext, ['partnerId', 'bizContent', 'charset', 'format', 'method', 'signType', 'timestamp',
    'version', 'signature']);
  const params = {
    app_id: ext.partnerId,
    biz_content: ext.bizContent,
    charset: ext.charset,
    format: ext.format,
    method: ext.method,
    notify_url: ext.notifyUrl,
    return_url: ext.returnUrl,
    sign_type: ext.signType,
    timestamp: ext.timestamp,
    version: ext.version,
  };
  const pairs = Object.keys(params)
    .filter((key) => typeof params[key] === 'string' && params[key] !== '')
    .sort()
    .map((key) => `${key}=${percentEncode(params[key])}`);
  return pairs.join('&') + '&sign=' + percentEncode(ext.signature);
}

// WECHAT_PAY: appid, partnerid, prepayid, package, noncestr, timestamp, sign in this order,
// then return_url.
export function wechatParamString(ext) {
  requireStrings(ext, ['appId', 'partnerId', 'prepayId', 'package', 'nonceStr', 'timestamp', 'signature']);
  const pairs = [
    ['appid', ext.appId],
    ['partnerid', ext.partnerId],
    ['prepayid', ext.prepayId],
    ['package', ext.package],
    ['noncestr', ext.nonceStr],
    ['timestamp', ext.timestamp],
    ['sign', ext.signature],
  ];
  if (typeof ext.returnUrl === 'string' && ext.returnUrl !== '')
    pairs.push(['return_url', ext.returnUrl]);
  return pairs.map(([key, value]) => `${key}=${percentEncode(value)}`).join('&');
}

export function providerString(ext) {
  if (ext.payType === 'ALIPAY')
    return alipayOrderString(ext);
  if (ext.payType === 'WECHAT_PAY')
    return wechatParamString(ext);
  throw new Error(`unknown pay type ${ext.payType}`);
}

// Where the browser goes to pay: the provider's cashier with the string form as its query.
export function cashierLocation(ext) {
  return ext.cashierUrl + '?' + providerString(ext);
}

// The result page decides from the server's word only: what the cashier said is never read.
export function paymentOutcome(state) {
  if (state === 'PAID')
    return 'paid';
  if (state === 'PAYMENT_FAILED')
    return 'failed';
  if (FINAL_STATES.includes(state))
    return 'closed';
  return 'waiting';
}

// Seconds left until an ISO instant (never negative) and whether it has passed.
export function countdown(deadlineIso, nowMs) {
  const deadline = Date.parse(deadlineIso);
  if (Number.isNaN(deadline))
    return null;
  const left = Math.max(0, Math.ceil((deadline - nowMs) / 1000));
  return {
    expired: deadline <= nowMs,
    seconds: left,
    hours: Math.floor(left / 3600),
    minutes: Math.floor((left % 3600) / 60),
    secondsPart: left % 60,
  };
}

// "1:02:03" or "02:03".
export function formatCountdown(parts) {
  const two = (n) => String(n).padStart(2, '0');
  return parts.hours > 0 ? `${parts.hours}:${two(parts.minutes)}:${two(parts.secondsPart)}`
                         : `${two(parts.minutes)}:${two(parts.secondsPart)}`;
}

// A money value {amount: "12.50", currency: "CNY"} in the reader's language and the currency's
// own digits.
export function formatMoney(money, locale) {
  if (!isPlainObject(money) || typeof money.amount !== 'string' || typeof money.currency !== 'string')
    return '';
  const digits = (money.amount.split('.')[1] || '').length;
  try {
    return new Intl.NumberFormat(locale, {
      style: 'currency', currency: money.currency, minimumFractionDigits: digits, maximumFractionDigits: digits,
    }).format(Number(money.amount));
  } catch {
    return `${money.amount} ${money.currency}`;
  }
}

// Exact sum of decimal strings of one currency ("300.00" + "0.00" + "200.00" = "500.00"), in
// integers: no floating-point cents.
export function sumAmounts(amounts) {
  let scale = 0;
  for (const amount of amounts)
    scale = Math.max(scale, (amount.split('.')[1] || '').length);
  let total = 0n;
  for (const amount of amounts) {
    const negative = amount.startsWith('-');
    const [whole, fraction = ''] = amount.replace('-', '').split('.');
    const minor = BigInt(whole + fraction.padEnd(scale, '0'));
    total += negative ? -minor : minor;
  }
  const negative = total < 0n;
  const digits = (negative ? -total : total).toString().padStart(scale + 1, '0');
  const text = scale > 0 ? `${digits.slice(0, -scale)}.${digits.slice(-scale)}` : digits;
  return negative ? `-${text}` : text;
}

// An airport-local "2026-11-27T08:30" shown as that wall-clock time (no time-zone shift: it is
// the local time at the airport, as the order carries it).
export function formatLocalDateTime(local, locale) {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(local || '');
  if (!match)
    return local || '';
  const [, y, mo, d, h, mi] = match.map(Number);
  return new Intl.DateTimeFormat(locale, {
    timeZone: 'UTC', year: 'numeric', month: 'short', day: 'numeric', weekday: 'short',
    hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).format(new Date(Date.UTC(y, mo - 1, d, h, mi)));
}

// An instant ("…Z") in the reader's own time zone.
export function formatInstant(iso, locale) {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms))
    return iso || '';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(ms));
}

// Retry-After in whole seconds (at least 1), or null.
export function retryAfterSeconds(header) {
  const seconds = Number.parseInt(header || '', 10);
  return Number.isFinite(seconds) && seconds > 0 ? seconds : null;
}

// The dictionary key for a server error code (HTTP answers and the pay envelope alike).
export function errorMessageKey(errorCode) {
  const known = {
    invalid_credentials: 'error.invalidCredentials',
    account_locked: 'error.accountLocked',
    rate_limited: 'error.rateLimited',
    validation_failed: 'error.validation',
    unauthenticated: 'error.sessionEnded',
    session_expired: 'error.sessionEnded',
    csrf_invalid: 'error.csrf',
    order_not_found: 'error.orderNotFound',
    order_not_payable: 'error.orderNotPayable',
    payment_expired: 'error.paymentExpired',
    pay_type_not_allowed: 'error.payTypeNotAllowed',
    provider_unavailable: 'error.providerUnavailable',
    payment_conflict: 'error.paymentConflict',
    illegal_transition: 'error.illegalTransition',
    CONFIRMATION_EXPIRED: 'error.confirmationExpired',
    malformed_answer: 'error.malformedAnswer',
    network: 'error.network',
  };
  return known[errorCode] || 'error.generic';
}
