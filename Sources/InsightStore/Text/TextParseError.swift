/// A value in PostgreSQL's text format that could not be read, with the byte offset where reading
/// stopped. The parsers in this folder throw it for any input, never trap, so they can be fuzzed.
public struct TextParseError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        case integer, float, timestamp, array
        case copyRow = "COPY row"
    }

    public var kind: Kind
    /// Offset in bytes from the start of the value.
    public var offset: Int
    public var reason: String

    public init(_ kind: Kind, at offset: Int, _ reason: String) {
        self.kind = kind
        self.offset = offset
        self.reason = reason
    }

    public var description: String { "invalid \(kind.rawValue) at byte \(offset): \(reason)" }
}

/// ASCII bytes the parsers compare against.
enum ASCII {
    static let tab = UInt8(ascii: "\t"), newline = UInt8(ascii: "\n"), space = UInt8(ascii: " ")
    static let backslash = UInt8(ascii: "\\"), quote = UInt8(ascii: "\"")
    static let comma = UInt8(ascii: ","), openBrace = UInt8(ascii: "{"), closeBrace = UInt8(ascii: "}")
    static let plus = UInt8(ascii: "+"), minus = UInt8(ascii: "-"), dot = UInt8(ascii: ".")
    static let colon = UInt8(ascii: ":"), zero = UInt8(ascii: "0"), nine = UInt8(ascii: "9")

    static func isDigit(_ byte: UInt8) -> Bool { byte >= zero && byte <= nine }

    /// The whitespace PostgreSQL's array input skips (`array_isspace`).
    static func isSpace(_ byte: UInt8) -> Bool {
        byte == space || (byte >= 0x09 && byte <= 0x0D)
    }

    static func lower(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
    }

    /// Case-insensitive comparison of `bytes[range]` with an ASCII word.
    static func equalsIgnoringCase<B: RandomAccessCollection>(
        _ bytes: B, _ range: Range<Int>, _ word: StaticString
    ) -> Bool where B.Element == UInt8, B.Index == Int {
        guard range.count == word.utf8CodeUnitCount else { return false }
        return word.withUTF8Buffer { expected in
            var i = range.lowerBound
            for byte in expected {
                if lower(bytes[i]) != byte { return false }
                i += 1
            }
            return true
        }
    }
}
