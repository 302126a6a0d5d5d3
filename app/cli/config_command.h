#pragma once

#include "command.h"

namespace ts::cli {

class ConfigCommand : public Command {
public:
    QString name() const override { return QStringLiteral("config"); }
    QString summary() const override { return QStringLiteral("Show the settings in force (keys masked)"); }
    int run(const QStringList& args) override;
};

} // namespace ts::cli
