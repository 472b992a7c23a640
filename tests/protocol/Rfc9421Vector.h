#pragma once
// Rfc9421Vector: loads tests/vectors/rfc9421-b26-ed25519.txt (RFC 9421 B.2.6) for the protocol tests.

#include "services/protocol/HttpMessage.h"

#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QList>
#include <QString>

#include <optional>
#include <utility>

namespace deskpay::test {

// For QVERIFY2 messages, which are evaluated even when the check passes.
template<typename T> QByteArray why(const Result<T> &result)
{
    if (result)
        return {};
    return (result.error().code + QStringLiteral(": ") + result.error().message).toUtf8();
}

struct Rfc9421Vector
{
    QByteArray privateKeyPem; // with its BEGIN/END lines and a final newline
    QByteArray publicKeyPem;
    QByteArray method;
    QByteArray requestTarget;
    QList<std::pair<QByteArray, QByteArray>> headers; // as in the file, names as written
    QByteArray body;
    QByteArray signatureBase; // no trailing newline
    QByteArray signatureInput; // field value
    QByteArray signature; // field value
    QByteArray sha256Digest; // field value
    QByteArray sha512Digest; // field value

    static QString path()
    {
        QString root = qEnvironmentVariable("DESKPAY_SOURCE_DIR");
        if (root.isEmpty()) // run by hand outside ctest: the vectors sit beside this folder
            root = QFileInfo(QStringLiteral(__FILE__)).dir().filePath(QStringLiteral("../.."));
        return QDir(root).filePath(QStringLiteral("tests/vectors/rfc9421-b26-ed25519.txt"));
    }

    // Fills *out or returns why the file could not be read; callers QFAIL with that text.
    static QString load(Rfc9421Vector *out)
    {
        QFile file(path());
        if (!file.open(QIODevice::ReadOnly))
            return QStringLiteral("cannot open %1: %2 (set DESKPAY_SOURCE_DIR to the repository root)")
                .arg(file.fileName(), file.errorString());
        const QList<QByteArray> lines = file.readAll().split('\n');
        Rfc9421Vector v;
        for (qsizetype i = 0; i < lines.size(); ++i) {
            const QByteArray &line = lines.at(i);
            if (line == "-----BEGIN PRIVATE KEY-----" || line == "-----BEGIN PUBLIC KEY-----") {
                const bool isPrivate = line.contains("PRIVATE");
                QByteArray pem;
                for (; i < lines.size(); ++i) {
                    pem += lines.at(i) + '\n';
                    if (lines.at(i).startsWith("-----END"))
                        break;
                }
                (isPrivate ? v.privateKeyPem : v.publicKeyPem) = pem;
            } else if (line.startsWith("Request (RFC 9421 B.2)")) {
                const QList<QByteArray> requestLine = lines.value(++i).split(' ');
                v.method = requestLine.value(0);
                v.requestTarget = requestLine.value(1);
                for (++i; i < lines.size() && !lines.at(i).isEmpty(); ++i) {
                    const qsizetype colon = lines.at(i).indexOf(':');
                    v.headers.append({ lines.at(i).first(colon), lines.at(i).sliced(colon + 1).trimmed() });
                }
                v.body = lines.value(++i);
            } else if (line.startsWith("Signature base")) {
                QList<QByteArray> baseLines;
                for (++i; i < lines.size() && !lines.at(i).isEmpty(); ++i)
                    baseLines.append(lines.at(i));
                v.signatureBase = baseLines.join('\n');
            } else if (line.startsWith("Signature-Input: ")) {
                v.signatureInput = line.sliced(17);
            } else if (line.startsWith("Signature: ")) {
                v.signature = line.sliced(11);
            } else if (line.startsWith("sha-256=")) {
                v.sha256Digest = line;
            } else if (line.startsWith("sha-512=")) {
                v.sha512Digest = line;
            }
        }
        if (v.privateKeyPem.isEmpty() || v.publicKeyPem.isEmpty() || v.method.isEmpty() || v.signatureBase.isEmpty()
            || v.signatureInput.isEmpty() || v.signature.isEmpty() || v.sha256Digest.isEmpty()
            || v.sha512Digest.isEmpty())
            return QStringLiteral("%1 is missing a section the tests need").arg(file.fileName());
        *out = v;
        return {};
    }

    // The B.2 request as a message, addressed to https://example.com as in RFC 9421 B.2.
    std::optional<HttpMessage> message() const
    {
        QByteArray host;
        for (const auto &[name, value] : headers) {
            if (name.toLower() == "host")
                host = value;
        }
        auto msg = HttpMessage::fromRequestTarget(method, QByteArrayLiteral("https"), host, requestTarget);
        if (!msg)
            return std::nullopt;
        for (const auto &[name, value] : headers)
            msg->addHeader(name, value);
        msg->setBody(body);
        return *msg;
    }
};

} // namespace deskpay::test
