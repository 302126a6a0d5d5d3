#include "json_schema.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <cmath>

namespace ts::server {

namespace {

QString typeOf(const QJsonValue& v) {
    switch (v.type()) {
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return QStringLiteral("a boolean");
    case QJsonValue::Double:
        return QStringLiteral("a number");
    case QJsonValue::String:
        return QStringLiteral("a string");
    case QJsonValue::Array:
        return QStringLiteral("a list");
    case QJsonValue::Object:
        return QStringLiteral("an object");
    default:
        return QStringLiteral("nothing");
    }
}

bool hasType(const QJsonValue& v, const QString& t) {
    if (t == QLatin1String("object")) return v.isObject();
    if (t == QLatin1String("array")) return v.isArray();
    if (t == QLatin1String("string")) return v.isString();
    if (t == QLatin1String("boolean")) return v.isBool();
    if (t == QLatin1String("null")) return v.isNull();
    if (t == QLatin1String("number")) return v.isDouble() && std::isfinite(v.toDouble());
    if (t == QLatin1String("integer")) {
        const double d = v.toDouble();
        return v.isDouble() && std::isfinite(d) && std::floor(d) == d;
    }
    return false;
}

// A key is named when it looks like a word (a typo worth showing), never when it could be a path.
QString quotedKey(const QString& key) {
    static const QRegularExpression word(QStringLiteral("^[A-Za-z0-9_^=.-]{1,40}$"));
    if (!word.match(key).hasMatch() || key.contains(QLatin1String(".."))) return QStringLiteral("(not shown)");
    return QLatin1Char('"') + key + QLatin1Char('"');
}

QString join(const QString& path, const QString& key) {
    return path.isEmpty() ? key : path + QLatin1Char('.') + key;
}

struct Checker {
    const QJsonObject& root;

    QJsonObject resolve(const QJsonObject& s) const {
        const QString ref = s.value(QStringLiteral("$ref")).toString();
        if (!ref.startsWith(QLatin1String("#/$defs/"))) return s;
        return root.value(QStringLiteral("$defs")).toObject().value(ref.mid(8)).toObject();
    }

