/// Shares one `String` per distinct value of a low-cardinality column (insight and relationship
/// types), so a million rows hold a handful of strings. Past `capacity` values it stops caching.
struct StringInterner {
    private var entries: [(bytes: [UInt8], string: String)] = []
    let capacity: Int

    init(capacity: Int = 64) { self.capacity = capacity }

    mutating func intern(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        for entry in entries where entry.bytes.count == bytes.count && entry.bytes.elementsEqual(bytes) {
            return entry.string
        }
        let string = String(decoding: bytes, as: UTF8.self)
        if entries.count < capacity { entries.append((Array(bytes), string)) }
        return string
    }
}
