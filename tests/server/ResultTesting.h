#pragma once
// VERIFY_OK: checks a Result<T> and shows its error message when it failed.

#include <QTest>

// QVERIFY2 evaluates its message even when the check passes, and a Result's error() must not be
// touched when it holds a value; this only reads the error on failure.
#define VERIFY_OK(result) QVERIFY2(bool(result), (result) ? "" : qPrintable((result).error().message))
