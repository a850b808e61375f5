/// Refuses JSON object fields a request type does not know, so a typo (`"limt": 1`) is a 400
/// naming the field and the known ones instead of a silently ignored option.
///
/// Call from a body type's `init(from:)` before reading its fields:
/// ```swift
/// try StrictFields.check(decoder, known: ["character", "message", "limit", "seeds", "options"])
/// ```
enum StrictFields {
    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    static func check(_ decoder: any Decoder, known: [String]) throws {
        let container = try decoder.container(keyedBy: AnyKey.self)
        // Sorted: the first unknown field named is the same whatever order the client sent.
        guard let unknown = container.allKeys.map(\.stringValue).filter({ !known.contains($0) }).sorted().first else { return }
        throw unknownField(RequestDecoder.path(decoder.codingPath + [AnyKey(stringValue: unknown)]), known: known)
    }

    static func unknownField(_ path: String, known: [String]) -> ServiceError {
        ServiceError(.badRequest, code: "unknown_field",
                     message: "\(path): unknown field; known fields: " + known.joined(separator: ", "),
                     details: ["field": .string(path), "known_fields": .array(known.map(JSONValue.string))])
    }
}
