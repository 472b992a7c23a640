#pragma once
// AirportTable: the bundled IATA airport table (name, city, country, IANA time zone), loaded
// once by whoever needs it and passed on; lookups by code and prefix search for completers.

#include "models/Error.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringView>
#include <QTimeZone>

#include <memory>

namespace deskpay {

struct Airport
{
    QString iata; // "PEK"
    QByteArray timeZoneId; // IANA id, "Asia/Shanghai"
    QString name; // "Beijing Capital International Airport"
    QString city; // "Beijing"
    QString country; // ISO 3166-1 alpha-2, "CN"

    friend bool operator==(const Airport &, const Airport &) = default;
};

class AirportTable
{
public:
    // The resource path the build embeds resources/airports.tsv at.
    static constexpr QStringView bundledPath = u":/deskpay/airports.tsv";

    // An empty table (every lookup fails); useful only as a placeholder.
    AirportTable();

    // The table bundled with the application (":/deskpay/airports.tsv").
    [[nodiscard]] static Result<AirportTable> loadBundled();
    // A table from a TSV file: iata \t tz \t name \t city \t country; '#' lines are comments.
    [[nodiscard]] static Result<AirportTable> loadFile(const QString &path);
    // A table from TSV bytes. Errors: "airport_table_format" (with the line number),
    // "airport_table_duplicate", "airport_table_empty".
    [[nodiscard]] static Result<AirportTable> fromTsv(const QByteArray &tsv);

    [[nodiscard]] qsizetype size() const;
    [[nodiscard]] bool isEmpty() const { return size() == 0; }
    // Exact, case-sensitive lookup of an upper-case IATA code; nullptr when unknown. The
    // pointer stays valid as long as any copy of this table lives.
    [[nodiscard]] const Airport *find(QStringView iata) const;
    [[nodiscard]] bool contains(QStringView iata) const { return find(iata) != nullptr; }
    // The airport's time zone (cached; the table is copied cheaply and is thread-safe).
    // An invalid QTimeZone when the code is unknown.
    [[nodiscard]] QTimeZone timeZone(QStringView iata) const;

    // For a completer: airports whose code, city or a word of whose name starts with `prefix`
    // (case- and accent-insensitive: "zur" finds Zürich). Exact code first, then code
    // prefixes, then city matches, then name matches; ties by code. At most `limit` rows.
    [[nodiscard]] QList<Airport> search(QStringView prefix, qsizetype limit = 20) const;

    // Every airport, sorted by code.
    [[nodiscard]] const QList<Airport> &airports() const;

private:
    struct Data;
    explicit AirportTable(std::shared_ptr<const Data> data);
    std::shared_ptr<const Data> m_data;
};

} // namespace deskpay
