#include "net/http_client.h"

#include "net/curl_library.h"

#include <chrono>
#include <unordered_map>
#include <utility>

namespace ts::net {
namespace {

struct Transfer {
    quint64 id = 0;
    CURL* easy = nullptr;
    curl_slist* headerList = nullptr;
    QByteArray body, postBody, url;
    Headers headers;
    qint64 cap = 0;
    bool tooLarge = false;
    bool cancelled = false;
    std::chrono::steady_clock::time_point started;
};

size_t onBody(char* data, size_t size, size_t n, void* user) {
    auto* t = static_cast<Transfer*>(user);
    const qint64 len = static_cast<qint64>(size * n);
    if (t->body.size() + len > t->cap) {
        t->tooLarge = true;
        return 0; // makes libcurl abort the transfer with CURLE_WRITE_ERROR
    }
    t->body.append(data, len);
    return size * n;
}

size_t onHeader(char* data, size_t size, size_t n, void* user) {
    auto* t = static_cast<Transfer*>(user);
    const QByteArray line = QByteArray(data, static_cast<qsizetype>(size * n)).trimmed();
    if (line.startsWith("HTTP/")) t->headers.clear(); // a redirect or 100-continue starts over
    const qsizetype colon = line.indexOf(':');
    if (colon > 0)
        t->headers.emplace_back(line.left(colon).trimmed().toLower(), line.mid(colon + 1).trimmed());
    return size * n;
}

TransportError classify(CURLcode code, const Transfer& t) {
    if (t.cancelled) return TransportError::Cancelled;
    if (t.tooLarge) return TransportError::TooLarge;
    switch (code) {
    case CURLE_OK:
        return TransportError::None;
    case CURLE_OPERATION_TIMEDOUT:
        return TransportError::Timeout;
    case CURLE_PARTIAL_FILE:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_BAD_CONTENT_ENCODING:
    case CURLE_HTTP2_STREAM:
        return TransportError::Truncated;
    default:
        return TransportError::Connection;
    }
}

} // namespace

struct HttpClient::Impl {
    const CurlLibrary* c = nullptr; // null: libcurl could not be loaded, every transfer fails
    QString loadError;
    std::vector<HttpResponse> failedToStart;
    CURLM* multi = nullptr;
    CURLSH* share = nullptr;
    quint64 nextId = 1;
    std::unordered_map<CURL*, std::unique_ptr<Transfer>> running;
};

HttpClient::HttpClient(HttpOptions options)
    : m_options(std::move(options))
    , d(std::make_unique<Impl>()) {
    d->c = curlLibrary(&d->loadError);
    if (!d->c) return;
    const CurlLibrary& c = *d->c;
    d->multi = c.multi_init();
    c.multi_setopt(d->multi, CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX);
    c.multi_setopt(d->multi, CURLMOPT_MAX_HOST_CONNECTIONS, 8L);
    // Cookies (Yahoo's A3) and DNS answers are shared by every transfer of this client.
    d->share = c.share_init();
    c.share_setopt(d->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_COOKIE);
    c.share_setopt(d->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
}

HttpClient::~HttpClient() {
    if (!d->c) return;
    const CurlLibrary& c = *d->c;
    for (auto& [easy, t] : d->running) {
        c.multi_remove_handle(d->multi, easy);
        c.easy_cleanup(easy);
        c.slist_free_all(t->headerList);
    }
    c.multi_cleanup(d->multi);
    c.share_cleanup(d->share);
}

quint64 HttpClient::start(const HttpRequest& request) {
    auto t = std::make_unique<Transfer>();
    t->id = d->nextId++;
    t->cap = m_options.maxBodyBytes;
    t->url = request.url;
    t->started = std::chrono::steady_clock::now();
    if (!d->c) {
        HttpResponse r;
        r.id = t->id;
        r.error = TransportError::Connection;
        r.errorText = d->loadError;
        d->failedToStart.push_back(std::move(r));
        return t->id;
    }
    const CurlLibrary& c = *d->c;
    CURL* e = c.easy_init();
    t->easy = e;
    c.easy_setopt(e, CURLOPT_URL, t->url.constData());
    c.easy_setopt(e, CURLOPT_SHARE, d->share);
    c.easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    c.easy_setopt(e, CURLOPT_ACCEPT_ENCODING, ""); // every encoding libcurl supports (gzip, deflate)
    c.easy_setopt(e, CURLOPT_FOLLOWLOCATION, 1L);
    c.easy_setopt(e, CURLOPT_MAXREDIRS, 5L);
    c.easy_setopt(e, CURLOPT_COOKIEFILE, "");
    c.easy_setopt(e, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_2TLS));
    c.easy_setopt(e, CURLOPT_SSL_VERIFYPEER, m_options.verifyTls ? 1L : 0L);
    c.easy_setopt(e, CURLOPT_SSL_VERIFYHOST, m_options.verifyTls ? 2L : 0L);
    c.easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(m_options.connectTimeoutMs));
    c.easy_setopt(e, CURLOPT_TIMEOUT_MS, static_cast<long>(m_options.totalTimeoutMs));
    c.easy_setopt(e, CURLOPT_USERAGENT, m_options.userAgent.constData());
    c.easy_setopt(e, CURLOPT_WRITEFUNCTION, &onBody);
    c.easy_setopt(e, CURLOPT_WRITEDATA, t.get());
    c.easy_setopt(e, CURLOPT_HEADERFUNCTION, &onHeader);
    c.easy_setopt(e, CURLOPT_HEADERDATA, t.get());
    c.easy_setopt(e, CURLOPT_PRIVATE, t.get());
    if (m_options.maxBodyBytes > 0)
        c.easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(m_options.maxBodyBytes));
    for (const auto& [k, v] : request.headers)
        t->headerList = c.slist_append(t->headerList, (k + ": " + v).constData());
    if (request.method == "POST") {
        t->postBody = request.body;
        c.easy_setopt(e, CURLOPT_POST, 1L);
        c.easy_setopt(e, CURLOPT_POSTFIELDS, t->postBody.constData());
        c.easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(t->postBody.size()));
    }
    if (t->headerList) c.easy_setopt(e, CURLOPT_HTTPHEADER, t->headerList);
    const quint64 id = t->id;
    d->running.emplace(e, std::move(t));
    c.multi_add_handle(d->multi, e);
    return id;
}

