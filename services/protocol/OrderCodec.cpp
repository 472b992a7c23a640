#include "services/protocol/OrderCodec.h"

#include "services/protocol/JsonObjectReader.h"

#include <QRegularExpression>

#include <limits>

using namespace Qt::StringLiterals;

namespace deskpay {

namespace {

using Presence = JsonObjectReader::Presence;

constexpr qint64 kIntMin = std::numeric_limits<int>::min();
constexpr qint64 kIntMax = std::numeric_limits<int>::max();

QString shown(QStringView text)
{
    return text.size() <= 32 ? text.toString() : text.first(32) + u"…"_s;
}

// ---- encoding -------------------------------------------------------------------------------

JsonValue moneyToJson(const Money &money)
{
    JsonValue o = JsonValue::object();
    o.insert(u"amount"_s, JsonValue::string(money.isValid() ? money.toDecimalString() : QString()));
    o.insert(u"currency"_s, JsonValue::string(money.currencyCode()));
    return o;
}

JsonValue segmentToJson(const FlightSegment &segment)
{
    JsonValue o = JsonValue::object();
    o.insert(u"flightNumber"_s, JsonValue::string(segment.flightNumber));
    o.insert(u"origin"_s, JsonValue::string(segment.origin));
    o.insert(u"destination"_s, JsonValue::string(segment.destination));
    o.insert(u"departureLocal"_s, JsonValue::string(segment.departureLocalString()));
    o.insert(u"bookingClass"_s, JsonValue::string(segment.bookingClass));
    o.insert(u"cabin"_s, JsonValue::string(cabinCode(segment.cabin)));
    return o;
}

void changeOrderToJson(JsonValue &root, const ChangeOrder &order)
{
    root.insert(u"productType"_s, JsonValue::string(productTypeName(order.productType)));
    root.insert(u"ticketNumber"_s, JsonValue::string(order.ticketNumber));
    root.insert(u"pnr"_s, JsonValue::string(order.pnr));
    root.insert(u"passengerName"_s, JsonValue::string(order.passengerName));
    JsonValue coupons = JsonValue::array();
    for (int c : order.coupons)
        coupons.append(JsonValue::integer(c));
    root.insert(u"coupons"_s, std::move(coupons));
    root.insert(u"originalSegment"_s, segmentToJson(order.originalSegment));
    root.insert(u"newSegment"_s, segmentToJson(order.newSegment));
    JsonValue pricing = JsonValue::object();
    pricing.insert(u"fareDifference"_s, moneyToJson(order.pricing.fareDifference));
    pricing.insert(u"taxDifference"_s, moneyToJson(order.pricing.taxDifference));
    pricing.insert(u"changeFee"_s, moneyToJson(order.pricing.changeFee));
    root.insert(u"pricing"_s, std::move(pricing));
    root.insert(u"quotedAt"_s, JsonValue::string(OrderCodec::formatInstant(order.quotedAt)));
}

void commonTailToJson(JsonValue &root, const QList<PayType> &payTypes, const QString &notes)
{
    JsonValue types = JsonValue::array();
    for (PayType t : payTypes)
        types.append(JsonValue::string(payTypeName(t)));
    root.insert(u"payTypes"_s, std::move(types));
    if (!notes.isEmpty())
        root.insert(u"notes"_s, JsonValue::string(notes));
}

// ---- decoding -------------------------------------------------------------------------------

void invalidValue(ValidationReport &issues, const QString &path, QStringView got, const QStringList &allowed)
{
    issues.add(
        path, u"invalid_value"_s, OrderCodec::tr("\"%1\" is not one of %2.").arg(shown(got), allowed.join(u", "_s)));
}

void invalidFormat(ValidationReport &issues, const QString &path, const QString &message)
{
    issues.add(path, u"invalid_format"_s, message);
}

// An enumeration member by its wire name: `names` lists every name, `values` the matching values.
template<typename E>
std::optional<E> readEnum(JsonObjectReader &reader, const QString &key, const QList<E> &values, QString (*nameOf)(E),
    ValidationReport &issues)
{
    const std::optional<QString> text = reader.string(key, OrderCodec::MaxCodeLength);
    if (!text)
        return std::nullopt;
    QStringList names;
    for (E v : values) {
        if (nameOf(v) == *text)
            return v;
        names.append(nameOf(v));
    }
    invalidValue(issues, reader.pathOf(key), *text, names);
    return std::nullopt;
}

QList<ProductType> allProductTypes()
{
    return { ProductType::DateChange, ProductType::Upgrade, ProductType::DateChangeUpgrade };
}

QList<DocumentType> allDocumentTypes()
{
    return { DocumentType::CnResidentId, DocumentType::Passport, DocumentType::Other };
}

Money readMoney(const JsonValue &value, const QString &path, ValidationReport &issues)
{
    JsonObjectReader reader(value, path, issues);
    const std::optional<QString> amount = reader.string(u"amount"_s, OrderCodec::MaxCodeLength);
    const std::optional<QString> code = reader.string(u"currency"_s, OrderCodec::MaxCodeLength);
    reader.finish();
    std::optional<Currency> currency;
    if (code) {
        if (Result<Currency> c = Currency::fromCode(*code))
            currency = *c;
        else {
            QStringList known;
            for (const Currency &k : Currency::all())
                known.append(k.code());
            invalidValue(issues, reader.pathOf(u"currency"), *code, known);
        }
    }
    if (!amount || !currency)
        return {};
    const QString amountPath = reader.pathOf(u"amount");
    const Result<Money> money = Money::parse(*amount, *currency);
    if (!money && money.error().code == u"money_overflow"_s) {
        issues.add(amountPath, u"out_of_range"_s, OrderCodec::tr("The amount is too large."));
        return {};
    }
    // The wire form is exactly Money::toDecimalString(): no signs but '-', no separators,
    // no exponent, exactly the currency's decimals — one amount, one spelling.
    if (!money || money->toDecimalString() != *amount) {
        const QString example = Money(123450 * currency->minorPerMajor() / 100, *currency).toDecimalString();
        invalidFormat(issues, amountPath,
            OrderCodec::tr("\"%1\" is not an amount in %2 as the wire writes it, like \"%3\" "
                           "(a string with exactly %4 decimals).")
                .arg(shown(*amount), currency->code(), example)
                .arg(currency->minorUnits()));
        return {};
    }
    return *money;
}

Money readMoneyMember(JsonObjectReader &parent, const QString &key, ValidationReport &issues)
{
    const JsonValue *v = parent.object(key);
    return v ? readMoney(*v, parent.pathOf(key), issues) : Money();
}

FlightSegment readSegment(const JsonValue &value, const QString &path, ValidationReport &issues)
{
    FlightSegment s;
    JsonObjectReader reader(value, path, issues);
    s.flightNumber = reader.string(u"flightNumber"_s, OrderCodec::MaxCodeLength).value_or(QString());
    s.origin = reader.string(u"origin"_s, OrderCodec::MaxCodeLength).value_or(QString());
    s.destination = reader.string(u"destination"_s, OrderCodec::MaxCodeLength).value_or(QString());
    if (const std::optional<QString> dep = reader.string(u"departureLocal"_s, OrderCodec::MaxCodeLength)) {
        if (Result<void> r = s.setDepartureLocal(*dep); !r)
            invalidFormat(issues, reader.pathOf(u"departureLocal"), r.error().message);
    }
    s.bookingClass = reader.string(u"bookingClass"_s, OrderCodec::MaxCodeLength).value_or(QString());
    if (const std::optional<Cabin> cabin = readEnum(reader, u"cabin"_s, allCabins(), &cabinCode, issues))
        s.cabin = *cabin;
    reader.finish();
    return s;
}

FlightSegment readSegmentMember(JsonObjectReader &parent, const QString &key, ValidationReport &issues)
{
    const JsonValue *v = parent.object(key);
    return v ? readSegment(*v, parent.pathOf(key), issues) : FlightSegment();
}

QDateTime readInstant(
    JsonObjectReader &reader, const QString &key, ValidationReport &issues, Presence presence = Presence::Required)
{
    const std::optional<QString> text = reader.string(key, OrderCodec::MaxCodeLength, presence);
    if (!text)
        return {};
    const QDateTime t = OrderCodec::parseInstant(*text);
    if (!t.isValid())
        invalidFormat(issues, reader.pathOf(key),
            OrderCodec::tr("\"%1\" is not a UTC time like 2026-11-20T10:15:00Z.").arg(shown(*text)));
    return t;
}

void readChangeOrder(JsonObjectReader &root, ChangeOrder &order, ValidationReport &issues)
{
    if (const std::optional<ProductType> t
        = readEnum(root, u"productType"_s, allProductTypes(), &productTypeName, issues))
        order.productType = *t;
    order.ticketNumber = root.string(u"ticketNumber"_s, OrderCodec::MaxCodeLength).value_or(QString());
    order.pnr = root.string(u"pnr"_s, OrderCodec::MaxCodeLength).value_or(QString());
    order.passengerName = root.string(u"passengerName"_s, OrderCodec::MaxNameLength).value_or(QString());
    if (const JsonValue *coupons = root.array(u"coupons"_s, OrderCodec::MaxCoupons)) {
        const QString path = root.pathOf(u"coupons");
        for (size_t i = 0; i < coupons->children().size(); ++i)
            if (const std::optional<qint64> n = JsonObjectReader::asInteger(
                    coupons->children()[i], JsonObjectReader::indexPath(path, qsizetype(i)), kIntMin, kIntMax, issues))
                order.coupons.append(int(*n));
    }
    order.originalSegment = readSegmentMember(root, u"originalSegment"_s, issues);
    order.newSegment = readSegmentMember(root, u"newSegment"_s, issues);
    if (const JsonValue *pricing = root.object(u"pricing"_s)) {
        JsonObjectReader p(*pricing, root.pathOf(u"pricing"), issues);
        order.pricing.fareDifference = readMoneyMember(p, u"fareDifference"_s, issues);
        order.pricing.taxDifference = readMoneyMember(p, u"taxDifference"_s, issues);
        order.pricing.changeFee = readMoneyMember(p, u"changeFee"_s, issues);
        p.finish();
    }
    order.quotedAt = readInstant(root, u"quotedAt"_s, issues);
}

void readTail(JsonObjectReader &root, QList<PayType> &payTypes, QString &notes, ValidationReport &issues)
{
    if (const JsonValue *types = root.array(u"payTypes"_s, OrderCodec::MaxPayTypes)) {
        const QString path = root.pathOf(u"payTypes");
        QStringList names;
        for (PayType t : allPayTypes())
            names.append(payTypeName(t));
        for (size_t i = 0; i < types->children().size(); ++i) {
            const QString itemPath = JsonObjectReader::indexPath(path, qsizetype(i));
            const std::optional<QString> name
                = JsonObjectReader::asString(types->children()[i], itemPath, OrderCodec::MaxCodeLength, issues);
            if (!name)
                continue;
            if (Result<PayType> t = payTypeFromName(*name))
                payTypes.append(*t);
            else
                invalidValue(issues, itemPath, *name, names);
        }
    }
    notes = root.string(u"notes"_s, OrderCodec::MaxNotesLength, Presence::Optional).value_or(QString());
}

bool isOrderId(QStringView id)
{
    if (id.isEmpty() || id.size() > 64)
        return false;
    for (QChar c : id) {
        const char16_t u = c.unicode();
        if (!((u >= u'0' && u <= u'9') || (u >= u'A' && u <= u'Z') || (u >= u'a' && u <= u'z') || u == u'_'
                || u == u'-'))
            return false;
    }
    return true;
}

// A masked number must look masked: a view that carries a raw number is refused, so a server
// bug cannot make a client store one.
bool looksMasked(DocumentType type, QStringView masked)
{
    if (masked.isEmpty())
        return true;
    if (!masked.contains(u'*'))
        return false;
    if (type == DocumentType::CnResidentId && masked.size() == 18)
        return masked.sliced(6, 8) == u"********";
    return true;
}

template<typename T>
std::expected<Decoded<T>, JsonSyntaxError> decodeWith(
    QByteArrayView json, Decoded<T> (*fromJson)(const JsonValue &, const QString &))
{
    std::expected<JsonValue, JsonSyntaxError> tree = JsonReader::parse(json);
    if (!tree)
        return std::unexpected(tree.error());
    return fromJson(*tree, QString());
}

} // namespace

// ---- instants -------------------------------------------------------------------------------

QString OrderCodec::formatInstant(const QDateTime &utc)
{
    if (!utc.isValid())
        return {};
    return utc.toUTC().toString(u"yyyy-MM-dd'T'HH:mm:ss'Z'");
}

QDateTime OrderCodec::parseInstant(QStringView text)
{
    static const QRegularExpression kForm(u"^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z$"_s);
    if (!kForm.match(text).hasMatch())
        return {};
    const QDate date(text.first(4).toInt(), text.sliced(5, 2).toInt(), text.sliced(8, 2).toInt());
    const QTime time(text.sliced(11, 2).toInt(), text.sliced(14, 2).toInt(), text.sliced(17, 2).toInt());
    if (!date.isValid() || !time.isValid())
        return {};
    return QDateTime(date, time, Qt::UTC);
}

// ---- request --------------------------------------------------------------------------------

JsonValue OrderCodec::requestToJson(const OrderRequest &request)
{
    JsonValue root = JsonValue::object();
    changeOrderToJson(root, request.order);
    const RealNameId &id = request.payer.identity();
    JsonValue payer = JsonValue::object();
    payer.insert(u"accountId"_s, JsonValue::string(request.payer.accountId()));
    payer.insert(u"name"_s, JsonValue::string(id.name()));
    payer.insert(u"documentType"_s, JsonValue::string(documentTypeName(id.documentType())));
    // The one place the raw number leaves the model: the signed request to the server.
    payer.insert(u"documentNumber"_s, JsonValue::string(id.revealNumber()));
    if (id.hasMrzLine())
        payer.insert(u"mrzLine"_s, JsonValue::string(id.revealMrzLine()));
    root.insert(u"payer"_s, std::move(payer));
    commonTailToJson(root, request.payTypes, request.notes);
    return root;
}

QByteArray OrderCodec::encodeRequest(const OrderRequest &request)
{
    return requestToJson(request).toCanonicalJson();
}

Decoded<OrderRequest> OrderCodec::requestFromJson(const JsonValue &value, const QString &path)
{
    Decoded<OrderRequest> out;
    ValidationReport &issues = out.issues;
    JsonObjectReader root(value, path, issues);
    if (!root.isObject())
        return out;
    readChangeOrder(root, out.value.order, issues);
    if (const JsonValue *payerValue = root.object(u"payer"_s)) {
        JsonObjectReader p(*payerValue, root.pathOf(u"payer"), issues);
        const QString accountId = p.string(u"accountId"_s, MaxNameLength).value_or(QString());
        const QString name = p.string(u"name"_s, MaxNameLength).value_or(QString());
        const std::optional<DocumentType> type
            = readEnum(p, u"documentType"_s, allDocumentTypes(), &documentTypeName, issues);
        const QString number = p.string(u"documentNumber"_s, MaxCodeLength).value_or(QString());
        const QString mrz = p.string(u"mrzLine"_s, MaxMrzLength, Presence::Optional).value_or(QString());
        p.finish();
        out.value.payer = Payer(accountId, RealNameId(name, type.value_or(DocumentType::CnResidentId), number, mrz));
    }
    readTail(root, out.value.payTypes, out.value.notes, issues);
    root.finish();
    return out;
}

std::expected<Decoded<OrderRequest>, JsonSyntaxError> OrderCodec::decodeRequest(QByteArrayView json)
{
    return decodeWith<OrderRequest>(json, &OrderCodec::requestFromJson);
}

// ---- view -----------------------------------------------------------------------------------

JsonValue OrderCodec::viewToJson(const OrderView &view)
{
    JsonValue root = JsonValue::object();
    root.insert(u"id"_s, JsonValue::string(view.id));
    root.insert(u"state"_s, JsonValue::string(orderStateName(view.state)));
    root.insert(u"createdAt"_s, JsonValue::string(formatInstant(view.createdAt)));
    root.insert(u"updatedAt"_s, JsonValue::string(formatInstant(view.updatedAt)));
    if (view.confirmBy.isValid())
        root.insert(u"confirmBy"_s, JsonValue::string(formatInstant(view.confirmBy)));
    changeOrderToJson(root, view.order);
    JsonValue payer = JsonValue::object();
    payer.insert(u"accountId"_s, JsonValue::string(view.payer.accountId));
    payer.insert(u"name"_s, JsonValue::string(view.payer.name));
    payer.insert(u"documentType"_s, JsonValue::string(documentTypeName(view.payer.documentType)));
    payer.insert(u"documentNumberMasked"_s, JsonValue::string(view.payer.documentNumberMasked));
    root.insert(u"payer"_s, std::move(payer));
    commonTailToJson(root, view.payTypes, view.notes);
    return root;
}

QByteArray OrderCodec::encodeView(const OrderView &view)
{
    return viewToJson(view).toCanonicalJson();
}

Decoded<OrderView> OrderCodec::viewFromJson(const JsonValue &value, const QString &path)
{
    Decoded<OrderView> out;
    ValidationReport &issues = out.issues;
    OrderView &view = out.value;
    JsonObjectReader root(value, path, issues);
    if (!root.isObject())
        return out;
    if (const std::optional<QString> id = root.string(u"id"_s, MaxNameLength)) {
        if (isOrderId(*id))
            view.id = *id;
        else
            invalidFormat(
                issues, root.pathOf(u"id"), tr("An order id has 1 to 64 letters A-Z, a-z, digits, '_' and '-'."));
    }
    if (const std::optional<OrderState> s = readEnum(root, u"state"_s, allOrderStates(), &orderStateName, issues))
        view.state = *s;
    view.createdAt = readInstant(root, u"createdAt"_s, issues);
    view.updatedAt = readInstant(root, u"updatedAt"_s, issues);
    view.confirmBy = readInstant(root, u"confirmBy"_s, issues, Presence::Optional);
    readChangeOrder(root, view.order, issues);
    if (const JsonValue *payerValue = root.object(u"payer"_s)) {
        JsonObjectReader p(*payerValue, root.pathOf(u"payer"), issues);
        view.payer.accountId = p.string(u"accountId"_s, MaxNameLength).value_or(QString());
        view.payer.name = p.string(u"name"_s, MaxNameLength).value_or(QString());
        if (const std::optional<DocumentType> t
            = readEnum(p, u"documentType"_s, allDocumentTypes(), &documentTypeName, issues))
            view.payer.documentType = *t;
        if (const std::optional<QString> masked = p.string(u"documentNumberMasked"_s, MaxCodeLength)) {
            if (looksMasked(view.payer.documentType, *masked))
                view.payer.documentNumberMasked = *masked;
            else
                issues.add(p.pathOf(u"documentNumberMasked"), u"not_masked"_s,
                    tr("The document number is not masked; a view must never carry the full number."));
        }
        p.finish();
    }
    readTail(root, view.payTypes, view.notes, issues);
    root.finish();
    return out;
}

std::expected<Decoded<OrderView>, JsonSyntaxError> OrderCodec::decodeView(QByteArrayView json)
{
    return decodeWith<OrderView>(json, &OrderCodec::viewFromJson);
}

} // namespace deskpay
