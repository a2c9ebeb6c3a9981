#pragma once

#include "alerts/AlertTypes.h"

#include <QCoreApplication>
#include <QString>

// The severity words, translated once: "Critical" where a severity stands
// alone (inbox column, detail pane, top bar), "critical" where it reads as
// the rule's label value (the Rules list, next to the YAML it came from).
// alerts::severityName is the untranslated machine word for files and APIs.
class SeverityWords final
{
    Q_DECLARE_TR_FUNCTIONS(SeverityWords)

public:
    static QString title(opsdeck::alerts::Severity severity); // "Critical"
    static QString label(opsdeck::alerts::Severity severity); // "critical"
};
