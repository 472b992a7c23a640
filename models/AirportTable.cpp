#include "models/AirportTable.h"

#include "models/ModelsLogging.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QHash>
#include <QMutex>
#include <QMutexLocker>

#include <algorithm>
#include <mutex>

using namespace Qt::StringLiterals;

namespace deskpay {

namespace {

// Lower case without accents, so "zur" finds "Zürich" and "sao" finds "São Paulo".
QString fold(QStringView text)
{
    bool plain = true;
    for (QChar c : text) {
        if (c.unicode() >= 0x80) {
            plain = false;
            break;
        }
    }
    if (plain)
        return text.toString().toLower();
    const QString decomposed = text.toString().normalized(QString::NormalizationForm_D);
    QString out;
    out.reserve(decomposed.size());
    for (QChar c : decomposed) {
        if (c.category() != QChar::Mark_NonSpacing)
            out.append(c);
    }
    return out.toLower();
}

bool isValidCode(QStringView code)
{
    return code.size() == 3 && std::all_of(code.begin(), code.end(), [](QChar c) { return c >= u'A' && c <= u'Z'; });
}

} // namespace

struct AirportTable::Data
{
    QList<Airport> airports; // sorted by iata
    // Search keys, parallel to airports. Built on the first search, not at load: folding
    // ~17,000 strings would be a third of the load time, and most tables never search.
    mutable std::once_flag foldOnce;
    mutable QList<QString> foldedCity;
    mutable QList<QString> foldedName;

    void ensureFolded() const
    {
        std::call_once(foldOnce, [this] {
            foldedCity.reserve(airports.size());
            foldedName.reserve(airports.size());
            for (const Airport &a : airports) {
                foldedCity.append(fold(a.city));
                foldedName.append(fold(a.name));
            }
        });
    }

    mutable QMutex zoneMutex;
    mutable QHash<QByteArray, QTimeZone> zones;
};

AirportTable::AirportTable()
    : m_data(std::make_shared<const Data>())
{
}

AirportTable::AirportTable(std::shared_ptr<const Data> data)
    : m_data(std::move(data))
{
}

Result<AirportTable> AirportTable::loadBundled()
{
    return loadFile(bundledPath.toString());
}

Result<AirportTable> AirportTable::loadFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return fail(u"airport_table_unreadable"_s,
            QCoreApplication::translate("deskpay::AirportTable", "Cannot read the airport table %1: %2")
                .arg(path, file.errorString()));
    }
    return fromTsv(file.readAll());
}

Result<AirportTable> AirportTable::fromTsv(const QByteArray &tsv)
{
    QElapsedTimer timer;
    timer.start();

    auto data = std::make_shared<Data>();
    data->airports.reserve(tsv.count('\n') + 1);

    qsizetype lineNo = 0;
    qsizetype pos = 0;
    while (pos < tsv.size()) {
        qsizetype end = tsv.indexOf('\n', pos);
        if (end < 0)
            end = tsv.size();
        QByteArrayView line(tsv.constData() + pos, end - pos);
        pos = end + 1;
        ++lineNo;
        if (line.endsWith('\r'))
            line.chop(1);
        if (line.isEmpty() || line.startsWith('#'))
            continue;

        QByteArrayView fields[5];
        qsizetype field = 0;
        qsizetype start = 0;
        for (qsizetype i = 0; i <= line.size(); ++i) {
            if (i == line.size() || line[i] == '\t') {
                if (field < 5)
                    fields[field] = line.sliced(start, i - start);
                ++field;
                start = i + 1;
            }
        }
        Airport airport { QString::fromLatin1(fields[0]), fields[1].toByteArray(), QString::fromUtf8(fields[2]),
            QString::fromUtf8(fields[3]), QString::fromUtf8(fields[4]) };
        if (field != 5 || !isValidCode(airport.iata) || airport.timeZoneId.isEmpty()) {
            return fail(u"airport_table_format"_s,
                QCoreApplication::translate("deskpay::AirportTable",
                    "Line %1 of the airport table is not \"IATA, time zone, name, "
                    "city, country\" separated by tabs.")
                    .arg(lineNo));
        }
        data->airports.append(std::move(airport));
    }

    if (data->airports.isEmpty())
        return fail(u"airport_table_empty"_s,
            QCoreApplication::translate("deskpay::AirportTable", "The airport table has no airports."));

    std::sort(data->airports.begin(), data->airports.end(),
        [](const Airport &a, const Airport &b) { return a.iata < b.iata; });
    const auto duplicate = std::adjacent_find(data->airports.cbegin(), data->airports.cend(),
        [](const Airport &a, const Airport &b) { return a.iata == b.iata; });
    if (duplicate != data->airports.cend()) {
        return fail(u"airport_table_duplicate"_s,
            QCoreApplication::translate("deskpay::AirportTable", "Airport %1 appears twice in the table.")
                .arg(duplicate->iata));
    }

    qCDebug(lcModels) << "airport table:" << data->airports.size() << "airports in" << timer.elapsed() << "ms";
    return AirportTable(std::shared_ptr<const Data>(std::move(data)));
}

