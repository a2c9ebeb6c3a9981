#pragma once

#include <QLoggingCategory>

// Logging category of the storage layer ("opsdeck.storage"); defined in Database.cpp.
namespace opsdeck::storage {

Q_DECLARE_LOGGING_CATEGORY(lcStorage)

} // namespace opsdeck::storage
