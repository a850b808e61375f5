import InsightGraph

/// Turns IGQ text into tokens, each with its line and column.
///
/// Literals: `'strings'` and `"strings"` with `\' \" \\ \n \t \r \u{1F600}` escapes (no raw line
/// breaks, so an unterminated string is reported where it starts); integers; floats (`0.85`, `1e-3`);
/// negative numbers (`-0.5`); durations (`30d`, `12h`, `15m`, `45s`, `2w`); timestamps
/// (`2025-03-01`, `2025-03-01T12:30:00Z`, `2025-03-01T12:30:00.5+02:00`); parameters `$name`;
/// comments from `--` to the end of the line.
public struct Lexer {
    /// Longest accepted query, in Unicode scalars (a guard against runaway input).
    public static let maxLength = 1 << 20

    private let scalars: [Unicode.Scalar]
    private var index = 0
    private var line = 1
    private var column = 1

    public init(_ text: String) {
        scalars = Array(text.unicodeScalars)
    }

    /// All tokens, ending with `.end`.
    public static func tokenize(_ text: String) throws(QueryError) -> [Token] {
        var lexer = Lexer(text)
        return try lexer.tokenize()
    }

    public mutating func tokenize() throws(QueryError) -> [Token] {
        if scalars.count > Self.maxLength {
            throw QueryError(.limit, "query is \(scalars.count) characters long; the limit is \(Self.maxLength)",
                             at: SourceRange(.start, .start))
        }
        var tokens: [Token] = []
        while true {
            skipSpaceAndComments()
            let start = position
            guard let c = peek() else {
                tokens.append(Token(.end, SourceRange(start, start)))
                return tokens
            }
            let kind: TokenKind
            if c == "'" || c == "\"" {
                kind = try lexString(quote: c)
            } else if isDigit(c) || (c == "-" && peek(1).map(isDigit) == true) || (c == "." && peek(1).map(isDigit) == true) {
                kind = try lexNumber()
            } else if isWordStart(c) {
                kind = .word(lexWord())
            } else if c == "$" {
                advance()
                guard let n = peek(), isWordStart(n) else {
                    throw QueryError(.lexer, "expected a parameter name after '$' (letters, digits, _)",
                                     at: SourceRange(start, position))
                }
                kind = .parameter(lexWord())
            } else if let symbol = lexSymbol() {
                kind = .symbol(symbol)
            } else {
                advance()
                throw QueryError(.lexer, "unexpected character \(Self.describe(c))" + Self.hint(for: c),
                                 at: SourceRange(start, position))
            }
            tokens.append(Token(kind, SourceRange(start, position)))
        }
    }

    // MARK: Cursor

    var position: SourcePosition { SourcePosition(line: line, column: column, offset: index) }

    private func peek(_ ahead: Int = 0) -> Unicode.Scalar? {
        index + ahead < scalars.count ? scalars[index + ahead] : nil
    }

    private mutating func advance() {
        if scalars[index] == "\n" { line += 1; column = 1 } else { column += 1 }
        index += 1
    }

    // Cursor access for the number lexer in another file.
    func peekScalar(_ ahead: Int = 0) -> Unicode.Scalar? { peek(ahead) }
    mutating func step() { advance() }

    private mutating func skipSpaceAndComments() {
        while let c = peek() {
            if c == "-" && peek(1) == "-" {
                while let d = peek(), d != "\n" { advance() }
            } else if c.properties.isWhitespace {
                advance()
            } else {
                return
            }
        }
    }

    // MARK: Words and symbols

    private func isDigit(_ c: Unicode.Scalar) -> Bool { c >= "0" && c <= "9" }
    private func isWordStart(_ c: Unicode.Scalar) -> Bool {
        (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c == "_"
    }
    private func isWordPart(_ c: Unicode.Scalar) -> Bool { isWordStart(c) || isDigit(c) }

    private mutating func lexWord() -> String {
        var word = String.UnicodeScalarView()
        while let c = peek(), isWordPart(c) { word.append(c); advance() }
        return String(word)
    }

    private mutating func lexSymbol() -> Symbol? {
        guard let c = peek() else { return nil }
        let two = peek(1).map { String(c) + String($0) }
        if let two, let symbol = Symbol(rawValue: two) { advance(); advance(); return symbol }
        if two == "<>" { advance(); advance(); return .notEqual }
        if let symbol = Symbol(rawValue: String(c)) { advance(); return symbol }
        return nil
    }

    static func describe(_ c: Unicode.Scalar) -> String {
        if c.properties.generalCategory == .control || c.properties.isWhitespace {
            return "U+" + String(c.value, radix: 16, uppercase: true)
        }
        return "'\(c)' (U+\(String(c.value, radix: 16, uppercase: true)))"
    }

    private static func hint(for c: Unicode.Scalar) -> String {
        switch c {
        case "!": return "; use '!=' or NOT"
        case "&": return "; use AND"
        case "|": return "; use OR"
        case "#", "/": return "; comments start with '--'"
        case "`", "\u{2018}", "\u{2019}", "\u{201C}", "\u{201D}": return "; quote strings with ' or \""
        default: return ""
        }
    }

    // MARK: Strings

    private mutating func lexString(quote: Unicode.Scalar) throws(QueryError) -> TokenKind {
        let start = position
        advance()
        var text = String.UnicodeScalarView()
        while true {
            guard let c = peek(), c != "\n" else {
                throw QueryError(.lexer, "unterminated string; close it with \(quote) on the same line",
                                 at: SourceRange(start, position))
            }
            if c == quote { advance(); return .string(String(text)) }
            if c == "\\" {
                let escapeStart = position
                advance()
                guard let e = peek(), e != "\n" else {
                    throw QueryError(.lexer, "unterminated string; close it with \(quote) on the same line",
                                     at: SourceRange(start, position))
                }
                advance()
                switch e {
                case "n": text.append("\n")
                case "t": text.append("\t")
                case "r": text.append("\r")
                case "\\", "'", "\"": text.append(e)
                case "u": text.append(try lexUnicodeEscape(from: escapeStart))
                default:
                    throw QueryError(.lexer, "unknown escape '\\\(e)' in string; use \\' \\\" \\\\ \\n \\t \\r or \\u{...}",
                                     at: SourceRange(escapeStart, position))
                }
            } else {
                text.append(c)
                advance()
            }
        }
    }

    private mutating func lexUnicodeEscape(from start: SourcePosition) throws(QueryError) -> Unicode.Scalar {
        guard peek() == "{" else {
            throw QueryError(.lexer, "expected '{' after \\u, as in \\u{e9}", at: SourceRange(start, position))
        }
        advance()
        var digits = ""
        while let c = peek(), c != "}", digits.count <= 8 {
            digits.unicodeScalars.append(c)
            advance()
        }
        guard peek() == "}", !digits.isEmpty, digits.count <= 6, let value = UInt32(digits, radix: 16),
              let scalar = Unicode.Scalar(value) else {
            if peek() == "}" { advance() }
            throw QueryError(.lexer, "invalid unicode escape; write 1 to 6 hex digits of a valid scalar, as in \\u{e9}",
                             at: SourceRange(start, position))
        }
        advance()
        return scalar
    }
}
