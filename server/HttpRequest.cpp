#include "server/HttpRequest.h"

namespace deskpay {

HttpRequest::HttpRequest(const QHttpServerRequest &request)
    : m_method(request.method())
    , m_url(request.url())
    , m_headers(request.headers())
    , m_body(request.body())
    , m_remoteAddress(request.remoteAddress())
{
}

HttpRequest::HttpRequest(
    Method method, const QUrl &url, QList<Header> headers, QByteArray body, QHostAddress remoteAddress)
    : m_method(method)
    , m_url(url)
    , m_headers(std::move(headers))
    , m_body(std::move(body))
    , m_remoteAddress(std::move(remoteAddress))
{
}

QByteArray HttpRequest::value(const QByteArray &name) const
{
    for (const auto &[key, headerValue] : m_headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return headerValue;
    }
    return {};
}

bool HttpRequest::hasHeader(const QByteArray &name) const
{
    for (const auto &header : m_headers) {
        if (header.first.compare(name, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

} // namespace deskpay
