#include "command.h"

#include "cache_command.h"
#include "config_command.h"
#include "download_command.h"
#include "fundamentals_command.h"
#include "metrics_command.h"
#include "providers_command.h"
#include "serve_command.h"
#ifdef TEARSHEET_HAS_REPORT
#include "report_command.h"
#include "schedule_command.h"
#endif

#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QSaveFile>
#include <cstdio>

namespace ts::cli {

std::vector<std::unique_ptr<Command>> allCommands() {
    std::vector<std::unique_ptr<Command>> v;
    v.push_back(std::make_unique<MetricsCommand>());
    v.push_back(std::make_unique<DownloadCommand>());
    v.push_back(std::make_unique<CacheCommand>());
    v.push_back(std::make_unique<ProvidersCommand>());
    v.push_back(std::make_unique<ConfigCommand>());
    v.push_back(std::make_unique<FundamentalsCommand>());
#ifdef TEARSHEET_HAS_REPORT // the renderers need the GUI modules (a TEARSHEET_BUILD_GUI=OFF build has no
                            // report)
    v.push_back(std::make_unique<ReportCommand>());
    v.push_back(std::make_unique<ScheduleCommand>());
#endif
    v.push_back(std::make_unique<ServeCommand>());
    return v;
}

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

} // namespace ts::cli
