#include "config_command.h"

#include "market_options.h"

#include <QJsonDocument>

namespace ts::cli {

int ConfigCommand::run(const QStringList& args) {
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral(
        "Settings in force, after the config file and the environment (TEARSHEET_CONFIG, TEARSHEET_CACHE,\n"
        "TEARSHEET_PROVIDERS, TEARSHEET_<PROVIDER>_BASE_URL, TEARSHEET_<PROVIDER>_API_KEY). API keys are "
        "masked.\n\n"
        "  show    the settings as JSON\n"
        "  path    where the config file is read from"));
    p.addHelpOption();
    p.addPositionalArgument(QStringLiteral("action"), QStringLiteral("show|path"));
    MarketOptions mo;
    mo.addTo(p);
    bool done = false;
    if (const int rc = parseCommandLine(p, name(), args, done); done) return rc;
    const QString action = p.positionalArguments().value(0, QStringLiteral("show"));
    if (p.positionalArguments().size() > 1 ||
        (action != QLatin1String("show") && action != QLatin1String("path"))) {
        err(QStringLiteral("tearsheet-cli config: the action is show or path\n"));
        return BadInput;
    }
    int rc = Ok;
    auto settings = mo.settings(p, name(), rc);
    if (!settings) return rc;
    if (action == QLatin1String("path")) {
        out((settings->sourceFile.isEmpty() ? Settings::defaultConfigPath() + QStringLiteral(" (absent)")
                                            : settings->sourceFile) +
            QLatin1Char('\n'));
        return Ok;
    }
    out(QString::fromUtf8(
        QJsonDocument(settings->toJson(/*maskKeys=*/true)).toJson(QJsonDocument::Indented)));
    return Ok;
}

} // namespace ts::cli
