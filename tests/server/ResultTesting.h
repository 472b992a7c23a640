#pragma once
// VERIFY_OK: checks a Result<T> and shows its error message when it failed.

#include <QTest>

// The expression is evaluated once (it may have side effects: a store call, a migration), and
// its error() is read only on failure — a Result holding a value has none.
#define VERIFY_OK(expr)                                                                                               \
    do {                                                                                                               \
        const auto &verifyOkResult = (expr);                                                                           \
        QVERIFY2(bool(verifyOkResult), verifyOkResult ? "" : qPrintable(verifyOkResult.error().message));             \
    } while (false)
