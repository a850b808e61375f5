/// Interned terms keyed by their UTF-8 bytes, found without making a `String`.
///
/// Built once per index; the hot path hashes the bytes of a token it has just lower-cased into a
/// scratch buffer and probes an open-addressing table (FNV-1a 64, linear probing, load <= 1/2).
package struct TermTable: Sendable, Equatable {
    private(set) var bytes: [UInt8] = []
    private(set) var starts: [Int32] = [0]
    // Internal for TermTable+Unsafe.swift (the byte-level lookup).
    var slots: [Int32]
    var mask: Int

    package init(capacity: Int = 64) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [Int32](repeating: -1, count: size)
        mask = size - 1
    }

    package var count: Int { starts.count - 1 }

    /// The text of a term id.
    func text(of term: Int32) -> String {
        String(decoding: bytes[Int(starts[Int(term)])..<Int(starts[Int(term) + 1])], as: UTF8.self)
    }

    /// Length in bytes of a term.
    func length(of term: Int32) -> Int { Int(starts[Int(term) + 1] - starts[Int(term)]) }

    /// The id of a term given as a String, or -1.
    package func lookup(_ text: String) -> Int32 {
        var copy = text
        return copy.withUTF8 { lookup($0) }
    }

    /// Adds a term (or finds it) and returns its id.
    @discardableResult
    package mutating func intern(_ text: String) -> Int32 {
        var copy = text
        let found = copy.withUTF8 { lookup($0) }
        if found >= 0 { return found }
        if (count + 1) * 2 > slots.count { grow() }
        let term = Int32(count)
        bytes.append(contentsOf: text.utf8)
        starts.append(Int32(bytes.count))
        place(term)
        return term
    }

    private mutating func grow() {
        slots = [Int32](repeating: -1, count: slots.count * 2)
        mask = slots.count - 1
        for term in 0..<Int32(count) { place(term) }
    }
}
