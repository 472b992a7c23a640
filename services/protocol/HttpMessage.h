#pragma once
// HttpMessage: the parts of an HTTP request that RFC 9421 signatures and RFC 9530 digests cover.

#include "models/Error.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QCoreApplication>
#include <QList>
#include <QUrl>

#include <optional>
#include <utility>

namespace deskpay {

// Client and server build it from different inputs (a QUrl before sending; the request line and
// Host after receiving), so both constructors normalise the same way: lowercase scheme and host,
// default port dropped, empty path as "/", path and query kept percent-encoded as on the wire.
// Header names are stored lowercase; repeated fields keep every line, in order.
// Error codes: method_invalid, target_uri_invalid, request_target_invalid, authority_invalid.
class HttpMessage
{
    Q_DECLARE_TR_FUNCTIONS(deskpay::HttpMessage)

public:
    using Header = std::pair<QByteArray, QByteArray>;

    // Client side: an absolute http(s) URL; its fragment is ignored.
    [[nodiscard]] static Result<HttpMessage> fromUrl(const QByteArray &method, const QUrl &url);
    // Server side: the origin-form request target of the request line ("/v1/orders?x=1") and
    // the authority the request was addressed to (the Host header or HTTP/2 :authority).
    [[nodiscard]] static Result<HttpMessage> fromRequestTarget(const QByteArray &method, const QByteArray &scheme,
        const QByteArray &authority, const QByteArray &requestTarget);

    [[nodiscard]] QByteArray method() const { return m_method; }
    [[nodiscard]] QByteArray scheme() const { return m_scheme; }
    [[nodiscard]] QByteArray authority() const { return m_authority; }
    [[nodiscard]] QByteArray path() const { return m_path; }
    [[nodiscard]] bool hasQuery() const { return m_hasQuery; }
    [[nodiscard]] QByteArray query() const { return m_query; } // without the '?'
    [[nodiscard]] QByteArray requestTarget() const; // path and query
    [[nodiscard]] QByteArray targetUri() const; // scheme://authority/path?query

    void addHeader(QByteArrayView name, const QByteArray &value);
    void setHeader(QByteArrayView name, const QByteArray &value); // replaces every line of that name
    void removeHeader(QByteArrayView name);
    [[nodiscard]] bool hasHeader(QByteArrayView name) const;
    [[nodiscard]] QList<QByteArray> headerLines(QByteArrayView name) const;
    // All lines of the field, each trimmed, joined by ", " (RFC 9110 §5.3); nullopt when absent.
    [[nodiscard]] std::optional<QByteArray> header(QByteArrayView name) const;
    [[nodiscard]] const QList<Header> &headers() const { return m_headers; }

    [[nodiscard]] QByteArray body() const { return m_body; }
    void setBody(const QByteArray &body) { m_body = body; }

private:
    HttpMessage() = default;

    QByteArray m_method;
    QByteArray m_scheme;
    QByteArray m_authority;
    QByteArray m_path;
    QByteArray m_query;
    bool m_hasQuery = false;
    QList<Header> m_headers;
    QByteArray m_body;
};

} // namespace deskpay
