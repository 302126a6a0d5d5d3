#pragma once

#include "command.h"

namespace ts::cli {

class ServeCommand : public Command {
public:
    QString name() const override { return QStringLiteral("serve"); }
    QString summary() const override {
        return QStringLiteral("HTTP API: reports on request, downloads, health and metrics");
    }
    int run(const QStringList& args) override;
};

} // namespace ts::cli
