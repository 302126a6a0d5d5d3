#include "report_request_schema.h"

#include "data/csv_reader.h"
#include "json_schema.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QRegularExpression>
#include <cmath>

namespace ts::server {

namespace {

const QString kSeriesRef = QStringLiteral("#/$defs/series");

QJsonObject symbolSchema() {
    return {{QStringLiteral("type"), QStringLiteral("string")},
            {QStringLiteral("pattern"), QStringLiteral("^[A-Za-z0-9^=_-][A-Za-z0-9.^=_:-]{0,31}$")},
            {QStringLiteral("description"),
             QStringLiteral("a cached ticker (letters, digits and . ^ = _ : -, at most 32)")}};
}

QJsonObject refuseFile() {
    return {{QStringLiteral("not"), QJsonObject{}},
            {QStringLiteral("x-message"),
             QStringLiteral("names a file, which the server never reads; send the data inline as \"csv\", "
                            "or use \"symbol\" or \"portfolio\"")}};
}

QJsonObject reportProperties(const ReportLimits& l) {
    const QJsonObject number{{QStringLiteral("type"), QStringLiteral("number")}};
    QJsonObject rf = number, periods = number;
    rf.insert(QStringLiteral("minimum"), -0.99);
    rf.insert(QStringLiteral("maximum"), 0.99);
    periods.insert(QStringLiteral("minimum"), 1);
    periods.insert(QStringLiteral("maximum"), 366);
    // A risk-free series by symbol only (annual yields in percent from the cache, like ^IRX): the
    // server never opens a file a request names.
    QJsonObject rfSeries = symbolSchema();
    rfSeries.insert(QStringLiteral("description"),
                    QStringLiteral("a cached symbol of annual yields in percent (^IRX), instead of rf"));
    const QJsonObject date{{QStringLiteral("type"), QStringLiteral("string")},
                           {QStringLiteral("pattern"), QStringLiteral("^[0-9]{4}-[0-9]{2}-[0-9]{2}$")},
                           {QStringLiteral("description"), QStringLiteral("a date YYYY-MM-DD")}};
    return {
        {QStringLiteral("name"),
         QJsonObject{{QStringLiteral("type"), QStringLiteral("string")},
                     {QStringLiteral("maxLength"), 100},
                     {QStringLiteral("pattern"), QStringLiteral("^[^\\x{0}-\\x{1f}/\\\\]*$")},
                     {QStringLiteral("description"), QStringLiteral("a name without control characters or slashes")}}},
        {QStringLiteral("title"), QJsonObject{{QStringLiteral("type"), QStringLiteral("string")},
                                              {QStringLiteral("maxLength"), 200}}},
        {QStringLiteral("strategies"), QJsonObject{{QStringLiteral("type"), QStringLiteral("array")},
                                                   {QStringLiteral("minItems"), 1},
                                                   {QStringLiteral("maxItems"), l.maxStrategies},
                                                   {QStringLiteral("items"), QJsonObject{{QStringLiteral("$ref"), kSeriesRef}}}}},
        {QStringLiteral("benchmark"), QJsonObject{{QStringLiteral("$ref"), kSeriesRef}}},
        {QStringLiteral("rf"), rf},
        {QStringLiteral("rf_series"), rfSeries},
        {QStringLiteral("periods"), periods},
        {QStringLiteral("compounded"), QJsonObject{{QStringLiteral("type"), QStringLiteral("boolean")}}},
        {QStringLiteral("convention"),
         QJsonObject{{QStringLiteral("enum"), QJsonArray{QStringLiteral("standard"), QStringLiteral("quantstats")}},
                     {QStringLiteral("description"),
                      QStringLiteral("standard (textbook definitions, the default) or quantstats (QuantStats 0.0.81 exactly)")}}},
        {QStringLiteral("montecarlo"),
         QJsonObject{{QStringLiteral("type"), QStringLiteral("object")},
                     {QStringLiteral("required"), QJsonArray{QStringLiteral("sims")}},
                     {QStringLiteral("additionalProperties"), false},
                     {QStringLiteral("properties"),
                      QJsonObject{{QStringLiteral("sims"), QJsonObject{{QStringLiteral("type"), QStringLiteral("integer")},
                                                                       {QStringLiteral("minimum"), 1},
                                                                       {QStringLiteral("maximum"), l.maxMonteCarloSims}}},
                                  {QStringLiteral("method"),
                                   QJsonObject{{QStringLiteral("enum"), QJsonArray{QStringLiteral("block"), QStringLiteral("bootstrap"), QStringLiteral("shuffle")}}}}}},
                     {QStringLiteral("description"), QStringLiteral("a Monte Carlo section: simulations (seed 42) and method")}}},
        {QStringLiteral("start"), date},
        {QStringLiteral("end"), date},
        {QStringLiteral("formats"),
         QJsonObject{{QStringLiteral("type"), QStringLiteral("array")},
                     {QStringLiteral("maxItems"), 3},
                     {QStringLiteral("items"), QJsonObject{{QStringLiteral("enum"), QJsonArray{QStringLiteral("html"), QStringLiteral("pdf"), QStringLiteral("json")}}}},
                     {QStringLiteral("description"), QStringLiteral("ignored: the format comes from ?format=")}}},
        {QStringLiteral("cache"), QJsonObject{{QStringLiteral("not"), QJsonObject{}},
                                              {QStringLiteral("x-message"), QStringLiteral("the cache cannot be chosen by a request")}}},
    };
}

QJsonObject seriesSchema(const ReportLimits& l) {
    QJsonObject portfolio{{QStringLiteral("type"), QStringLiteral("object")},
                          {QStringLiteral("minProperties"), 1},
                          {QStringLiteral("maxProperties"), l.maxSymbols},
                          {QStringLiteral("propertyNames"), symbolSchema()},
                          {QStringLiteral("additionalProperties"),
                           QJsonObject{{QStringLiteral("type"), QStringLiteral("number")},
                                       {QStringLiteral("minimum"), 0},
                                       {QStringLiteral("maximum"), 1e6}}},
                          {QStringLiteral("description"), QStringLiteral("{ticker: weight}, weights >= 0")}};
    QJsonObject props{
        {QStringLiteral("name"), reportProperties(l).value(QStringLiteral("name"))},
        {QStringLiteral("color"), QJsonObject{{QStringLiteral("type"), QStringLiteral("string")},
                                              {QStringLiteral("pattern"), QStringLiteral("^#[0-9A-Fa-f]{6}$")},
                                              {QStringLiteral("description"), QStringLiteral("a colour #RRGGBB")}}},
        {QStringLiteral("symbol"), symbolSchema()},
        {QStringLiteral("portfolio"), portfolio},
        {QStringLiteral("rebalance"),
         QJsonObject{{QStringLiteral("type"), QStringLiteral("string")},
                     {QStringLiteral("pattern"),
                      QStringLiteral("^(none|buy-and-hold|daily|weekly|monthly|quarterly|yearly|annually|(band:)?[0-9]*\\.?[0-9]+%?)$")},
                     {QStringLiteral("description"),
                      QStringLiteral("none, daily, weekly, monthly, quarterly, yearly or a drift band like 5%")}}},
        {QStringLiteral("cost_bps"), QJsonObject{{QStringLiteral("type"), QStringLiteral("number")},
                                                 {QStringLiteral("minimum"), 0},
                                                 {QStringLiteral("maximum"), 10000}}},
        {QStringLiteral("normalize"), QJsonObject{{QStringLiteral("type"), QStringLiteral("boolean")}}},
        {QStringLiteral("csv"), QJsonObject{{QStringLiteral("type"), QStringLiteral("string")},
                                            {QStringLiteral("minLength"), 1},
                                            {QStringLiteral("description"),
                                             QStringLiteral("the text of a CSV file: a date column and one value column")}}},
        {QStringLiteral("values"), QJsonObject{{QStringLiteral("enum"), QJsonArray{QStringLiteral("returns"), QStringLiteral("prices")}}}},
        {QStringLiteral("returns"), refuseFile()},
        {QStringLiteral("prices"), refuseFile()},
    };
    auto one = [](const char* key, const char* what) {
        return QJsonObject{{QStringLiteral("required"), QJsonArray{QLatin1String(key)}},
                           {QStringLiteral("description"), QLatin1String(what)}};
    };
    return {{QStringLiteral("type"), QStringLiteral("object")},
            {QStringLiteral("additionalProperties"), false},
            {QStringLiteral("properties"), props},
            {QStringLiteral("oneOf"), QJsonArray{one("symbol", "symbol"), one("portfolio", "portfolio"), one("csv", "csv")}},
            {QStringLiteral("x-oneOf-message"),
             QStringLiteral("a series is exactly one of \"symbol\" (a cached ticker), \"portfolio\" ({ticker: weight}) "
                            "or \"csv\" (inline text)")}};
}

// "strategies[1]" → "strategy 2"; "...benchmark" → "benchmark".
QString positionName(const QString& path) {
    static const QRegularExpression re(QStringLiteral("strategies\\[(\\d+)\\]$"));
    const auto m = re.match(path);
    if (m.hasMatch()) return QStringLiteral("strategy %1").arg(m.captured(1).toInt() + 1);
    return QStringLiteral("benchmark");
}

} // namespace

QJsonObject reportRequestSchema(const ReportLimits& l) {
    QJsonObject report{{QStringLiteral("type"), QStringLiteral("object")},
                       {QStringLiteral("additionalProperties"), false},
                       {QStringLiteral("required"), QJsonArray{QStringLiteral("strategies")}},
                       {QStringLiteral("properties"), reportProperties(l)}};
    QJsonObject defaultsProps = reportProperties(l);
    defaultsProps.remove(QStringLiteral("strategies"));
    defaultsProps.remove(QStringLiteral("name"));
    const QJsonObject defaults{{QStringLiteral("type"), QStringLiteral("object")},
                               {QStringLiteral("additionalProperties"), false},
                               {QStringLiteral("properties"), defaultsProps}};
    QJsonObject top = reportProperties(l);
    top.insert(QStringLiteral("defaults"), QJsonObject{{QStringLiteral("$ref"), QStringLiteral("#/$defs/defaults")}});
    top.insert(QStringLiteral("reports"), QJsonObject{{QStringLiteral("type"), QStringLiteral("array")},
                                                      {QStringLiteral("minItems"), 1},
                                                      {QStringLiteral("maxItems"), 1},
                                                      {QStringLiteral("items"), QJsonObject{{QStringLiteral("$ref"), QStringLiteral("#/$defs/report")}}},
                                                      {QStringLiteral("description"), QStringLiteral("exactly one report per request")}});
    top.insert(QStringLiteral("format"), QJsonObject{{QStringLiteral("enum"), QJsonArray{QStringLiteral("html"), QStringLiteral("pdf"), QStringLiteral("json")}}});
    top.insert(QStringLiteral("async"), QJsonObject{{QStringLiteral("type"), QStringLiteral("boolean")}});
    return {{QStringLiteral("$schema"), QStringLiteral("https://json-schema.org/draft/2020-12/schema")},
            {QStringLiteral("title"), QStringLiteral("POST /api/v1/reports")},
            {QStringLiteral("type"), QStringLiteral("object")},
            {QStringLiteral("additionalProperties"), false},
            {QStringLiteral("properties"), top},
            {QStringLiteral("oneOf"), QJsonArray{QJsonObject{{QStringLiteral("required"), QJsonArray{QStringLiteral("reports")}},
                                                             {QStringLiteral("description"), QStringLiteral("reports")}},
                                                 QJsonObject{{QStringLiteral("required"), QJsonArray{QStringLiteral("strategies")}},
                                                             {QStringLiteral("description"), QStringLiteral("strategies")}}}},
            {QStringLiteral("x-oneOf-message"),
             QStringLiteral("send either \"reports\" (a list of one report) or one report with \"strategies\", not both")},
            {QStringLiteral("$defs"), QJsonObject{{QStringLiteral("series"), seriesSchema(l)},
                                                  {QStringLiteral("report"), report},
                                                  {QStringLiteral("defaults"), defaults}}}};
}

Result<SanitisedReport> sanitiseReportRequest(const QJsonObject& body, const ReportLimits& limits,
                                              const QString& folder, QString* limitHit) {
    const QJsonObject schema = reportRequestSchema(limits);
    if (auto why = validateJson(body, schema)) {
        // Name the limit that fired, for the metrics.
        if (limitHit) {
            if (why->contains(QLatin1String("portfolio: at most")))
                *limitHit = QStringLiteral("symbols");
            else if (why->contains(QLatin1String("strategies: at most")))
                *limitHit = QStringLiteral("strategies");
        }
        return Error::badInput(*why);
    }
    // Inline series become files of ours, checked with the same reader the report uses.
    int files = 0;
    std::optional<Error> failed;
    const QJsonValue mapped = mapRefs(body, schema, kSeriesRef, [&](const QString& path, const QJsonValue& v) -> QJsonValue {
        QJsonObject s = v.toObject();
        if (failed || !s.contains(QStringLiteral("csv"))) return s;
        const QString name = s.value(QStringLiteral("name")).toString(positionName(path));
        const QByteArray text = s.value(QStringLiteral("csv")).toString().toUtf8();
        if (text.count('\n') + 1 > limits.maxCsvRows + 2) {
            if (limitHit) *limitHit = QStringLiteral("csv_rows");
            failed = Error::badInput(QStringLiteral("%1: inline CSV of more than %2 rows").arg(path).arg(limits.maxCsvRows));
            return s;
        }
        const QString values = s.value(QStringLiteral("values")).toString(QStringLiteral("returns"));
        auto frame = parseCsv(text, name);
        if (!frame) {
            failed = Error::badInput(QStringLiteral("%1: %2").arg(path, frame.error().message));
            return s;
        }
        if (values == QLatin1String("returns"))
            for (const auto& column : frame->columns)
                for (qsizetype i = 0; i < static_cast<qsizetype>(column.size()); ++i)
                    if (column[i] < -1.0) {
                        failed = Error::badInput(
                            QStringLiteral("%1: %2, row %3: a return of %4 loses more than everything (returns are "
                                           "fractions, at least -1)")
                                .arg(path, name)
                                .arg(i + 1)
                                .arg(column[i]));
                        return s;
                    }
        const QString file = QDir(folder).filePath(QStringLiteral("series-%1.csv").arg(files++));
        QFile f(file);
        if (!f.open(QIODevice::WriteOnly) || f.write(text) != text.size()) {
            failed = Error::internal(QStringLiteral("cannot store the inline series"));
            return s;
        }
        s.remove(QStringLiteral("csv"));
        s.remove(QStringLiteral("values"));
        s.insert(values, file);
        s.insert(QStringLiteral("name"), name);
        return s;
    });
    if (failed) return *failed;
    const QJsonObject o = mapped.toObject();
    SanitisedReport out;
    out.defaults = o.value(QStringLiteral("defaults")).toObject();
    out.defaults.remove(QStringLiteral("formats"));
    if (o.contains(QStringLiteral("reports"))) {
        out.report = o.value(QStringLiteral("reports")).toArray().first().toObject();
    } else {
        out.report = o;
        for (const char* k : {"defaults", "format", "async"})
            out.report.remove(QLatin1String(k));
    }
    out.title = out.report.value(QStringLiteral("title")).toString(
        out.report.value(QStringLiteral("name")).toString(QStringLiteral("report")));
    return out;
}

} // namespace ts::server