qsizetype AirportTable::size() const
{
    return m_data->airports.size();
}

const QList<Airport> &AirportTable::airports() const
{
    return m_data->airports;
}

const Airport *AirportTable::find(QStringView iata) const
{
    const QList<Airport> &all = m_data->airports;
    const auto it = std::lower_bound(
        all.cbegin(), all.cend(), iata, [](const Airport &a, QStringView code) { return QStringView(a.iata) < code; });
    if (it == all.cend() || it->iata != iata)
        return nullptr;
    return &*it;
}

QTimeZone AirportTable::timeZone(QStringView iata) const
{
    const Airport *airport = find(iata);
    if (!airport)
        return {};
    // Building a QTimeZone parses a tzfile; ~400 distinct zones serve ~8400 airports.
    QMutexLocker lock(&m_data->zoneMutex);
    auto it = m_data->zones.constFind(airport->timeZoneId);
    if (it == m_data->zones.cend())
        it = m_data->zones.insert(airport->timeZoneId, QTimeZone(airport->timeZoneId));
    return *it;
}

QList<Airport> AirportTable::search(QStringView prefix, qsizetype limit) const
{
    QList<Airport> out;
    const QString key = fold(prefix.trimmed());
    if (key.isEmpty() || limit <= 0)
        return out;
    const QString upperKey = key.toUpper();

    // Rank 0: exact code, 1: code prefix, 2: city prefix, 3: a word of the name.
    struct Hit
    {
        int rank;
        qsizetype index;
    };
    QList<Hit> hits;
    m_data->ensureFolded();
    const QList<Airport> &all = m_data->airports;
    for (qsizetype i = 0; i < all.size(); ++i) {
        const Airport &a = all[i];
        int rank = -1;
        if (a.iata == upperKey)
            rank = 0;
        else if (a.iata.startsWith(upperKey))
            rank = 1;
        else if (m_data->foldedCity[i].startsWith(key))
            rank = 2;
        else {
            const QString &name = m_data->foldedName[i];
            for (qsizetype at = name.indexOf(key); at >= 0; at = name.indexOf(key, at + 1)) {
                if (at == 0 || !name[at - 1].isLetterOrNumber()) {
                    rank = 3;
                    break;
                }
            }
        }
        if (rank >= 0)
            hits.append(Hit { rank, i });
    }
    // Stable on index keeps ties in code order.
    std::stable_sort(hits.begin(), hits.end(), [](const Hit &a, const Hit &b) { return a.rank < b.rank; });
    for (qsizetype i = 0; i < hits.size() && i < limit; ++i)
        out.append(all[hits[i].index]);
    return out;
}

} // namespace deskpay
