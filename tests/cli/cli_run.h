#pragma once
// Runs the real tearsheet-cli once and keeps its exit code and both streams, for CLI-level tests.

#include <QProcess>
#include <QString>
#include <QStringList>

namespace {

struct Run {
    int code = -1;
    QString out, err;
};

Run cli(const QStringList& args) {
    QProcess p;
    p.start(QStringLiteral(TEARSHEET_CLI), args);
    if (!p.waitForFinished(120000)) qFatal("tearsheet-cli did not finish");
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
            QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError())};
}

} // namespace
