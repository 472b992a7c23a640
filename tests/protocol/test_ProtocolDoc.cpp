// docs/protocol.md is the contract third parties code against: every error code the server
// can answer with must be documented there, with the HTTP status the catalogue gives it.

#include "services/protocol/ErrorCodes.h"

#include <QFile>
#include <QRegularExpression>
#include <QTest>

using namespace Qt::StringLiterals;

namespace deskpay {

class TestProtocolDoc : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyErrorCodeIsDocumented()
    {
        QFile doc(qEnvironmentVariable("DESKPAY_SOURCE_DIR") + u"/docs/protocol.md"_s);
        QVERIFY2(doc.open(QIODevice::ReadOnly), qPrintable(doc.fileName() + u": "_s + doc.errorString()));
        const QString text = QString::fromUtf8(doc.readAll());
        QStringList missing;
        for (const ErrorCodeInfo &info : ErrorCodes::all()) {
            // Either the code's own row, or a family row such as `signature_*` / `digest_*`.
            const QString family = info.code.section(u'_', 0, 0) + u"_*"_s;
            const bool listed = text.contains(u'`' + info.code + u'`') || text.contains(u'`' + family + u'`');
            if (!listed)
                missing.append(info.code);
        }
        QVERIFY2(missing.isEmpty(), qPrintable(u"not in docs/protocol.md: "_s + missing.join(u", "_s)));
    }

    void documentedStatusesMatchTheCatalogue()
    {
        QFile doc(qEnvironmentVariable("DESKPAY_SOURCE_DIR") + u"/docs/protocol.md"_s);
        QVERIFY(doc.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(doc.readAll());
        // Rows of the error table: | `code` | 409 | meaning |
        static const QRegularExpression row(u"^\\| `([A-Za-z_]+)` \\| (\\d{3}) \\|"_s, QRegularExpression::MultilineOption);
        int rows = 0;
        for (auto it = row.globalMatch(text); it.hasNext();) {
            const auto m = it.next();
            ++rows;
            const ErrorCodeInfo *info = ErrorCodes::find(m.captured(1));
            QVERIFY2(info, qPrintable(u"documented but unknown to the catalogue: "_s + m.captured(1)));
            QCOMPARE(info->httpStatus, m.captured(2).toInt());
        }
        QVERIFY2(rows > 20, "the error table in docs/protocol.md was not found");
    }
};

} // namespace deskpay

QTEST_GUILESS_MAIN(deskpay::TestProtocolDoc)
#include "test_ProtocolDoc.moc"
