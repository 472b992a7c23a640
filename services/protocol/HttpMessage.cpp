#include "services/protocol/HttpMessage.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace deskpay {

namespace {

bool isTchar(char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    return QByteArrayView("!#$%&'*+-.^_`|~").contains(c);
}

bool isToken(QByteArrayView s)
{
    if (s.isEmpty())
        return false;
    for (const char c : s) {
        if (!isTchar(c))
            return false;
    }
    return true;
}

// Visible ASCII except the characters that would end or split a path or query.
bool isTargetChar(char c)
{
    return c > 0x20 && c < 0x7f && c != '#';
}

Result<QByteArray> checkMethod(const QByteArray &method)
{
    if (!isToken(method))
        return fail(u"method_invalid"_s,
            HttpMessage::tr("\"%1\" is not a valid HTTP method.").arg(QString::fromLatin1(method)));
    return method;
}

Result<QByteArray> normaliseScheme(const QByteArray &scheme)
{
    const QByteArray lower = scheme.toLower();
    if (lower != "https" && lower != "http")
        return fail(u"target_uri_invalid"_s,
            HttpMessage::tr("The scheme \"%1\" is not http or https.").arg(QString::fromLatin1(scheme)));
    return lower;
}

// RFC 9421 §2.2.3: lowercase host, no default port (RFC 9110 §4.2.3), no userinfo.
Result<QByteArray> normaliseAuthority(const QByteArray &scheme, const QByteArray &authority)
{
    const auto invalid = [&authority] {
        return fail(u"authority_invalid"_s,
            HttpMessage::tr("\"%1\" is not a valid authority.").arg(QString::fromLatin1(authority)));
    };
    if (authority.isEmpty() || authority.contains('@'))
        return invalid();
    QByteArray host;
    QByteArray port;
    if (authority.startsWith('[')) {
        const qsizetype close = authority.indexOf(']');
        if (close < 0)
            return invalid();
        host = authority.first(close + 1);
        const QByteArray rest = authority.sliced(close + 1);
        if (!rest.isEmpty()) {
            if (!rest.startsWith(':'))
                return invalid();
            port = rest.sliced(1);
        }
    } else {
        const qsizetype colon = authority.lastIndexOf(':');
        host = colon < 0 ? authority : authority.first(colon);
        if (colon >= 0)
            port = authority.sliced(colon + 1);
    }
    if (host.isEmpty())
        return invalid();
    for (const char c : std::as_const(host)) {
        if (c <= 0x20 || c >= 0x7f || c == '/' || c == '?' || c == '#')
            return invalid();
    }
    for (const char c : std::as_const(port)) {
        if (c < '0' || c > '9')
            return invalid();
    }
    host = host.toLower();
    const QByteArray defaultPort = scheme == "https" ? "443"_ba : "80"_ba;
    if (port.isEmpty() || port == defaultPort)
        return host;
    return host + ':' + port;
}

Result<void> checkTargetPart(const QByteArray &part)
{
    for (const char c : part) {
        if (!isTargetChar(c))
            return fail(u"request_target_invalid"_s,
                HttpMessage::tr("The request target contains a character that must be percent-encoded."));
    }
    return {};
}

QByteArray lowerName(QByteArrayView name)
{
    return name.toByteArray().toLower();
}

} // namespace

Result<HttpMessage> HttpMessage::fromUrl(const QByteArray &method, const QUrl &url)
{
    if (!url.isValid() || url.isRelative() || url.host().isEmpty())
        return fail(u"target_uri_invalid"_s, tr("\"%1\" is not an absolute http(s) URL.").arg(url.toDisplayString()));
    QByteArray authority = url.host(QUrl::FullyEncoded).toLatin1();
    if (authority.contains(':'))
        authority = '[' + authority + ']';
    if (url.port() >= 0)
        authority += ':' + QByteArray::number(url.port());
    QByteArray target = url.path(QUrl::FullyEncoded).toLatin1();
    if (url.hasQuery())
        target += '?' + url.query(QUrl::FullyEncoded).toLatin1();
    if (target.isEmpty() || !target.startsWith('/'))
        target.prepend('/');
    return fromRequestTarget(method, url.scheme().toLatin1(), authority, target);
}

Result<HttpMessage> HttpMessage::fromRequestTarget(
    const QByteArray &method, const QByteArray &scheme, const QByteArray &authority, const QByteArray &requestTarget)
{
    HttpMessage message;
    auto checkedMethod = checkMethod(method);
    if (!checkedMethod)
        return std::unexpected(checkedMethod.error());
    auto normalScheme = normaliseScheme(scheme);
    if (!normalScheme)
        return std::unexpected(normalScheme.error());
    auto normalAuthority = normaliseAuthority(*normalScheme, authority);
    if (!normalAuthority)
        return std::unexpected(normalAuthority.error());
    if (!requestTarget.startsWith('/'))
        return fail(u"request_target_invalid"_s,
            tr("The request target \"%1\" does not start with '/'.").arg(QString::fromLatin1(requestTarget)));
    if (auto ok = checkTargetPart(requestTarget); !ok)
        return std::unexpected(ok.error());

    message.m_method = *checkedMethod;
    message.m_scheme = *normalScheme;
    message.m_authority = *normalAuthority;
    const qsizetype question = requestTarget.indexOf('?');
    if (question < 0) {
        message.m_path = requestTarget;
    } else {
        message.m_path = requestTarget.first(question);
        message.m_query = requestTarget.sliced(question + 1);
        message.m_hasQuery = true;
    }
    return message;
}

QByteArray HttpMessage::requestTarget() const
{
    return m_hasQuery ? m_path + '?' + m_query : m_path;
}

QByteArray HttpMessage::targetUri() const
{
    return m_scheme + "://" + m_authority + requestTarget();
}

void HttpMessage::addHeader(QByteArrayView name, const QByteArray &value)
{
    m_headers.append(Header(lowerName(name), value));
}

void HttpMessage::setHeader(QByteArrayView name, const QByteArray &value)
{
    removeHeader(name);
    addHeader(name, value);
}

void HttpMessage::removeHeader(QByteArrayView name)
{
    const QByteArray lower = lowerName(name);
    m_headers.removeIf([&lower](const Header &h) { return h.first == lower; });
}

bool HttpMessage::hasHeader(QByteArrayView name) const
{
    const QByteArray lower = lowerName(name);
    return std::any_of(m_headers.cbegin(), m_headers.cend(), [&lower](const Header &h) { return h.first == lower; });
}

QList<QByteArray> HttpMessage::headerLines(QByteArrayView name) const
{
    const QByteArray lower = lowerName(name);
    QList<QByteArray> lines;
    for (const Header &h : m_headers) {
        if (h.first == lower)
            lines.append(h.second);
    }
    return lines;
}

std::optional<QByteArray> HttpMessage::header(QByteArrayView name) const
{
    const QList<QByteArray> lines = headerLines(name);
    if (lines.isEmpty())
        return std::nullopt;
    QByteArray out;
    for (qsizetype i = 0; i < lines.size(); ++i) {
        if (i > 0)
            out += ", ";
        out += lines.at(i).trimmed();
    }
    return out;
}

} // namespace deskpay
