#pragma once
// Every provider Tearsheet knows, by name.

#include "providers/provider.h"

#include <memory>
#include <vector>

namespace ts::providers {

const std::vector<std::unique_ptr<Provider>>& allProviders();
const Provider* findProvider(const QString& name); // nullptr if unknown
QStringList providerNames();

} // namespace ts::providers
