// The payer pages' pure client logic under node's test runner: the pay call's envelope checks,
// ext → the provider's string form (docs/payments.md "The pay call"), money and countdowns, and
// both dictionaries complete for every key the pages use.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import {
  alipayOrderString, cashierLocation, countdown, formatCountdown, formatMoney, isHttpsUrl, paymentOutcome,
  percentEncode, readPayEnvelope, sumAmounts, wechatParamString,
} from '../../server/web/pay-client.mjs';
import { DICTIONARIES, pickLanguage, translator } from '../../server/web/i18n.mjs';

const webDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'server', 'web');

const alipayExt = Object.freeze({
  payType: 'ALIPAY',
  paymentId: 'PABCDEFGHJKMNPQRSTVWXYZ23456789A',
  partnerId: '2021000000000001',
  timestamp: '2026-11-22 12:00:00',
  signType: 'RSA2',
  signature: 'ab+c/d==',
  method: 'alipay.trade.app.pay',
  charset: 'utf-8',
  format: 'JSON',
  version: '1.0',
  notifyUrl: 'https://pay.example/v1/providers/alipay/notify',
  returnUrl: 'https://pay.example/pay/result.html?order=o_1',
  bizContent: '{"out_trade_no":"P1","subject":"改期 & upgrade!","total_amount":"12.50"}',
  cashierUrl: 'https://gw.example/alipay/cashier',
});

const wechatExt = Object.freeze({
  payType: 'WECHAT_PAY',
  paymentId: 'P2',
  partnerId: '1900000001',
  appId: 'wx0000000000000001',
  prepayId: 'wx2026112212000012345',
  package: 'Sign=WXPay',
  nonceStr: 'n0nce~str',
  timestamp: '1795000000',
  signature: 'SiG+/=',
  cashierUrl: 'https://gw.example/wechat/cashier',
  returnUrl: 'https://pay.example/pay/result.html?order=o_2',
});

test('percent-encoding leaves only A-Z a-z 0-9 - . _ * (as the server FormCodec)', () => {
  assert.equal(percentEncode("a b+c=d&e/f:g!h'i(j)k~l*m.n-o_p"),
    'a%20b%2Bc%3Dd%26e%2Ff%3Ag%21h%27i%28j%29k%7El*m.n-o_p');
  assert.equal(percentEncode('张'), '%E5%BC%A0');
});

test('the Alipay order string: sorted keys, encoded values, sign last', () => {
  const string = alipayOrderString(alipayExt);
  const keys = string.split('&').map((pair) => pair.split('=')[0]);
  assert.deepEqual(keys, ['app_id', 'biz_content', 'charset', 'format', 'method', 'notify_url', 'return_url',
    'sign_type', 'timestamp', 'version', 'sign']);
  assert.ok(string.startsWith('app_id=2021000000000001&biz_content=%7B%22out_trade_no%22%3A%22P1%22'));
  assert.ok(string.includes('&timestamp=2026-11-22%2012%3A00%3A00&'));
  assert.ok(string.includes('&return_url=https%3A%2F%2Fpay.example%2Fpay%2Fresult.html%3Forder%3Do_1&'));
  assert.ok(string.endsWith('&version=1.0&sign=ab%2Bc%2Fd%3D%3D'));
  // Decoding gives back exactly the signed values.
  const decoded = new Map(string.split('&').map((pair) => {
    const [key, value] = pair.split('=');
    return [key, decodeURIComponent(value)];
  }));
  assert.equal(decoded.get('biz_content'), alipayExt.bizContent);
  assert.equal(decoded.get('sign'), alipayExt.signature);
});

test('the Alipay order string leaves out empty values and needs the signed fields', () => {
  const string = alipayOrderString({ ...alipayExt, returnUrl: '', notifyUrl: undefined });
  assert.ok(!string.includes('return_url'));
  assert.ok(!string.includes('notify_url'));
  assert.throws(() => alipayOrderString({ ...alipayExt, signature: undefined }));
  assert.throws(() => alipayOrderString({ ...alipayExt, bizContent: 42 }));
});

