#pragma once
// SfParser: the strict RFC 8941 §4.2 parsing algorithms behind StructuredFields::parse*() (library-internal).

#include "services/protocol/StructuredFields.h"

#include <QByteArrayView>

namespace deskpay {

class SfParser
{
public:
    [[nodiscard]] static Result<SfItem> parseItem(QByteArrayView input);
    [[nodiscard]] static Result<SfList> parseList(QByteArrayView input);
    [[nodiscard]] static Result<SfDictionary> parseDictionary(QByteArrayView input);

    // Character classes of RFC 8941 and RFC 9110 §5.6.2, shared with the serialiser's checks.
    [[nodiscard]] static bool isDigit(char c);
    [[nodiscard]] static bool isLcAlpha(char c);
    [[nodiscard]] static bool isAlpha(char c);
    [[nodiscard]] static bool isTchar(char c);
    [[nodiscard]] static bool isKeyChar(char c);
};

} // namespace deskpay
