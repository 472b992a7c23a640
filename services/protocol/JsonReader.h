#pragma once
// JsonReader: a strict RFC 8259 parser into JsonValue that reports where the text goes wrong
// (byte offset, line, column) and bounds size and nesting.

#include "models/Error.h"
#include "services/protocol/JsonValue.h"

#include <QByteArrayView>
#include <QCoreApplication>
#include <QString>

#include <expected>

namespace deskpay {

// Why some bytes are not JSON, and where.
struct JsonSyntaxError
{
    QString reason; // translated, e.g. "expected ',' or '}'"
    qsizetype offset = 0; // byte offset of the problem
    int line = 1; // 1-based
    int column = 1; // 1-based, in bytes from the start of the line
    bool tooLarge = false; // refused for its size (or depth) rather than its content

    // Code "invalid_json" (or "too_large" for oversized input), a message naming line,
    // column and offset.
    [[nodiscard]] Error toError() const;
};

class JsonReader
{
    Q_DECLARE_TR_FUNCTIONS(deskpay::JsonReader)

public:
    struct Limits
    {
        qsizetype maxBytes = 1024 * 1024; // whole input
        int maxDepth = 32; // nested arrays/objects
    };

    // Parses exactly one JSON value (surrounded by optional whitespace) from UTF-8. Refuses
    // invalid UTF-8, lone surrogate escapes, control characters in strings, a byte order mark,
    // leading zeros, trailing commas, comments, NaN/Infinity and anything after the value.
    // Duplicate object keys are kept (the codecs report them with their field path).
    [[nodiscard]] static std::expected<JsonValue, JsonSyntaxError> parse(QByteArrayView utf8);
    [[nodiscard]] static std::expected<JsonValue, JsonSyntaxError> parse(QByteArrayView utf8, Limits limits);
};

} // namespace deskpay
