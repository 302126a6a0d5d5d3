#include "fuzz_check.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <spdlog/spdlog.h>

// Before the first input: the core's logging off (millions of runs would print notes), and
// numbers formatted as they are in production (C locale).
extern "C" int LLVMFuzzerInitialize(int*, char***) {
    spdlog::set_level(spdlog::level::off);
    return 0;
}

namespace fuzz {

QString scratchFile(const char* name) {
    const QString base =
        QDir(QStringLiteral("/dev/shm")).exists() ? QStringLiteral("/dev/shm") : QDir::tempPath();
    return QStringLiteral("%1/tearsheet-fuzz-%2-%3")
        .arg(base)
        .arg(QCoreApplication::applicationPid())
        .arg(QLatin1String(name));
}

bool writeScratch(const QString& path, const QByteArray& content) {
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(content) == content.size();
}

} // namespace fuzz