std::vector<HttpResponse> HttpClient::poll(int timeoutMs) {
    std::vector<HttpResponse> done = std::exchange(d->failedToStart, {});
    if (!d->c) return done;
    const CurlLibrary& c = *d->c;
    int still = 0;
    c.multi_perform(d->multi, &still);
    if (still > 0 && timeoutMs > 0) {
        c.multi_poll(d->multi, nullptr, 0, timeoutMs, nullptr);
        c.multi_perform(d->multi, &still);
    }
    int left = 0;
    while (CURLMsg* msg = c.multi_info_read(d->multi, &left)) {
        if (msg->msg != CURLMSG_DONE) continue;
        CURL* e = msg->easy_handle;
        auto it = d->running.find(e);
        if (it == d->running.end()) continue;
        Transfer& t = *it->second;
        HttpResponse r;
        r.id = t.id;
        c.easy_getinfo(e, CURLINFO_RESPONSE_CODE, &r.status);
        r.error = classify(msg->data.result, t);
        if (r.error == TransportError::TooLarge || msg->data.result == CURLE_FILESIZE_EXCEEDED)
            r.error = TransportError::TooLarge;
        if (r.error != TransportError::None)
            r.errorText = QString::fromUtf8(c.easy_strerror(msg->data.result));
        r.body = std::move(t.body);
        r.headers = std::move(t.headers);
        r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t.started).count();
        c.multi_remove_handle(d->multi, e);
        c.easy_cleanup(e);
        c.slist_free_all(t.headerList);
        d->running.erase(it);
        done.push_back(std::move(r));
    }
    return done;
}

std::size_t HttpClient::active() const {
    return d->running.size();
}

void HttpClient::cancelAll() {
    d->failedToStart.clear();
    if (!d->c) return;
    const CurlLibrary& c = *d->c;
    for (auto& [easy, t] : d->running) {
        t->cancelled = true;
        c.multi_remove_handle(d->multi, easy);
    }
    std::vector<CURL*> handles;
    for (auto& [easy, t] : d->running)
        handles.push_back(easy);
    for (CURL* e : handles) {
        auto it = d->running.find(e);
        c.easy_cleanup(e);
        c.slist_free_all(it->second->headerList);
        d->running.erase(it);
    }
}

HttpResponse HttpClient::fetch(const HttpRequest& request) {
    const quint64 id = start(request);
    for (;;) {
        for (auto& r : poll(100))
            if (r.id == id) return r;
    }
}

} // namespace ts::net
