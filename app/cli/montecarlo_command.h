#pragma once

#include "command.h"

namespace ts::cli {

class MonteCarloCommand : public Command {
public:
    QString name() const override { return QStringLiteral("montecarlo"); }
    QString summary() const override {
        return QStringLiteral("Monte Carlo of a returns CSV: shuffle, bootstrap or block bootstrap");
    }
    int run(const QStringList& args) override;
};

} // namespace ts::cli
