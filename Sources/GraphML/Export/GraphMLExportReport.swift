/// What an export wrote; `insightgraph export --format json` prints it.
public struct GraphMLExportReport: Sendable, Equatable {
    /// All nodes written (insights, plus characters and learning events when asked for).
    public var nodes = 0
    /// All edges written (relationships, plus `has_insight` and `learned` links).
    public var edges = 0
    public var insights = 0
    public var relationships = 0
    public var characters = 0
    public var learningEvents = 0
    /// Characters illegal in XML 1.0 replaced by U+FFFD, per column (`attr.name`, "label" included).
    public var replacedCharacters: [String: Int] = [:]
    public var bytes: Int64 = 0

    public init() {}

    public var totalReplacedCharacters: Int { replacedCharacters.values.reduce(0, +) }
}
