#pragma once
// A workspace as a document: the request being edited, the file it came from (none for an untitled
// one, the demo included: it is a read-only template and opens as an untitled copy), and an undo
// stack holding every edit. "Modified" is the undo stack away from its clean index, so undoing back
// to what was saved makes the document clean again. The document writes only the file the user
// names (Save / Save As); everything else it writes is the recovery file (recovery_file.h).

#include "report/report_request.h"

#include <QObject>

class QUndoStack;

namespace ts::ui {

class WorkspaceDocument : public QObject {
    Q_OBJECT
public:
    explicit WorkspaceDocument(QObject* parent = nullptr);

    const ReportRequest& request() const { return m_request; }
    QString path() const { return m_path; } // empty: untitled
    QString suggestedFileName() const;      // for Save As: the file's, or "demo.json", "workspace.json"
    QString displayName() const;            // file name, or "Untitled" / the template's name
    bool isModified() const;
    QUndoStack* undoStack() const { return m_undo; }

    // Starts over with `r` (New, Open, Demo, Revert, a restored recovery): the history is cleared.
    // `modified` marks a document that differs from its file from the start (a restored recovery).
    void reset(const ReportRequest& r, const QString& path, const QString& untitledName = {},
               bool modified = false);
    // Reads a workspace file; `defaultCache` is used when the file names none.
    Result<bool> open(const QString& path, const QString& defaultCache);
    // Writes the workspace to `path` atomically and makes it the document's file.
    Result<bool> saveAs(const QString& path);

    // One undoable edit: `after` replaces the request. Edits with the same `mergeId` (>= 0) that
    // follow each other merge into one step (typing in a spin box). An edit that changes nothing
    // is not recorded.
    void edit(const QString& text, const ReportRequest& after, int mergeId = -1);

    // The JSON the document would save (also what the recovery file keeps).
    QJsonObject toJson() const;

signals:
    // Any change of the request or of the modified state (title bar, data view, recovery file).
    void changed();
    // The request was replaced from outside the editor (undo, redo, reset): editors must reload.
    void replaced();

private:
    friend class EditCommand;
    void apply(const ReportRequest& r, bool fromEditor);

    ReportRequest m_request;
    QString m_path, m_untitledName;
    bool m_modifiedAtReset = false;
    QUndoStack* m_undo = nullptr;
};

// The title the report gets while the user has not set one: the strategies' names and the
// benchmark's, so it never goes stale when the contents change.
QString automaticTitle(const ReportRequest& r);
QString seriesDisplayName(const SeriesRequest& s);

} // namespace ts::ui
