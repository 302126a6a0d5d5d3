#pragma once

#include "command.h"

namespace ts::cli {

class MetricsCommand : public Command {
public:
    QString name() const override { return QStringLiteral("metrics"); }
    QString summary() const override {
        return QStringLiteral("Full QuantStats metrics table of a returns or prices CSV");
    }
    int run(const QStringList& args) override;
};

} // namespace ts::cli
