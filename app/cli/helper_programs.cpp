#include "helper_programs.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QFileInfo>
#include <cerrno>
#include <cstring>
#include <unistd.h>
#include <vector>

namespace ts::cli {

Result<QString> helperProgram(const char* name) {
    const QString dir = QCoreApplication::applicationDirPath();
    for (const QString& path : {dir + QLatin1Char('/') + QLatin1String(name),
                                dir + QStringLiteral("/../libexec/tearsheet/") + QLatin1String(name)}) {
        const QFileInfo f(path);
        if (f.isFile() && f.isExecutable()) return f.canonicalFilePath();
    }
    return Error::internal(
        QStringLiteral("%1 is not installed beside tearsheet-cli (nor in ../libexec/tearsheet/)")
            .arg(QLatin1String(name)));
}

int HandOffCommand::run(const QStringList& args) {
    const auto found = helperProgram(m_program);
    if (!found) {
        err(QStringLiteral("tearsheet-cli %1: %2\n").arg(m_name, found.error().message));
        return Internal;
    }
    const QString& program = *found;
    std::vector<QByteArray> bytes{program.toLocal8Bit(), m_name.toLocal8Bit()};
    for (const QString& a : args)
        bytes.push_back(a.toLocal8Bit());
    std::vector<char*> argv;
    for (auto& b : bytes)
        argv.push_back(b.data());
    argv.push_back(nullptr);
    ::execv(argv[0], argv.data());
    err(QStringLiteral("tearsheet-cli %1: cannot start %2: %3\n")
            .arg(m_name, program, QString::fromLocal8Bit(std::strerror(errno))));
    return Internal;
}

} // namespace ts::cli
