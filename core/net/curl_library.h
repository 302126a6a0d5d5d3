#pragma once
// libcurl, loaded on the first HTTP client rather than when the process starts. Most commands
// (metrics, cache, report from files, --version) never touch the network, and libcurl's tree of
// dependencies (OpenSSL, GnuTLS, Kerberos, LDAP, SASL, libssh2, nghttp2, IDN, PSL: 25 libraries)
// cost about 15 ms of every process start on a 2-core machine. Only the functions HttpClient calls.

#include <QString>
#include <curl/curl.h>

namespace ts::net {

struct CurlLibrary {
    decltype(&::curl_easy_init) easy_init;
    decltype(&::curl_easy_setopt) easy_setopt;
    decltype(&::curl_easy_getinfo) easy_getinfo;
    decltype(&::curl_easy_cleanup) easy_cleanup;
    decltype(&::curl_easy_strerror) easy_strerror;
    decltype(&::curl_multi_init) multi_init;
    decltype(&::curl_multi_setopt) multi_setopt;
    decltype(&::curl_multi_add_handle) multi_add_handle;
    decltype(&::curl_multi_remove_handle) multi_remove_handle;
    decltype(&::curl_multi_perform) multi_perform;
    decltype(&::curl_multi_poll) multi_poll;
    decltype(&::curl_multi_info_read) multi_info_read;
    decltype(&::curl_multi_cleanup) multi_cleanup;
    decltype(&::curl_share_init) share_init;
    decltype(&::curl_share_setopt) share_setopt;
    decltype(&::curl_share_cleanup) share_cleanup;
    decltype(&::curl_slist_append) slist_append;
    decltype(&::curl_slist_free_all) slist_free_all;
    decltype(&::curl_version_info) version_info;
};

// Loads libcurl.so.4 and runs curl_global_init once (thread-safe). nullptr when it cannot be
// loaded; `error` then says why (the loader's message).
const CurlLibrary* curlLibrary(QString* error = nullptr);

// libcurl's version ("7.88.1"), loading it if needed; "not loaded" when it cannot be.
QString curlVersion();

} // namespace ts::net
