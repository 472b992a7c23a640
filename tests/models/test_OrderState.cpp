// OrderState: every legal transition, the full matrix of illegal ones, final states, names.

#include "models/OrderState.h"

#include <QSet>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace deskpay;

namespace {

using S = OrderState;

// The table of OrderState.h written out again, independently of the implementation, so a
// change to either one fails this test.
const QList<QPair<S, S>> &legalMoves()
{
    static const QList<QPair<S, S>> moves {
        { S::Submitted, S::AwaitingPayerConfirmation },
        { S::Submitted, S::Rejected },
        { S::Submitted, S::Cancelled },
        { S::AwaitingPayerConfirmation, S::PaymentPending },
        { S::AwaitingPayerConfirmation, S::ConfirmationExpired },
        { S::AwaitingPayerConfirmation, S::PayerDeclined },
        { S::AwaitingPayerConfirmation, S::Cancelled },
        { S::PaymentPending, S::Paid },
        { S::PaymentPending, S::PaymentFailed },
        { S::PaymentPending, S::Cancelled },
        { S::Paid, S::RefundPending },
        { S::RefundPending, S::Refunded },
        { S::RefundPending, S::Paid },
    };
    return moves;
}

} // namespace

class TestOrderState : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void legal_data()
    {
        QTest::addColumn<OrderState>("from");
        QTest::addColumn<OrderState>("to");
        for (const auto &[from, to] : legalMoves()) {
            const QByteArray name = (orderStateName(from) + u" -> "_s + orderStateName(to)).toUtf8();
            QTest::newRow(name.constData()) << from << to;
        }
    }
    void legal()
    {
        QFETCH(OrderState, from);
        QFETCH(OrderState, to);
        QVERIFY(canTransition(from, to));
        const Result<OrderState> r = transition(from, to);
        QVERIFY2(r.has_value(), qPrintable(r ? QString() : r.error().message));
        QCOMPARE(*r, to);
        QVERIFY(allowedTransitions(from).contains(to));
        QVERIFY(!isFinal(from));
    }

    void illegal_data()
    {
        QTest::addColumn<OrderState>("from");
        QTest::addColumn<OrderState>("to");
        int rows = 0;
        for (S from : allOrderStates()) {
            for (S to : allOrderStates()) {
                if (legalMoves().contains(qMakePair(from, to)))
                    continue;
                const QByteArray name = (orderStateName(from) + u" -> "_s + orderStateName(to)).toUtf8();
                QTest::newRow(name.constData()) << from << to;
                ++rows;
            }
        }
        // 11 x 11 pairs minus the 13 legal moves.
        QCOMPARE(rows, 11 * 11 - 13);
    }
    void illegal()
    {
        QFETCH(OrderState, from);
        QFETCH(OrderState, to);
        QVERIFY(!canTransition(from, to));
        QVERIFY(!allowedTransitions(from).contains(to));
        const Result<OrderState> r = transition(from, to);
        QVERIFY(!r.has_value());
        QCOMPARE(r.error().code, u"illegal_transition"_s);
        // The message names both states, so a log line or a dialog says what was refused.
        QVERIFY2(r.error().message.contains(orderStateName(from)), qPrintable(r.error().message));
        QVERIFY2(r.error().message.contains(orderStateName(to)), qPrintable(r.error().message));
    }

    void finality_data()
    {
        QTest::addColumn<OrderState>("state");
        QTest::addColumn<bool>("final");
        QTest::addColumn<bool>("paidOut");
        QTest::newRow("SUBMITTED") << S::Submitted << false << false;
        QTest::newRow("AWAITING_PAYER_CONFIRMATION") << S::AwaitingPayerConfirmation << false << false;
        QTest::newRow("PAYMENT_PENDING") << S::PaymentPending << false << false;
        QTest::newRow("PAID is not final: a refund may follow") << S::Paid << false << true;
        QTest::newRow("REFUND_PENDING") << S::RefundPending << false << true;
        QTest::newRow("REJECTED") << S::Rejected << true << false;
        QTest::newRow("CONFIRMATION_EXPIRED") << S::ConfirmationExpired << true << false;
        QTest::newRow("PAYER_DECLINED") << S::PayerDeclined << true << false;
        QTest::newRow("PAYMENT_FAILED") << S::PaymentFailed << true << false;
        QTest::newRow("CANCELLED") << S::Cancelled << true << false;
        QTest::newRow("REFUNDED") << S::Refunded << true << false;
    }
    void finality()
    {
        QFETCH(OrderState, state);
        QFETCH(bool, final);
        QFETCH(bool, paidOut);
        QCOMPARE(isFinal(state), final);
        QCOMPARE(isPaidOut(state), paidOut);
        QCOMPARE(allowedTransitions(state).isEmpty(), final);
        if (final) {
            for (S to : allOrderStates()) {
                const Result<OrderState> r = transition(state, to);
                QVERIFY(!r);
                QCOMPARE(r.error().code, u"illegal_transition"_s);
            }
        }
    }

    void everyStateIsReachableFromSubmitted()
    {
        QSet<S> seen { S::Submitted };
        QList<S> queue { S::Submitted };
        while (!queue.isEmpty()) {
            const S s = queue.takeFirst();
            for (S next : allowedTransitions(s)) {
                if (!seen.contains(next)) {
                    seen.insert(next);
                    queue.append(next);
                }
            }
        }
        QCOMPARE(seen.size(), allOrderStates().size());
    }

    void names_data()
    {
        QTest::addColumn<OrderState>("state");
        QTest::addColumn<QString>("name");
        QTest::newRow("SUBMITTED") << S::Submitted << u"SUBMITTED"_s;
        QTest::newRow("AWAITING") << S::AwaitingPayerConfirmation << u"AWAITING_PAYER_CONFIRMATION"_s;
        QTest::newRow("PAYMENT_PENDING") << S::PaymentPending << u"PAYMENT_PENDING"_s;
        QTest::newRow("PAID") << S::Paid << u"PAID"_s;
        QTest::newRow("REJECTED") << S::Rejected << u"REJECTED"_s;
        QTest::newRow("CONFIRMATION_EXPIRED") << S::ConfirmationExpired << u"CONFIRMATION_EXPIRED"_s;
        QTest::newRow("PAYER_DECLINED") << S::PayerDeclined << u"PAYER_DECLINED"_s;
        QTest::newRow("PAYMENT_FAILED") << S::PaymentFailed << u"PAYMENT_FAILED"_s;
        QTest::newRow("CANCELLED") << S::Cancelled << u"CANCELLED"_s;
        QTest::newRow("REFUND_PENDING") << S::RefundPending << u"REFUND_PENDING"_s;
        QTest::newRow("REFUNDED") << S::Refunded << u"REFUNDED"_s;
    }
    void names()
    {
        QFETCH(OrderState, state);
        QFETCH(QString, name);
        QCOMPARE(orderStateName(state), name);
        const Result<OrderState> back = orderStateFromName(name);
        QVERIFY(back.has_value());
        QCOMPARE(*back, state);
        QVERIFY(!orderStateDisplayName(state).isEmpty());
    }

    void allStatesAreNamed()
    {
        QCOMPARE(allOrderStates().size(), 11);
        QSet<QString> names;
        for (S s : allOrderStates())
            names.insert(orderStateName(s));
        QCOMPARE(names.size(), 11);
    }

    void unknownNames_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("empty") << QString();
        QTest::newRow("lower case") << u"paid"_s;
        QTest::newRow("trailing space") << u"PAID "_s;
        QTest::newRow("display name") << u"Payment pending"_s;
        QTest::newRow("unknown") << u"SHIPPED"_s;
        QTest::newRow("prefix of a name") << u"PAYMENT"_s;
    }
    void unknownNames()
    {
        QFETCH(QString, name);
        const Result<OrderState> r = orderStateFromName(name);
        QVERIFY(!r.has_value());
        QCOMPARE(r.error().code, u"order_state_unknown"_s);
    }

    void outOfRangeValueIsNeverLegal()
    {
        const S bogus = S(42);
        QVERIFY(!canTransition(S::Submitted, bogus));
        QVERIFY(!canTransition(bogus, S::Submitted));
        QVERIFY(allowedTransitions(bogus).isEmpty());
        QVERIFY(!transition(bogus, S::Paid).has_value());
        QVERIFY(orderStateName(bogus).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestOrderState)
#include "test_OrderState.moc"
