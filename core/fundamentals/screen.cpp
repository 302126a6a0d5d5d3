#include "fundamentals/screen.h"

#include "util/excerpt.h"
#include "util/input_limits.h"

#include <QStringList>
#include <cmath>
#include <vector>

namespace ts::fundamentals {

struct ScreenExpression::Node {
    enum class Kind { Number, Ident, Neg, Add, Sub, Mul, Div, Lt, Le, Gt, Ge, Eq, Ne, And, Or, Not };
    Kind kind = Kind::Number;
    double number = 0;
    QString ident;
    std::shared_ptr<const Node> a, b;

    double eval(const std::function<double(const QString&)>& value) const {
        const double nan = std::nan("");
        switch (kind) {
        case Kind::Number:
            return number;
        case Kind::Ident:
            return value(ident);
        case Kind::Neg:
            return -a->eval(value);
        case Kind::Add:
            return a->eval(value) + b->eval(value);
        case Kind::Sub:
            return a->eval(value) - b->eval(value);
        case Kind::Mul:
            return a->eval(value) * b->eval(value);
        case Kind::Div: {
            const double d = b->eval(value);
            return d == 0 ? nan : a->eval(value) / d;
        }
        case Kind::And:
            return (a->eval(value) == 1 && b->eval(value) == 1) ? 1 : 0;
        case Kind::Or:
            return (a->eval(value) == 1 || b->eval(value) == 1) ? 1 : 0;
        case Kind::Not:
            return a->eval(value) == 1 ? 0 : 1;
        default:
            break;
        }
        const double x = a->eval(value), y = b->eval(value);
        if (std::isnan(x) || std::isnan(y)) return 0; // missing data never passes a comparison
        switch (kind) {
        case Kind::Lt:
            return x < y;
        case Kind::Le:
            return x <= y;
        case Kind::Gt:
            return x > y;
        case Kind::Ge:
            return x >= y;
        case Kind::Eq:
            return x == y;
        case Kind::Ne:
            return x != y;
        default:
            return nan;
        }
    }
};

namespace {

using Node = ScreenExpression::Node;
using NodePtr = std::shared_ptr<const Node>;

struct Token {
    enum class Type { Number, Ident, Op, LParen, RParen, End } type = Type::End;
    QString text;
    double number = 0;
    int pos = 0;
};

Result<std::vector<Token>> tokenize(const QString& s) {
    std::vector<Token> out;
    int i = 0;
    const int n = static_cast<int>(s.size());
    while (i < n) {
        const QChar c = s[i];
        if (c.isSpace()) {
            ++i;
            continue;
        }
        Token t;
        t.pos = i;
        if (c.isDigit() || (c == QLatin1Char('.') && i + 1 < n && s[i + 1].isDigit())) {
            int j = i;
            while (j < n && (s[j].isDigit() || s[j] == QLatin1Char('.')))
                ++j;
            if (j < n && (s[j] == QLatin1Char('e') || s[j] == QLatin1Char('E'))) {
                int k = j + 1;
                if (k < n && (s[k] == QLatin1Char('+') || s[k] == QLatin1Char('-'))) ++k;
                if (k < n && s[k].isDigit()) {
                    j = k;
                    while (j < n && s[j].isDigit())
                        ++j;
                }
            }
            bool ok = false;
            t.number = s.mid(i, j - i).toDouble(&ok);
            if (!ok)
                return Error::badInput(
                    QStringLiteral("at %1: \"%2\" is not a number").arg(i + 1).arg(excerpt(s.mid(i, j - i))));
            if (j < n && s[j] == QLatin1Char('%')) {
                t.number /= 100;
                ++j;
            }
            t.type = Token::Type::Number;
            t.text = s.mid(i, j - i);
            i = j;
        } else if (c.isLetter() || c == QLatin1Char('_')) {
            int j = i;
            while (j < n && (s[j].isLetterOrNumber() || s[j] == QLatin1Char('_')))
                ++j;
            t.type = Token::Type::Ident;
            t.text = s.mid(i, j - i).toLower();
            i = j;
        } else if (c == QLatin1Char('(') || c == QLatin1Char(')')) {
            t.type = c == QLatin1Char('(') ? Token::Type::LParen : Token::Type::RParen;
            t.text = c;
            ++i;
        } else {
            static const QStringList ops{QStringLiteral("<="), QStringLiteral(">="), QStringLiteral("=="),
                                         QStringLiteral("!="), QStringLiteral("<"),  QStringLiteral(">"),
                                         QStringLiteral("="),  QStringLiteral("+"),  QStringLiteral("-"),
                                         QStringLiteral("*"),  QStringLiteral("/"),  QStringLiteral("&&"),
                                         QStringLiteral("||"), QStringLiteral("!")};
            bool found = false;
            for (const QString& op : ops)
                if (s.mid(i, op.size()) == op) {
                    t.type = Token::Type::Op;
                    t.text = op;
                    i += static_cast<int>(op.size());
                    found = true;
                    break;
                }
            if (!found)
                return Error::badInput(
                    QStringLiteral("at %1: unexpected \"%2\"").arg(i + 1).arg(excerpt(QString(c))));
        }
        out.push_back(t);
    }
    Token end;
    end.pos = n;
    out.push_back(end);
    return out;
}

class Parser {
    // Parentheses, "not" and unary minus recurse; each level costs a few stack frames, so the depth
    // is capped well below what a 2 MB worker-thread stack holds.
    struct Nesting {
        explicit Nesting(int& d)
            : depth(++d) {}
        ~Nesting() { --depth; }
        bool tooDeep() const { return depth > limits::kMaxScreenDepth; }
        int& depth;
    };

public:
    Parser(std::vector<Token> t, const QStringList& known)
        : m_t(std::move(t))
        , m_known(known) {}

