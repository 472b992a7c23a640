#include "services/protocol/SignatureBase.h"

#include <QSet>

using namespace Qt::StringLiterals;

namespace deskpay {

namespace {

std::unexpected<Error> invalidComponent(const QString &name, const QString &why)
{
    return fail(u"signature_component_invalid"_s, SignatureBase::tr("Covered component %1: %2.").arg(name, why), name);
}

bool isLowercaseFieldName(QStringView name)
{
    if (name.isEmpty())
        return false;
    for (const QChar ch : name) {
        const char16_t c = ch.unicode();
        const bool ok
            = (c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9') || QStringView(u"!#$%&'*+-.^_`|~").contains(ch);
        if (!ok)
            return false;
    }
    return true;
}

} // namespace

bool SignatureBase::isDerivedComponent(QStringView name)
{
    return name == u"@method" || name == u"@target-uri" || name == u"@authority" || name == u"@scheme"
        || name == u"@request-target" || name == u"@path" || name == u"@query";
}

Result<QByteArray> SignatureBase::componentValue(const HttpMessage &message, const SfItem &component)
{
    if (!component.value.isString())
        return invalidComponent(QString(), tr("a component identifier must be a string"));
    const QString name = component.value.toString();
    if (!component.parameters.isEmpty())
        return fail(u"signature_component_unsupported"_s,
            tr("Component parameters such as ;%1 on %2 are not supported.")
                .arg(component.parameters.entries().constFirst().first, name),
            name);

    QByteArray value;
    if (name.startsWith(u'@')) {
        if (name == u"@method")
            value = message.method();
        else if (name == u"@target-uri")
            value = message.targetUri();
        else if (name == u"@authority")
            value = message.authority();
        else if (name == u"@scheme")
            value = message.scheme();
        else if (name == u"@request-target")
            value = message.requestTarget();
        else if (name == u"@path")
            value = message.path().isEmpty() ? "/"_ba : message.path();
        else if (name == u"@query")
            value = '?' + message.query(); // "?" alone when there is no query (RFC 9421 §2.2.7)
        else if (name == u"@signature-params")
            return invalidComponent(name, tr("the signature parameters cannot cover themselves"));
        else
            return fail(
                u"signature_component_unsupported"_s, tr("The derived component %1 is not supported.").arg(name), name);
    } else {
        if (!isLowercaseFieldName(name))
            return invalidComponent(name, tr("a header field name must be a lowercase token"));
        const auto field = message.header(name.toLatin1());
        if (!field)
            return fail(
                u"component_missing"_s, tr("The covered header field %1 is not in the message.").arg(name), name);
        value = *field;
    }
    if (value.contains('\r') || value.contains('\n') || value.contains('\0'))
        return fail(u"component_value_invalid"_s, tr("The value of %1 contains a line break.").arg(name), name);
    return value;
}

Result<QByteArray> SignatureBase::build(const HttpMessage &message, const SfInnerList &signatureParams)
{
    QByteArray base;
    QSet<QString> seen;
    for (const SfItem &component : signatureParams.items) {
        const QString name = component.value.toString();
        if (component.value.isString() && seen.contains(name))
            return invalidComponent(name, tr("it is listed twice"));
        seen.insert(name);
        auto value = componentValue(message, component);
        if (!value)
            return std::unexpected(value.error());
        auto identifier = StructuredFields::serializeItem(component);
        if (!identifier)
            return invalidComponent(name, identifier.error().message);
        base += *identifier + ": " + *value + '\n';
    }
    auto params = StructuredFields::serializeInnerList(signatureParams);
    if (!params)
        return fail(u"signature_param_invalid"_s, params.error().message);
    base += "\"@signature-params\": " + *params;
    return base;
}

} // namespace deskpay
