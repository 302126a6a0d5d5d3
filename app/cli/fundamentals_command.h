#pragma once

#include "command.h"

namespace ts::cli {

class FundamentalsCommand : public Command {
public:
    QString name() const override { return QStringLiteral("fundamentals"); }
    QString summary() const override {
        return QStringLiteral("Statements and ratios: download for a universe, show, screen");
    }
    int run(const QStringList& args) override;

private:
    int download(const QStringList& args);
    int show(const QStringList& args);
    int screen(const QStringList& args);
};

} // namespace ts::cli
