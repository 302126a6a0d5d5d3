#pragma once
// Helpers every provider parser shares: generic status/transport classification, JSON parsing
// with a clear error, body snippets for messages, and date conversions.

#include "providers/provider.h"

#include <QJsonDocument>
#include <QTimeZone>
#include <optional>

namespace ts::providers {

// The first 200 characters of a body, one line, for messages and the fetch log.
QString snippet(const QByteArray& body);

// Errors that do not depend on the provider: transport failures, 429, 5xx, 401/403/404.
// Returns nothing for a 2xx answer; `who` names provider and symbol in messages.
std::optional<FetchError> genericError(const net::HttpResponse& r, const QString& who);

Result<QJsonDocument, FetchError> parseJson(const net::HttpResponse& r, const QString& who);

FetchError makeError(FetchErrorKind kind, const QString& message, long status = 0);

// Trading date of a Unix timestamp in an exchange's zone (falls back to a fixed offset).
QDate tradingDate(qint64 unixSeconds, const QTimeZone& zone);
// Trading date of a timestamp from a response (Unix seconds, a number or a numeric string): nothing
// unless it is a whole number of seconds within years 1-9999 (data/date_validation.h).
std::optional<QDate> tradingDate(const QJsonValue& unixSeconds, const QTimeZone& zone);

// The zone a response names, by IANA id, only when the id is one of the system's available ids
// (looked up before QTimeZone is built: its backend opens /usr/share/zoneinfo/<id>, so an id such
// as "../../etc/passwd" from a remote answer would open that file). Otherwise the fixed UTC offset
// the response gives, or UTC when that is out of range too.
QTimeZone exchangeZone(const QString& ianaId, qint64 utcOffsetSeconds);
bool isAvailableTimeZoneId(const QString& ianaId);
// A zone name from a response kept as a label (stored, shown, never opened): at most 64 letters,
// digits, '/', '_', '+' or '-' ("US/Eastern", "Asia/Calcutta"); anything else becomes empty.
QString zoneLabel(const QString& name);

// Number from a JSON value that may be a number, a numeric string or null (NaN).
double jsonNumber(const QJsonValue& v);

QByteArray urlEncode(const QString& s);
QString isoDate(const QDate& d);

// Sorts bars by date keeping the last of duplicates, drops bars outside the range, sorts events.
void normalise(PriceHistory& h, const FetchRange& range);

// A bar from a JSON object whose fields have the given names (an empty name: not provided).
Bar jsonBar(const QJsonObject& o, QDate date, const char* open, const char* high, const char* low,
            const char* close, const char* adjClose, const char* volume);

} // namespace ts::providers
