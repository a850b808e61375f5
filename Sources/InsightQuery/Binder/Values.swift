import InsightGraph

/// A parameter value supplied with a query (Swift API, CLI `--param`, HTTP).
///
/// `.untyped` is text from a command line or URL: the binder converts it to the type its position
/// needs (`LIMIT $n` wants an integer, `discovery_date >= $since` a timestamp, `IN $types` a
/// comma-separated list) and reports where it does not fit.
public enum QueryValue: Hashable, Sendable {
    case string(String)
    case integer(Int64)
    case number(Double)
    case timestamp(Timestamp)
    case duration(microseconds: Int64)
    case list([QueryValue])
    case null
    case untyped(String)
}

/// The type of a field, literal or position, as the type checker sees it.
enum ValueType: String, Hashable, Sendable {
    case integer, number, text, timestamp, duration, textList = "list of text", list, null

    /// Integers are numbers; everything else only matches itself.
    func accepts(_ other: ValueType) -> Bool {
        self == other || (self == .number && other == .integer) || (self == .integer && other == .number)
    }

    var isNumeric: Bool { self == .integer || self == .number }
}

/// A typed constant after binding; also what the executor reads from rows.
enum Value: Hashable, Sendable {
    case null
    case integer(Int64)
    case number(Double)
    case text(String)
    case timestamp(Timestamp)
    case duration(Int64)
    case list([Value])

    var type: ValueType {
        switch self {
        case .null: return .null
        case .integer: return .integer
        case .number: return .number
        case .text: return .text
        case .timestamp: return .timestamp
        case .duration: return .duration
        case .list(let items): return items.allSatisfy { if case .text = $0 { return true }; return false } ? .textList : .list
        }
    }

    var asDouble: Double? {
        switch self {
        case .integer(let i): return Double(i)
        case .number(let d): return d
        default: return nil
        }
    }

    /// How the value reads in an error message.
    var display: String {
        switch self {
        case .null: return "NULL"
        case .integer(let i): return String(i)
        case .number(let d): return String(d)
        case .text(let s): return "'\(s)'"
        case .timestamp(let t): return t.iso8601
        case .duration(let micros): return "\(micros / 1_000_000)s"
        case .list(let items): return "(" + items.map(\.display).joined(separator: ", ") + ")"
        }
    }

    /// `a string`, `a number` ...
    static func article(_ type: ValueType) -> String {
        switch type {
        case .integer: return "an integer"
        case .number: return "a number"
        case .text: return "a string"
        case .timestamp: return "a timestamp"
        case .duration: return "a duration"
        case .textList: return "a list of strings"
        case .list: return "a list"
        case .null: return "NULL"
        }
    }
}
