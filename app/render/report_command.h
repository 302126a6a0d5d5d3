#pragma once

#include "command.h"

namespace ts::cli {

class ReportCommand : public Command {
public:
    QString name() const override { return QStringLiteral("report"); }
    QString summary() const override {
        return QStringLiteral("Tearsheet report as HTML, PDF, JSON, or one chart as PNG/SVG");
    }
    int run(const QStringList& args) override;
};

} // namespace ts::cli
