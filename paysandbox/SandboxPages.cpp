#include "paysandbox/SandboxPages.h"

using namespace Qt::StringLiterals;

namespace deskpay {

namespace {

// Inline styles only; forms post to this origin, and the browser then follows our 303 to the
// merchant's https return URL (form-action covers redirects in some browsers).
constexpr auto ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self' https:; "
                                       "base-uri 'none'; frame-ancestors 'none'";

constexpr auto Style = R"(body{font-family:system-ui,sans-serif;margin:0;background:#f4f5f7;color:#1d1d1f}
main{max-width:420px;margin:0 auto;padding:24px 16px}
.card{background:#fff;border-radius:12px;padding:20px;box-shadow:0 1px 3px rgba(0,0,0,.12)}
h1{font-size:1.1rem;margin:0 0 12px}.amount{font-size:2rem;font-weight:600;margin:8px 0 4px}
.subject{color:#444;word-break:break-word}.ref{color:#888;font-size:.8rem;word-break:break-all}
button{display:block;width:100%;font-size:1.05rem;padding:14px;margin-top:12px;border-radius:8px;border:0}
.pay{background:#1677ff;color:#fff}.fail{background:#e5e6eb;color:#b42318}
.notice{color:#666;font-size:.85rem;margin-top:16px})";

QString escaped(const QString &text)
{
    // toHtmlEscaped leaves the apostrophe; every attribute here is double-quoted.
    return text.toHtmlEscaped();
}

} // namespace

QHttpServerResponse SandboxPages::html(int status, const QString &title, const QString &body)
{
    const QString page = u"<!DOCTYPE html><html><head><meta charset=\"utf-8\">"
                         "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
                         "<title>%1</title><style>%2</style></head><body><main>%3</main></body></html>"_s.arg(
                             escaped(title), QString::fromUtf8(Style), body);
    QHttpServerResponse response(
        "text/html; charset=utf-8"_ba, page.toUtf8(), static_cast<QHttpServerResponse::StatusCode>(status));
    response.setHeader("Content-Security-Policy"_ba, QByteArray(ContentSecurityPolicy));
    response.setHeader("X-Content-Type-Options"_ba, "nosniff"_ba);
    response.setHeader("X-Frame-Options"_ba, "DENY"_ba);
    response.setHeader("Referrer-Policy"_ba, "no-referrer"_ba);
    response.setHeader("Cache-Control"_ba, "no-store"_ba);
    return response;
}

QHttpServerResponse SandboxPages::cashier(const Cashier &page)
{
    const QString body
        = u"<div class=\"card\"><h1>%1</h1>"
          "<div class=\"amount\">%2</div><div class=\"subject\">%3</div>"
          "<div class=\"ref\">%4</div>"
          "<form method=\"post\" action=\"%5\">"
          "<input type=\"hidden\" name=\"trade\" value=\"%4\">"
          "<input type=\"hidden\" name=\"token\" value=\"%6\">"
          "<button class=\"pay\" type=\"submit\" name=\"decision\" value=\"pay\">%7</button>"
          "<button class=\"fail\" type=\"submit\" name=\"decision\" value=\"fail\">%8</button>"
          "</form><p class=\"notice\">%9</p></div>"_s.arg(escaped(page.gatewayName), escaped(page.amount),
              escaped(page.subject), escaped(page.outTradeNo), escaped(page.decidePath), escaped(page.formToken),
              escaped(page.payLabel), escaped(page.failLabel), escaped(page.notice));
    return html(200, page.pageTitle, body);
}

QHttpServerResponse SandboxPages::message(int status, const QString &title, const QString &text)
{
    return html(status, title, u"<div class=\"card\"><h1>%1</h1><p>%2</p></div>"_s.arg(escaped(title), escaped(text)));
}

QHttpServerResponse SandboxPages::redirect(const QString &location)
{
    QHttpServerResponse response(QHttpServerResponse::StatusCode::SeeOther);
    response.setHeader("Location"_ba, location.toUtf8());
    response.setHeader("Cache-Control"_ba, "no-store"_ba);
    response.setHeader("Referrer-Policy"_ba, "no-referrer"_ba);
    return response;
}

} // namespace deskpay
