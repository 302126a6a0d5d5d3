#include "command.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QSaveFile>
#include <cstdio>

namespace ts::cli {

void out(const QString& text) {
    const QByteArray b = text.toUtf8();
    std::fwrite(b.constData(), 1, static_cast<std::size_t>(b.size()), stdout);
    std::fflush(stdout);
}

bool writeFileAtomically(const QString& path, const QByteArray& data, QString& error) {
    const QFileInfo info(path);
    if (!info.absoluteDir().exists() && !QDir().mkpath(info.absolutePath())) {
        error = QStringLiteral("%1: cannot create the folder").arg(path);
        return false;
    }
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(data) != data.size() || !f.commit()) {
        error = QStringLiteral("%1: cannot write (%2)").arg(path, f.errorString());
        return false;
    }
    return true;
}

int parseCommandLine(QCommandLineParser& p, const QString& name, const QStringList& args, bool& done) {
    QStringList argv = args;
    argv.prepend(QStringLiteral("tearsheet-cli ") + name);
    done = true;
    if (!p.parse(argv)) {
        err(QStringLiteral("tearsheet-cli %1: %2\nTry 'tearsheet-cli %1 --help'.\n")
                .arg(name, p.errorText()));
        return BadInput;
    }
    if (p.isSet(QStringLiteral("help"))) {
        out(p.helpText());
        return Ok;
    }
    done = false;
    return Ok;
}

void err(const QString& text) {
    const QByteArray b = text.toUtf8();
    std::fwrite(b.constData(), 1, static_cast<std::size_t>(b.size()), stderr);
}

int writeResult(const QString& command, const QString& outPath, const QByteArray& body) {
    if (outPath.isEmpty()) {
        out(QString::fromUtf8(body));
        return Ok;
    }
    QString error;
    if (writeFileAtomically(outPath, body, error)) return Ok;
    err(QStringLiteral("tearsheet-cli %1: %2\n").arg(command, error));
    return Internal;
}

} // namespace ts::cli
