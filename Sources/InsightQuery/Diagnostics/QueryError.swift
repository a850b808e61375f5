/// The stage of the IGQ pipeline that rejected a query; every error names one.
public enum QueryStage: String, Sendable, CaseIterable {
    case lexer = "lexer error"
    case parser = "syntax error"
    case binder = "name error"
    case types = "type error"
    case executor = "execution error"
    case limit = "limit exceeded"
}

/// An error in a query: the stage, where, what, and (when we can guess) the fix.
///
/// ``description`` renders like a compiler diagnostic so a person can act on it:
/// ```
/// query.igq:2:7: name error: unknown field 'confidnce'; did you mean 'confidence'?
/// WHERE confidnce >= 0.6
///       ^~~~~~~~~
/// ```
public struct QueryError: Error, CustomStringConvertible, Sendable, Equatable {
    public var stage: QueryStage
    public var message: String
    public var range: SourceRange
    /// The file name shown before `line:column` (`<query>` for inline text).
    public var file: String
    /// The whole query text, for the excerpt line.
    public var source: String

    public init(_ stage: QueryStage, _ message: String, at range: SourceRange, file: String = "<query>",
                source: String = "") {
        self.stage = stage
        self.message = message
        self.range = range
        self.file = file
        self.source = source
    }

    public var line: Int { range.start.line }
    public var column: Int { range.start.column }

    /// `file:line:column: stage: message` without the excerpt.
    public var headline: String { "\(file):\(line):\(column): \(stage.rawValue): \(message)" }

    /// Set once the error knows the query text (``IGQ`` does this), so even an empty query
    /// gets its (empty) line and caret.
    var hasSource = false

    public var description: String {
        let excerpt = hasSource ? Self.excerpt(of: source, range: range) : ""
        return excerpt.isEmpty ? headline : headline + "\n" + excerpt
    }

    /// The offending line and a caret (`^~~~`) under the range, on the range's first line.
    static func excerpt(of source: String, range: SourceRange) -> String {
        var lineNumber = 1
        var current: [Unicode.Scalar] = []
        var found: [Unicode.Scalar]?
        for scalar in source.unicodeScalars {
            if scalar == "\n" {
                if lineNumber == range.start.line { found = current; break }
                lineNumber += 1
                current.removeAll(keepingCapacity: true)
            } else if scalar != "\r" {
                current.append(scalar)
            }
        }
        if found == nil && lineNumber == range.start.line { found = current }
        guard let line = found else { return "" }
        var text = String.UnicodeScalarView()
        var marker = String.UnicodeScalarView()
        for (index, scalar) in line.enumerated() {
            // Control characters would garble a terminal; show them as spaces in the excerpt.
            text.append(scalar.properties.generalCategory == .control && scalar != "\t" ? " " : scalar)
            if index < range.start.column - 1 { marker.append(scalar == "\t" ? "\t" : " ") }
        }
        let available = max(1, line.count - (range.start.column - 1))
        let width = range.end.line == range.start.line ? min(range.length, available) : available
        let underline = "^" + String(repeating: "~", count: max(0, width - 1))
        return String(text) + "\n" + String(marker) + underline
    }

    /// The same error, attributed to a file and its text.
    func located(file: String, source: String) -> QueryError {
        var copy = self
        copy.file = file
        copy.source = source
        copy.hasSource = true
        return copy
    }
}
