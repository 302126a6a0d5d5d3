#include "net/curl_library.h"

#include <dlfcn.h>
#include <mutex>

namespace ts::net {

namespace {

struct Loaded {
    CurlLibrary lib{};
    bool ok = false;
    QString error;
};

template <typename F> bool bind(void* handle, const char* name, F& fn, QString& error) {
    fn = reinterpret_cast<F>(::dlsym(handle, name));
    if (!fn && error.isEmpty()) error = QStringLiteral("libcurl has no %1").arg(QLatin1String(name));
    return fn != nullptr;
}

Loaded load() {
    Loaded l;
    // The same soname the linker would have recorded; Debian's libcurl4 (OpenSSL flavour) provides it.
    void* h = ::dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        l.error = QStringLiteral("cannot load libcurl: %1").arg(QString::fromLocal8Bit(::dlerror()));
        return l;
    }
    CurlLibrary& c = l.lib;
    QString& e = l.error;
    decltype(&::curl_global_init) global_init = nullptr;
    const bool ok =
        bind(h, "curl_global_init", global_init, e) & bind(h, "curl_easy_init", c.easy_init, e) &
        bind(h, "curl_easy_setopt", c.easy_setopt, e) & bind(h, "curl_easy_getinfo", c.easy_getinfo, e) &
        bind(h, "curl_easy_cleanup", c.easy_cleanup, e) & bind(h, "curl_easy_strerror", c.easy_strerror, e) &
        bind(h, "curl_multi_init", c.multi_init, e) & bind(h, "curl_multi_setopt", c.multi_setopt, e) &
        bind(h, "curl_multi_add_handle", c.multi_add_handle, e) &
        bind(h, "curl_multi_remove_handle", c.multi_remove_handle, e) &
        bind(h, "curl_multi_perform", c.multi_perform, e) & bind(h, "curl_multi_poll", c.multi_poll, e) &
        bind(h, "curl_multi_info_read", c.multi_info_read, e) &
        bind(h, "curl_multi_cleanup", c.multi_cleanup, e) & bind(h, "curl_share_init", c.share_init, e) &
        bind(h, "curl_share_setopt", c.share_setopt, e) & bind(h, "curl_share_cleanup", c.share_cleanup, e) &
        bind(h, "curl_slist_append", c.slist_append, e) &
        bind(h, "curl_slist_free_all", c.slist_free_all, e) & bind(h, "curl_version_info", c.version_info, e);
    if (!ok) return l;
    if (global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        l.error = QStringLiteral("libcurl could not initialise");
        return l;
    }
    l.ok = true;
    return l;
}

} // namespace

const CurlLibrary* curlLibrary(QString* error) {
    static std::once_flag once;
    static Loaded loaded;
    std::call_once(once, [] { loaded = load(); });
    if (!loaded.ok && error) *error = loaded.error;
    return loaded.ok ? &loaded.lib : nullptr;
}

QString curlVersion() {
    const CurlLibrary* c = curlLibrary();
    return c ? QString::fromLatin1(c->version_info(CURLVERSION_NOW)->version) : QStringLiteral("not loaded");
}

} // namespace ts::net