test('the WeChat param string: fixed order, then return_url', () => {
  assert.equal(wechatParamString(wechatExt),
    'appid=wx0000000000000001&partnerid=1900000001&prepayid=wx2026112212000012345&package=Sign%3DWXPay'
    + '&noncestr=n0nce%7Estr&timestamp=1795000000&sign=SiG%2B%2F%3D'
    + '&return_url=https%3A%2F%2Fpay.example%2Fpay%2Fresult.html%3Forder%3Do_2');
  assert.ok(!wechatParamString({ ...wechatExt, returnUrl: undefined }).includes('return_url'));
  assert.throws(() => wechatParamString({ ...wechatExt, prepayId: '' }));
});

test('the cashier location is cashierUrl ? string form', () => {
  assert.equal(cashierLocation(wechatExt), `https://gw.example/wechat/cashier?${wechatParamString(wechatExt)}`);
  assert.equal(cashierLocation(alipayExt), `https://gw.example/alipay/cashier?${alipayOrderString(alipayExt)}`);
});

test('the envelope is read only when code is 0 and data and data.ext are objects', () => {
  const ok = readPayEnvelope({ code: 0, data: { ext: alipayExt } });
  assert.equal(ok.ok, true);
  assert.equal(ok.ext, alipayExt);

  const refused = readPayEnvelope({ code: 4009, message: 'Not payable.', error: 'order_not_payable' });
  assert.deepEqual(refused, { ok: false, error: 'order_not_payable', message: 'Not payable.', code: 4009 });

  const bad = [
    null, undefined, 'ok', 42, [], [{ code: 0 }],
    { code: '0', data: { ext: alipayExt } }, // a string is not 0
    { code: 0 },
    { code: 0, data: null },
    { code: 0, data: [] },
    { code: 0, data: 'ext' },
    { code: 0, data: { ext: null } },
    { code: 0, data: { ext: [] } },
    { code: 0, data: { ext: 'app_id=…' } },
    { code: 0, data: { ext: { ...alipayExt, payType: 'CASH' } } },
    { code: 0, data: { ext: { ...alipayExt, cashierUrl: 'javascript:alert(1)' } } },
    { code: 0, data: { ext: { ...alipayExt, cashierUrl: 'http://gw.example/alipay/cashier' } } },
    { code: 0, data: { ext: { ...alipayExt, cashierUrl: 'https://gw.example/c?x=1' } } },
    { data: { ext: alipayExt } }, // no code at all
  ];
  for (const json of bad)
    assert.equal(readPayEnvelope(json).ok, false, JSON.stringify(json));
  assert.equal(readPayEnvelope({ code: 7 }).error, 'malformed_answer');
});

test('only the server state PAID is a received payment', () => {
  assert.equal(paymentOutcome('PAID'), 'paid');
  assert.equal(paymentOutcome('PAYMENT_FAILED'), 'failed');
  assert.equal(paymentOutcome('PAYMENT_PENDING'), 'waiting');
  assert.equal(paymentOutcome('AWAITING_PAYER_CONFIRMATION'), 'waiting');
  assert.equal(paymentOutcome(undefined), 'waiting');
  assert.equal(paymentOutcome('CANCELLED'), 'closed');
});

test('https URLs only for the cashier', () => {
  assert.equal(isHttpsUrl('https://a.example/x'), true);
  assert.equal(isHttpsUrl('data:text/html,x'), false);
  assert.equal(isHttpsUrl(''), false);
  assert.equal(isHttpsUrl({}), false);
});

test('countdowns run down to expired', () => {
  const now = Date.parse('2026-11-20T12:00:00Z');
  const parts = countdown('2026-11-20T13:02:03Z', now);
  assert.equal(parts.expired, false);
  assert.equal(formatCountdown(parts), '1:02:03');
  assert.equal(formatCountdown(countdown('2026-11-20T12:14:59Z', now)), '14:59');
  const over = countdown('2026-11-20T12:00:00Z', now);
  assert.equal(over.expired, true);
  assert.equal(over.seconds, 0);
  assert.equal(countdown('not a date', now), null);
});

test('money sums exactly and formats in the currency', () => {
  assert.equal(sumAmounts(['300.00', '0.00', '200.00']), '500.00');
  assert.equal(sumAmounts(['0.10', '0.20']), '0.30');
  assert.equal(sumAmounts(['-1.50', '1.00']), '-0.50');
  assert.equal(sumAmounts(['1000', '5']), '1005');
  assert.equal(sumAmounts(['1.005', '2.000']), '3.005');
  assert.match(formatMoney({ amount: '500.00', currency: 'CNY' }, 'en'), /500\.00/);
  assert.match(formatMoney({ amount: '1234.50', currency: 'CNY' }, 'zh-CN'), /¥1,234\.50/);
  assert.match(formatMoney({ amount: '1000', currency: 'JPY' }, 'en'), /1,000/);
  assert.equal(formatMoney(null, 'en'), '');
});

