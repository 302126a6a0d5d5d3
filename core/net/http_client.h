#pragma once
// Concurrent HTTP over libcurl's multi interface: one multi handle drives many transfers on the
// caller's thread, reusing connections (keep-alive, HTTP/2 multiplexing where offered). Gzip, TLS
// verification, connect/total timeouts and a body cap come from HttpOptions.
// The caller pumps it with poll(); nothing runs in the background.

#include "net/http.h"

#include <memory>

namespace ts::net {

class HttpClient {
public:
    explicit HttpClient(HttpOptions options = {});
    ~HttpClient();
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;

    // Starts a transfer and returns its id (never 0).
    quint64 start(const HttpRequest& request);
    // Waits at most timeoutMs for network activity, advances every transfer and returns the ones
    // that finished (successfully or not).
    std::vector<HttpResponse> poll(int timeoutMs);
    std::size_t active() const;
    // Aborts every running transfer; they are dropped, never reported by poll().
    void cancelAll();

    // Runs one request to completion (for `providers test` and tests).
    HttpResponse fetch(const HttpRequest& request);

    const HttpOptions& options() const { return m_options; }

private:
    struct Impl;
    HttpOptions m_options;
    std::unique_ptr<Impl> d;
};

} // namespace ts::net
