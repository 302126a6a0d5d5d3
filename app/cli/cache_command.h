#pragma once

#include "command.h"

namespace ts::cli {

class CacheCommand : public Command {
public:
    QString name() const override { return QStringLiteral("cache"); }
    QString summary() const override {
        return QStringLiteral(
            "Inspect and maintain the price cache (stats, list, show, export, verify, vacuum, remove)");
    }
    int run(const QStringList& args) override;
};

} // namespace ts::cli