    std::optional<QString> check(const QJsonValue& v, const QJsonObject& schemaIn, const QString& path) const {
        const QJsonObject s = resolve(schemaIn);
        const QString where = path.isEmpty() ? QStringLiteral("the request") : path;
        if (s.contains(QStringLiteral("type"))) {
            const QString t = s.value(QStringLiteral("type")).toString();
            if (!hasType(v, t)) {
                const QString want = t == QLatin1String("object")    ? QStringLiteral("an object")
                                     : t == QLatin1String("array")   ? QStringLiteral("a list")
                                     : t == QLatin1String("boolean") ? QStringLiteral("true or false")
                                     : t == QLatin1String("integer") ? QStringLiteral("a whole number")
                                     : t == QLatin1String("number")  ? QStringLiteral("a finite number")
                                                                     : QStringLiteral("a string");
                return QStringLiteral("%1: expected %2, got %3").arg(where, want, typeOf(v));
            }
        }
        if (s.contains(QStringLiteral("enum"))) {
            const QJsonArray e = s.value(QStringLiteral("enum")).toArray();
            if (!e.contains(v)) {
                QStringList names;
                for (const QJsonValue& x : e)
                    names << x.toVariant().toString();
                return QStringLiteral("%1: must be one of %2").arg(where, names.join(QStringLiteral(", ")));
            }
        }
        if (v.isDouble()) {
            const double d = v.toDouble();
            if (s.contains(QStringLiteral("minimum")) && d < s.value(QStringLiteral("minimum")).toDouble())
                return QStringLiteral("%1: must be at least %2").arg(where).arg(s.value(QStringLiteral("minimum")).toDouble());
            if (s.contains(QStringLiteral("exclusiveMinimum")) &&
                d <= s.value(QStringLiteral("exclusiveMinimum")).toDouble())
                return QStringLiteral("%1: must be more than %2")
                    .arg(where)
                    .arg(s.value(QStringLiteral("exclusiveMinimum")).toDouble());
            if (s.contains(QStringLiteral("maximum")) && d > s.value(QStringLiteral("maximum")).toDouble())
                return QStringLiteral("%1: must be at most %2").arg(where).arg(s.value(QStringLiteral("maximum")).toDouble());
        }
        if (v.isString()) {
            const QString str = v.toString();
            if (s.contains(QStringLiteral("minLength")) && str.size() < s.value(QStringLiteral("minLength")).toInt())
                return QStringLiteral("%1: must not be empty").arg(where);
            if (s.contains(QStringLiteral("maxLength")) &&
                str.size() > s.value(QStringLiteral("maxLength")).toDouble())
                return QStringLiteral("%1: longer than %2 characters")
                    .arg(where)
                    .arg(s.value(QStringLiteral("maxLength")).toDouble());
            if (s.contains(QStringLiteral("pattern"))) {
                const QRegularExpression re(s.value(QStringLiteral("pattern")).toString());
                // The value is not echoed: it may be a path or anything else a client tried.
                if (!re.match(str).hasMatch())
                    return QStringLiteral("%1: not %2").arg(
                        where, s.value(QStringLiteral("description")).toString(QStringLiteral("allowed here")));
            }
        }
        if (v.isArray()) {
            const QJsonArray a = v.toArray();
            if (s.contains(QStringLiteral("minItems")) && a.size() < s.value(QStringLiteral("minItems")).toInt())
                return QStringLiteral("%1: needs at least %2 entries").arg(where).arg(s.value(QStringLiteral("minItems")).toInt());
            if (s.contains(QStringLiteral("maxItems")) && a.size() > s.value(QStringLiteral("maxItems")).toInt())
                return QStringLiteral("%1: at most %2 entries").arg(where).arg(s.value(QStringLiteral("maxItems")).toInt());
            if (s.contains(QStringLiteral("items")))
                for (qsizetype i = 0; i < a.size(); ++i)
                    if (auto e = check(a[i], s.value(QStringLiteral("items")).toObject(),
                                       QStringLiteral("%1[%2]").arg(path).arg(i)))
                        return e;
        }
        if (v.isObject()) {
            const QJsonObject o = v.toObject();
            const QJsonObject props = s.value(QStringLiteral("properties")).toObject();
            if (s.contains(QStringLiteral("maxProperties")) && o.size() > s.value(QStringLiteral("maxProperties")).toInt())
                return QStringLiteral("%1: at most %2 entries").arg(where).arg(s.value(QStringLiteral("maxProperties")).toInt());
            if (s.contains(QStringLiteral("minProperties")) && o.size() < s.value(QStringLiteral("minProperties")).toInt())
                return QStringLiteral("%1: needs at least %2 entries").arg(where).arg(s.value(QStringLiteral("minProperties")).toInt());
            for (const QJsonValue& r : s.value(QStringLiteral("required")).toArray())
                if (!o.contains(r.toString()))
                    return QStringLiteral("%1: \"%2\" is required").arg(where, r.toString());
            const QJsonValue extra = s.value(QStringLiteral("additionalProperties"));
            for (auto it = o.begin(); it != o.end(); ++it) {
                const QString key = it.key();
                if (s.contains(QStringLiteral("propertyNames")))
                    if (auto e = check(QJsonValue(key), s.value(QStringLiteral("propertyNames")).toObject(),
                                       QStringLiteral("a key of %1").arg(where)))
                        return e;
                if (props.contains(key)) {
                    if (auto e = check(it.value(), props.value(key).toObject(), join(path, key))) return e;
                } else if (extra.isBool() && !extra.toBool()) {
                    QStringList known = props.keys();
                    return QStringLiteral("%1: unknown key %2 (known: %3)")
                        .arg(where, quotedKey(key), known.join(QStringLiteral(", ")));
                } else if (extra.isObject()) {
                    if (auto e = check(it.value(), extra.toObject(), join(path, quotedKey(key).remove(QLatin1Char('"'))))) return e;
                }
            }
        }
        if (s.contains(QStringLiteral("not")) && !check(v, s.value(QStringLiteral("not")).toObject(), path))
            return QStringLiteral("%1: %2").arg(where, s.value(QStringLiteral("x-message")).toString(QStringLiteral("is not allowed")));
        if (s.contains(QStringLiteral("oneOf"))) {
            int matched = 0;
            QStringList options;
            for (const QJsonValue& alt : s.value(QStringLiteral("oneOf")).toArray()) {
                if (!check(v, alt.toObject(), path)) ++matched;
                options << alt.toObject().value(QStringLiteral("description")).toString();
            }
            if (matched != 1)
                return QStringLiteral("%1: %2").arg(
                    where, s.value(QStringLiteral("x-oneOf-message"))
                               .toString(QStringLiteral("must be exactly one of: ") + options.join(QStringLiteral("; "))));
        }
        return std::nullopt;
    }

    QJsonValue walk(const QJsonValue& v, const QJsonObject& schemaIn, const QString& path, const QString& ref,
                    const std::function<QJsonValue(const QString&, const QJsonValue&)>& map) const {
        if (schemaIn.value(QStringLiteral("$ref")).toString() == ref) return map(path, v);
        const QJsonObject s = resolve(schemaIn);
        if (v.isArray() && s.contains(QStringLiteral("items"))) {
            QJsonArray a = v.toArray();
            for (qsizetype i = 0; i < a.size(); ++i)
                a[i] = walk(a[i], s.value(QStringLiteral("items")).toObject(), QStringLiteral("%1[%2]").arg(path).arg(i),
                            ref, map);
            return a;
        }
        if (v.isObject()) {
            QJsonObject o = v.toObject();
            const QJsonObject props = s.value(QStringLiteral("properties")).toObject();
            for (auto it = o.begin(); it != o.end(); ++it)
                if (props.contains(it.key()))
                    *it = walk(it.value(), props.value(it.key()).toObject(), join(path, it.key()), ref, map);
            return o;
        }
        return v;
    }
};

} // namespace

std::optional<QString> validateJson(const QJsonValue& value, const QJsonObject& schema) {
    return Checker{schema}.check(value, schema, QString());
}

QJsonValue mapRefs(const QJsonValue& value, const QJsonObject& schema, const QString& ref,
                   const std::function<QJsonValue(const QString&, const QJsonValue&)>& map) {
    return Checker{schema}.walk(value, schema, QString(), ref, map);
}

} // namespace ts::server
