#include "document/recovery_file.h"

#include "document/workspace_document.h"
#include "util/json_file.h"
#include "util/logging.h"

#include <QCoreApplication>
#include <QDir>
#include <QJsonDocument>
#include <QSaveFile>
#include <QStandardPaths>
#include <algorithm>
#include <cerrno>
#include <signal.h>

namespace ts::ui {
namespace {

QString ownFile() {
    return QDir(recoveryDir())
        .filePath(QString::number(QCoreApplication::applicationPid()) + QStringLiteral(".json"));
}

bool processRuns(qint64 pid) {
    return pid > 0 && (::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM);
}

} // namespace

QString recoveryDir() {
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
        .filePath(QStringLiteral("recovery"));
}

Result<bool> updateRecovery(const WorkspaceDocument& doc) {
    if (!doc.isModified()) {
        removeRecovery();
        return true;
    }
    QDir().mkpath(recoveryDir());
    const QJsonObject o{{QStringLiteral("path"), doc.path()},
                        {QStringLiteral("name"), doc.displayName()},
                        {QStringLiteral("saved_at"), QDateTime::currentDateTimeUtc().toString(Qt::ISODate)},
                        {QStringLiteral("workspace"), doc.toJson()}};
    QSaveFile f(ownFile());
    const QByteArray bytes = QJsonDocument(o).toJson(QJsonDocument::Compact);
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size() || !f.commit())
        return Error::internal(
            QObject::tr("cannot write the recovery file %1: %2").arg(ownFile(), f.errorString()));
    return true;
}

void removeRecovery() {
    QFile::remove(ownFile());
}

std::vector<Recovery> orphanedRecoveries(const QString& defaultCache) {
    std::vector<Recovery> found;
    const QDir dir(recoveryDir());
    for (const QFileInfo& fi : dir.entryInfoList({QStringLiteral("*.json")}, QDir::Files)) {
        bool ok = false;
        const qint64 pid = fi.completeBaseName().toLongLong(&ok);
        if (!ok || pid == QCoreApplication::applicationPid() || processRuns(pid)) continue;
        auto json = readJsonObjectFile(fi.absoluteFilePath(), QObject::tr("a recovery file"));
        if (!json) {
            logger("ui.document")->warn("{}", json.error().message.toStdString());
            continue;
        }
        Recovery r;
        r.file = fi.absoluteFilePath();
        r.path = json->value(QStringLiteral("path")).toString();
        r.name = json->value(QStringLiteral("name")).toString();
        r.savedAt = QDateTime::fromString(json->value(QStringLiteral("saved_at")).toString(), Qt::ISODate);
        const QString base = r.path.isEmpty() ? dir.absolutePath() : QFileInfo(r.path).absolutePath();
        auto requests =
            parseReportConfig(json->value(QStringLiteral("workspace")).toObject(), base, defaultCache);
        if (!requests) {
            logger("ui.document")
                ->warn("{}: {}", r.file.toStdString(), requests.error().message.toStdString());
            continue;
        }
        r.request = requests->front();
        found.push_back(std::move(r));
    }
    std::sort(found.begin(), found.end(),
              [](const Recovery& a, const Recovery& b) { return a.savedAt > b.savedAt; });
    return found;
}

void discardRecovery(const Recovery& r) {
    QFile::remove(r.file);
}

} // namespace ts::ui
