#pragma once

#include "command.h"

namespace ts::cli {

class DownloadCommand : public Command {
public:
    QString name() const override { return QStringLiteral("download"); }
    QString summary() const override {
        return QStringLiteral("Download daily prices into the cache (providers, failover, incremental)");
    }
    int run(const QStringList& args) override;
};

} // namespace ts::cli
