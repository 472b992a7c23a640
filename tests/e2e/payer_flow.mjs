// The payer's whole flow in a real browser (playwright-core driving Debian's Chromium, headless):
// log in, see the request, confirm, pay through the provider's (sandbox) cashier, approve or fail
// there, and wait on the result page until the SERVER says PAID or PAYMENT_FAILED. A screenshot
// of each page goes to --screenshots.
//
//   node tests/e2e/payer_flow.mjs --base https://127.0.0.1:8443 --account payer1 --password … \
//       --order o_… --pay-type ALIPAY --outcome success --screenshots DIR --spki-pins PIN[,PIN]
//
// --spki-pins: base64 SHA-256 of the server's (and the cashier's) certificate public keys, so
// Chromium trusts the local CA without a system store. Prints one JSON line; exit status 0 only
// when the result page showed the expected outcome.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import { chromium } from 'playwright-core';

const { values: args } = parseArgs({
  options: {
    base: { type: 'string' },
    account: { type: 'string' },
    password: { type: 'string' },
    order: { type: 'string' },
    'pay-type': { type: 'string', default: 'ALIPAY' },
    outcome: { type: 'string', default: 'success' },
    screenshots: { type: 'string' },
    'spki-pins': { type: 'string', default: '' },
    locale: { type: 'string', default: 'zh-CN' },
    chromium: { type: 'string', default: process.env.DESKPAY_CHROMIUM || '/usr/bin/chromium' },
    timeout: { type: 'string', default: '60000' },
  },
});

for (const required of ['base', 'account', 'password', 'order', 'screenshots']) {
  if (!args[required]) {
    console.error(`payer_flow: --${required} is required`);
    process.exit(2);
  }
}
if (!['success', 'fail'].includes(args.outcome) || !['ALIPAY', 'WECHAT_PAY'].includes(args['pay-type'])) {
  console.error('payer_flow: --outcome success|fail, --pay-type ALIPAY|WECHAT_PAY');
  process.exit(2);
}

const base = args.base.replace(/\/+$/, '');
const order = args.order;
const timeout = Number(args.timeout);
const prefix = `${args['pay-type'].toLowerCase()}-${args.outcome}`;
mkdirSync(args.screenshots, { recursive: true });

const launchArgs = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'];
if (args['spki-pins'])
  launchArgs.push(`--ignore-certificate-errors-spki-list=${args['spki-pins']}`);

const browser = await chromium.launch({ executablePath: args.chromium, headless: true, args: launchArgs });
const context = await browser.newContext({
  locale: args.locale,
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
});
const page = await context.newPage();
page.setDefaultTimeout(timeout);
const consoleErrors = [];
page.on('console', (message) => {
  // A 401 of GET /pay/session (no session yet) is logged by Chromium as a failed resource: expected.
  if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
    consoleErrors.push(message.text());
});
page.on('pageerror', (error) => consoleErrors.push(String(error)));

const shots = [];
async function shot(name) {
  const path = join(args.screenshots, `${prefix}-${name}.png`);
  await page.screenshot({ path, fullPage: true });
  shots.push(path);
}

const cardSelector = `article[data-order-id="${order}"]`;
let outcome = null;
try {
  // 1. Login.
  await page.goto(`${base}/pay/`);
  await page.waitForSelector('#login-form');
  await shot('1-login');
  await page.fill('#account', args.account);
  await page.fill('#password', args.password);
  await Promise.all([page.waitForURL(`${base}/pay/requests.html`), page.click('#login-submit')]);

  // 2. The request with its data and live countdown.
  const card = page.locator(cardSelector);
  await card.waitFor();
  await card.locator('.deadline .countdown').waitFor();
  await shot('2-requests');

  // 3. Confirm; the payment order appears with a button per allowed pay type.
  const payButton = card.locator(`button.pay[data-pay-type="${args['pay-type']}"]`);
  if (!(await payButton.count())) {
    await card.locator('button.confirm').click();
    await payButton.waitFor();
  }
  await card.locator('.payment .deadline .countdown').waitFor();
  await shot('3-payment');

  // 4. To the cashier (another origin: the sandbox gateway).
  await Promise.all([page.waitForURL((url) => !url.href.startsWith(`${base}/`)), payButton.click()]);
  await page.waitForSelector('button.pay');
  await shot('4-cashier');

  // 5. Approve or fail there; the cashier sends the browser back to the result page.
  await Promise.all([
    page.waitForURL((url) => url.href.startsWith(`${base}/pay/result.html`)),
    page.click(args.outcome === 'success' ? 'button.pay' : 'button.fail'),
  ]);
  await shot('5-result-waiting');
  const expected = args.outcome === 'success' ? 'paid' : 'failed';
  await page.waitForSelector(`#result-status[data-outcome="${expected}"], #result-status[data-outcome="closed"]`);
  outcome = await page.getAttribute('#result-status', 'data-outcome');
  await shot('6-result');

  // 6. Log out from the requests page; the login page comes back.
  await page.goto(`${base}/pay/requests.html`);
  await Promise.all([page.waitForURL(`${base}/pay/`), page.click('#logout')]);
} catch (error) {
  try {
    await shot('failure');
  } catch {
    // the page is gone too
  }
  console.log(JSON.stringify({ ok: false, error: String(error), url: page.url(), consoleErrors, screenshots: shots }));
  await browser.close();
  process.exit(1);
}
await browser.close();
const expectedOutcome = args.outcome === 'success' ? 'paid' : 'failed';
const ok = outcome === expectedOutcome && consoleErrors.length === 0;
console.log(JSON.stringify({ ok, outcome, consoleErrors, screenshots: shots }));
process.exit(ok ? 0 : 1);
