#pragma once

#include "command.h"

namespace ts::cli {

class ProvidersCommand : public Command {
public:
    QString name() const override { return QStringLiteral("providers"); }
    QString summary() const override { return QStringLiteral("List market-data providers or test one"); }
    int run(const QStringList& args) override;
};

} // namespace ts::cli
