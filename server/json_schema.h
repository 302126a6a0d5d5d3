#pragma once
// A small JSON Schema (2020-12 subset) checker for request bodies: type, enum, const, properties,
// additionalProperties, required, propertyNames, min/maxProperties, items, min/maxItems, minimum,
// maximum, exclusiveMinimum, minLength, maxLength, pattern, not, oneOf and local $ref. The schema is
// the single description of what a request may hold; the server publishes it as is.

#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <functional>
#include <optional>

namespace ts::server {

// The first violation as "path: problem" (path like reports[0].strategies[1].rebalance), else
// nullopt. Values are never quoted in the problem beyond a short excerpt.
std::optional<QString> validateJson(const QJsonValue& value, const QJsonObject& schema);

// A copy of `value` in which every value the schema types with {"$ref": ref} is replaced by
// `map(path, value)`; run after validation, so the walk follows the same properties and items.
QJsonValue mapRefs(const QJsonValue& value, const QJsonObject& schema, const QString& ref,
                   const std::function<QJsonValue(const QString& path, const QJsonValue& v)>& map);

} // namespace ts::server
