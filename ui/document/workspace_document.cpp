#include "document/workspace_document.h"

#include "util/json_file.h"

#include <QFileInfo>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSaveFile>
#include <QUndoStack>

namespace ts::ui {

// The whole request before and after: every kind of edit (a weight, a name, a colour, a removed
// strategy) undoes the same way, and a request is small.
class EditCommand : public QUndoCommand {
public:
    EditCommand(WorkspaceDocument* doc, const QString& text, ReportRequest before, ReportRequest after,
                int mergeId)
        : QUndoCommand(text)
        , m_doc(doc)
        , m_before(std::move(before))
        , m_after(std::move(after))
        , m_id(mergeId) {}
    int id() const override { return m_id; }
    bool mergeWith(const QUndoCommand* other) override {
        if (other->id() != m_id) return false;
        m_after = static_cast<const EditCommand*>(other)->m_after;
        return true;
    }
    void redo() override {
        // The first redo is the edit itself: the editor already shows it and must not be reloaded
        // under the user's cursor.
        m_doc->apply(m_after, m_first);
        m_first = false;
    }
    void undo() override { m_doc->apply(m_before, false); }

private:
    WorkspaceDocument* m_doc;
    ReportRequest m_before, m_after;
    int m_id;
    bool m_first = true;
};

namespace {
bool sameRequest(const ReportRequest& a, const ReportRequest& b) {
    return reportConfigJson({a}) == reportConfigJson({b});
}
} // namespace

WorkspaceDocument::WorkspaceDocument(QObject* parent)
    : QObject(parent)
    , m_undo(new QUndoStack(this)) {
    connect(m_undo, &QUndoStack::cleanChanged, this, &WorkspaceDocument::changed);
}

QString WorkspaceDocument::displayName() const {
    if (!m_path.isEmpty()) return QFileInfo(m_path).fileName();
    return m_untitledName.isEmpty() ? tr("Untitled") : m_untitledName;
}

QString WorkspaceDocument::suggestedFileName() const {
    if (!m_path.isEmpty()) return QFileInfo(m_path).fileName();
    QString stem = m_request.name.isEmpty() ? QStringLiteral("workspace") : m_request.name;
    stem.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9._-]+")), QStringLiteral("-"));
    return stem + QStringLiteral(".json");
}

bool WorkspaceDocument::isModified() const {
    return m_modifiedAtReset || !m_undo->isClean();
}

void WorkspaceDocument::reset(const ReportRequest& r, const QString& path, const QString& untitledName,
                              bool modified) {
    m_undo->clear();
    m_request = r;
    m_path = path;
    m_untitledName = untitledName;
    m_modifiedAtReset = modified;
    emit replaced();
    emit changed();
}

Result<bool> WorkspaceDocument::open(const QString& path, const QString& defaultCache) {
    auto json = readJsonObjectFile(path, tr("a workspace"));
    if (!json) return json.error();
    auto requests = parseReportConfig(*json, QFileInfo(path).absolutePath(), defaultCache);
    if (!requests) return Error::badInput(tr("%1: %2").arg(path, requests.error().message));
    reset(requests->front(), QFileInfo(path).absoluteFilePath());
    return true;
}

Result<bool> WorkspaceDocument::saveAs(const QString& path) {
    QSaveFile f(path);
    const QByteArray bytes = QJsonDocument(toJson()).toJson();
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size() || !f.commit())
        return Error::internal(tr("%1: cannot write: %2").arg(path, f.errorString()));
    m_path = QFileInfo(path).absoluteFilePath();
    m_modifiedAtReset = false;
    m_undo->setClean();
    emit changed();
    return true;
}

void WorkspaceDocument::edit(const QString& text, const ReportRequest& after, int mergeId) {
    if (sameRequest(after, m_request)) return;
    m_undo->push(new EditCommand(this, text, m_request, after, mergeId));
}

QJsonObject WorkspaceDocument::toJson() const {
    return reportConfigJson({m_request});
}

void WorkspaceDocument::apply(const ReportRequest& r, bool fromEditor) {
    m_request = r;
    if (!fromEditor) emit replaced();
    emit changed();
}

QString seriesDisplayName(const SeriesRequest& s) {
    if (!s.name.isEmpty()) return s.name;
    switch (s.kind) {
    case SeriesRequest::Kind::File:
        return QFileInfo(s.path).completeBaseName();
    case SeriesRequest::Kind::Symbol:
        return s.symbol;
    case SeriesRequest::Kind::Portfolio:
        return QObject::tr("Portfolio");
    }
    return {};
}

QString automaticTitle(const ReportRequest& r) {
    QStringList names;
    for (const auto& s : r.strategies)
        names << seriesDisplayName(s);
    QString title = names.join(QStringLiteral(", "));
    if (r.benchmark) title += QObject::tr(" vs %1").arg(seriesDisplayName(*r.benchmark));
    return title;
}

} // namespace ts::ui
