#pragma once
// HttpRequest: a received request as a plain value — method, target, headers, body, peer — that
// handlers can take to a worker thread (QHttpServerRequest cannot be copied or outlive its handler).

#include <QByteArray>
#include <QHostAddress>
#include <QHttpServerRequest>
#include <QList>
#include <QUrl>
#include <QUrlQuery>

#include <utility>

namespace deskpay {

class HttpRequest
{
public:
    using Method = QHttpServerRequest::Method;
    using Header = std::pair<QByteArray, QByteArray>;

    HttpRequest() = default;
    // Copies everything out of the server's request object (on the HTTP thread).
    explicit HttpRequest(const QHttpServerRequest &request);
    // For tests and internal callers.
    HttpRequest(Method method, const QUrl &url, QList<Header> headers, QByteArray body,
        QHostAddress remoteAddress = QHostAddress(QHostAddress::LocalHost));

    [[nodiscard]] Method method() const { return m_method; }
    // The absolute URL as QHttpServer reconstructs it (scheme, Host, path, query).
    [[nodiscard]] const QUrl &url() const { return m_url; }
    [[nodiscard]] QUrlQuery query() const { return QUrlQuery(m_url); }
    // Every header line in arrival order; names as the client sent them.
    [[nodiscard]] const QList<Header> &headers() const { return m_headers; }
    // The first header of that name (case-insensitive), or empty.
    [[nodiscard]] QByteArray value(const QByteArray &name) const;
    [[nodiscard]] bool hasHeader(const QByteArray &name) const;
    [[nodiscard]] const QByteArray &body() const { return m_body; }
    [[nodiscard]] const QHostAddress &remoteAddress() const { return m_remoteAddress; }

private:
    Method m_method = Method::Unknown;
    QUrl m_url;
    QList<Header> m_headers;
    QByteArray m_body;
    QHostAddress m_remoteAddress;
};

} // namespace deskpay
