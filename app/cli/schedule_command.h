#pragma once

#include "command.h"

namespace ts::cli {

class ScheduleCommand : public Command {
public:
    QString name() const override { return QStringLiteral("schedule"); }
    QString summary() const override {
        return QStringLiteral("Refresh data and render a report batch on a cron schedule");
    }
    int run(const QStringList& args) override;
};

} // namespace ts::cli
