#pragma once
// A small expected-style result for core boundaries (std::expected arrives with C++23).
// Errors carry a kind so the CLI can map bad input to exit code 2 and internal faults to 1;
// a layer with richer failures (a provider fetch) passes its own error type as E.

#include <QString>
#include <cassert>
#include <utility>
#include <variant>

namespace ts {

enum class ErrorKind {
    BadInput, // the user's data or arguments are wrong; they can fix it
    Internal, // our fault or the environment's (I/O)
    Cancelled,
};

struct Error {
    ErrorKind kind = ErrorKind::Internal;
    QString message;

    static Error badInput(QString msg) { return {ErrorKind::BadInput, std::move(msg)}; }
    static Error internal(QString msg) { return {ErrorKind::Internal, std::move(msg)}; }
};

template <typename T, typename E = Error> class Result {
public:
    Result(T value)
        : m_v(std::move(value)) {}
    Result(E error)
        : m_v(std::move(error)) {}

    bool ok() const { return std::holds_alternative<T>(m_v); }
    explicit operator bool() const { return ok(); }

    T& value() & {
        assert(ok());
        return std::get<T>(m_v);
    }
    const T& value() const& {
        assert(ok());
        return std::get<T>(m_v);
    }
    T&& value() && {
        assert(ok());
        return std::get<T>(std::move(m_v));
    }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

    const E& error() const {
        assert(!ok());
        return std::get<E>(m_v);
    }

private:
    std::variant<T, E> m_v;
};

} // namespace ts
