#pragma once
// The crash-recovery copy of an unsaved document: written after every edit to the app's data
// folder (never next to the user's file), removed when the document is saved or its edits are
// discarded. One file per running window (named after the process id), so a file whose process is
// gone is what a crash left behind.

#include "report/report_request.h"

#include <QDateTime>
#include <vector>

namespace ts::ui {

class WorkspaceDocument;

struct Recovery {
    QString file; // the recovery file itself
    QString path; // the document's own file, empty when it was untitled
    QString name; // what the title bar called it
    QDateTime savedAt;
    ReportRequest request;
};

QString recoveryDir();
// Writes (or, for an unmodified document, removes) this process' recovery file.
Result<bool> updateRecovery(const WorkspaceDocument& doc);
void removeRecovery();
// Recovery files left by processes that no longer run, newest first. Unreadable ones are skipped
// (and reported in the log), never deleted: they may still be someone's work.
std::vector<Recovery> orphanedRecoveries(const QString& defaultCache);
void discardRecovery(const Recovery& r);

} // namespace ts::ui