test('the language: stored choice, then the browser, then English', () => {
  assert.equal(pickLanguage('en', ['zh-CN']), 'en');
  assert.equal(pickLanguage(null, ['zh-TW', 'en']), 'zh-CN');
  assert.equal(pickLanguage(null, ['fr', 'en-GB']), 'en');
  assert.equal(pickLanguage(null, ['fr']), 'en');
  assert.equal(pickLanguage('de', []), 'en');
  assert.equal(translator('en')('common.signedInAs', { name: 'Wang' }), 'Logged in as Wang');
  assert.equal(translator('zh-CN')('common.signedInAs', { name: '王芳' }), '已登录：王芳');
});

test('both dictionaries have the same keys, none empty', () => {
  const en = Object.keys(DICTIONARIES.en).sort();
  const zh = Object.keys(DICTIONARIES['zh-CN']).sort();
  assert.deepEqual(zh, en);
  for (const [language, dictionary] of Object.entries(DICTIONARIES)) {
    for (const [key, text] of Object.entries(dictionary))
      assert.ok(typeof text === 'string' && text.trim() !== '', `${language} ${key}`);
  }
});

test('every key the pages name is in the dictionaries', () => {
  const used = new Set();
  const prefixes = new Set(); // label('order.state', value): keys made at run time
  for (const file of readdirSync(webDir)) {
    const text = readFileSync(join(webDir, file), 'utf8');
    if (file.endsWith('.html')) {
      for (const match of text.matchAll(/data-i18n(?:-label|-placeholder)?="([^"]+)"/g))
        used.add(match[1]);
    } else if (file.endsWith('.mjs') && !file.startsWith('i18n')) {
      for (const match of text.matchAll(/\bt\('([a-zA-Z]+\.[a-zA-Z.]+)'/g))
        used.add(match[1]);
      for (const match of text.matchAll(/'((?:error|order|payment|result|login|common|requests)\.[a-zA-Z]+)'/g))
        used.add(match[1]);
      for (const match of text.matchAll(/label\('([a-zA-Z.]+)'/g))
        prefixes.add(match[1]);
    }
  }
  for (const prefix of prefixes) {
    used.delete(prefix);
    assert.ok(Object.keys(DICTIONARIES.en).some((key) => key.startsWith(`${prefix}.`)), prefix);
  }
  assert.ok(used.size > 40, `only ${used.size} keys found`);
  for (const key of used) {
    assert.ok(Object.hasOwn(DICTIONARIES.en, key), `en lacks ${key}`);
    assert.ok(Object.hasOwn(DICTIONARIES['zh-CN'], key), `zh-CN lacks ${key}`);
  }
});

test('the pages need no inline script or style (the CSP allows none)', () => {
  for (const file of readdirSync(webDir).filter((name) => name.endsWith('.html'))) {
    const text = readFileSync(join(webDir, file), 'utf8');
    assert.doesNotMatch(text, /<script(?![^>]*\bsrc=)[^>]*>/, file);
    assert.doesNotMatch(text, /<style/, file);
    assert.doesNotMatch(text, /\sstyle="/, file);
    assert.doesNotMatch(text, /\son[a-z]+="/, file);
    assert.doesNotMatch(text, /https?:\/\//, `${file} loads nothing from elsewhere`);
  }
});

test('every file a page or module names is in the page folder', () => {
  const files = new Set(readdirSync(webDir));
  for (const file of files) {
    const text = readFileSync(join(webDir, file), 'utf8');
    const named = [];
    if (file.endsWith('.html'))
      named.push(...[...text.matchAll(/(?:src|href)="\/pay\/([^"?#]+)"/g)].map((match) => match[1]));
    if (file.endsWith('.mjs'))
      named.push(...[...text.matchAll(/from '\.\/([^']+)'/g)].map((match) => match[1]));
    for (const name of named)
      assert.ok(files.has(name), `${file} names ${name}`);
  }
  assert.ok(files.has('index.html') && files.has('404.html'));
});
