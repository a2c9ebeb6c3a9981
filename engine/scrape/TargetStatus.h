#pragma once

#include "ScrapeTarget.h"

#include <QMetaType>
#include <QString>

// What the UI shows per target: a copy taken from ScrapeManager::targets(),
// never a live reference into the scrape thread.
namespace opsdeck::scrape {

using TargetKey = quint64; // assigned by ScrapeManager; 0 = none

enum class TargetHealth { Unknown, Up, Down };

struct TargetStatus
{
    TargetKey key = 0;
    bool local = false; // the in-process host collector (embedded mode); target.url is empty
    ScrapeTarget target; // as configured (for the local source: job "node", instance = host name)
    TargetHealth health = TargetHealth::Unknown; // Unknown until the first scrape finished
    qint64 lastScrapeMs = 0; // timestamp of the last scrape (its samples carry it); 0 = never
    double lastDurationSeconds = 0;
    qint64 lastSamples = 0; // samples exposed by the last scrape
    QString lastError; // plain words, empty after a successful scrape
    qint64 scrapesTotal = 0;
    qint64 failuresTotal = 0;
};

} // namespace opsdeck::scrape

Q_DECLARE_METATYPE(opsdeck::scrape::TargetStatus)