    Result<NodePtr> parseAll() {
        auto e = orExpr();
        if (!e) return e;
        if (peek().type != Token::Type::End)
            return fail(QStringLiteral("unexpected \"%1\"").arg(peek().text));
        return e;
    }
    QStringList ids;

private:
    const Token& peek() const { return m_t[m_i]; }
    bool word(const char* w) const {
        return peek().type == Token::Type::Ident && peek().text == QLatin1String(w);
    }
    bool op(const char* o) const { return peek().type == Token::Type::Op && peek().text == QLatin1String(o); }
    Error tooDeep() const {
        return fail(QStringLiteral("the expression is too deeply nested (more than %1 levels of parentheses, "
                                   "\"not\" or \"-\")")
                        .arg(limits::kMaxScreenDepth));
    }
    Error fail(const QString& why) const {
        return Error::badInput(QStringLiteral("at %1: %2").arg(peek().pos + 1).arg(why));
    }
    static NodePtr make(Node::Kind k, NodePtr a = {}, NodePtr b = {}) {
        auto n = std::make_shared<Node>();
        n->kind = k;
        n->a = std::move(a);
        n->b = std::move(b);
        return n;
    }

    Result<NodePtr> orExpr() {
        auto l = andExpr();
        if (!l) return l;
        NodePtr left = *l;
        while (word("or") || op("||")) {
            ++m_i;
            auto r = andExpr();
            if (!r) return r;
            left = make(Node::Kind::Or, left, *r);
        }
        return left;
    }
    Result<NodePtr> andExpr() {
        auto l = notExpr();
        if (!l) return l;
        NodePtr left = *l;
        while (word("and") || op("&&")) {
            ++m_i;
            auto r = notExpr();
            if (!r) return r;
            left = make(Node::Kind::And, left, *r);
        }
        return left;
    }
    Result<NodePtr> notExpr() {
        if (word("not") || op("!")) {
            const Nesting nest(m_depth);
            if (nest.tooDeep()) return tooDeep();
            ++m_i;
            auto e = notExpr();
            if (!e) return e;
            return make(Node::Kind::Not, *e);
        }
        return comparison();
    }
    Result<NodePtr> comparison() {
        auto l = sum();
        if (!l) return l;
        static const std::vector<std::pair<const char*, Node::Kind>> cmp{
            {"<=", Node::Kind::Le}, {">=", Node::Kind::Ge}, {"<", Node::Kind::Lt}, {">", Node::Kind::Gt},
            {"==", Node::Kind::Eq}, {"=", Node::Kind::Eq},  {"!=", Node::Kind::Ne}};
        for (const auto& [o, k] : cmp)
            if (op(o)) {
                ++m_i;
                auto r = sum();
                if (!r) return r;
                return make(k, *l, *r);
            }
        // A bare value is not a condition: "pe and roe" is almost certainly a typo.
        const Node::Kind k = (*l)->kind;
        const bool condition = k == Node::Kind::Lt || k == Node::Kind::Le || k == Node::Kind::Gt ||
                               k == Node::Kind::Ge || k == Node::Kind::Eq || k == Node::Kind::Ne ||
                               k == Node::Kind::And || k == Node::Kind::Or || k == Node::Kind::Not;
        if (!condition && !m_inParens)
            return fail(QStringLiteral("expected a comparison (<, <=, >, >=, =, !=)"));
        return l;
    }
    Result<NodePtr> sum() {
        auto l = term();
        if (!l) return l;
        NodePtr left = *l;
        while (op("+") || op("-")) {
            const bool plus = op("+");
            ++m_i;
            auto r = term();
            if (!r) return r;
            left = make(plus ? Node::Kind::Add : Node::Kind::Sub, left, *r);
        }
        return left;
    }
    Result<NodePtr> term() {
        auto l = factor();
        if (!l) return l;
        NodePtr left = *l;
        while (op("*") || op("/")) {
            const bool mul = op("*");
            ++m_i;
            auto r = factor();
            if (!r) return r;
            left = make(mul ? Node::Kind::Mul : Node::Kind::Div, left, *r);
        }
        return left;
    }
    Result<NodePtr> factor() {
        const Token t = peek();
        if (op("-")) {
            const Nesting nest(m_depth);
            if (nest.tooDeep()) return tooDeep();
            ++m_i;
            auto f = factor();
            if (!f) return f;
            return make(Node::Kind::Neg, *f);
        }
        if (t.type == Token::Type::Number) {
            ++m_i;
            auto n = std::make_shared<Node>();
            n->number = t.number;
            return NodePtr(n);
        }
        if (t.type == Token::Type::Ident) {
            if (t.text == QLatin1String("and") || t.text == QLatin1String("or") ||
                t.text == QLatin1String("not"))
                return fail(QStringLiteral("expected a value before \"%1\"").arg(t.text));
            if (!m_known.contains(t.text))
                return fail(QStringLiteral("unknown name \"%1\" (known: %2)")
                                .arg(excerpt(t.text), m_known.join(QStringLiteral(", "))));
            ++m_i;
            if (!ids.contains(t.text)) ids << t.text;
            auto n = std::make_shared<Node>();
            n->kind = Node::Kind::Ident;
            n->ident = t.text;
            return NodePtr(n);
        }
        if (t.type == Token::Type::LParen) {
            const Nesting nest(m_depth);
            if (nest.tooDeep()) return tooDeep();
            ++m_i;
            const bool outer = m_inParens;
            m_inParens = true;
            auto e = orExpr();
            m_inParens = outer;
            if (!e) return e;
            if (peek().type != Token::Type::RParen) return fail(QStringLiteral("missing \")\""));
            ++m_i;
            return e;
        }
        if (t.type == Token::Type::End) return fail(QStringLiteral("the expression ends too early"));
        return fail(QStringLiteral("unexpected \"%1\"").arg(t.text));
    }

    std::vector<Token> m_t;
    std::size_t m_i = 0;
    QStringList m_known;
    bool m_inParens = false;
    int m_depth = 0;
};

} // namespace

Result<ScreenExpression> ScreenExpression::parse(const QString& text, const QStringList& known) {
    if (text.trimmed().isEmpty()) return Error::badInput(QStringLiteral("the expression is empty"));
    if (text.size() > limits::kMaxScreenChars)
        return Error::badInput(
            QStringLiteral("the expression is longer than %1 characters").arg(limits::kMaxScreenChars));
    auto tokens = tokenize(text);
    if (!tokens) return tokens.error();
    Parser p(std::move(*tokens), known);
    auto root = p.parseAll();
    if (!root) return root.error();
    ScreenExpression e;
    e.m_root = *root;
    e.m_ids = p.ids;
    return e;
}

bool ScreenExpression::matches(const std::function<double(const QString&)>& value) const {
    return m_root && m_root->eval(value) == 1;
}

QStringList ScreenExpression::identifiers() const {
    return m_ids;
}

} // namespace ts::fundamentals
