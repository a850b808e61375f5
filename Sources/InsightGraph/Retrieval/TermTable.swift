/// Interned terms keyed by their UTF-8 bytes, found without making a `String`.
///
/// Built once per index; the hot path hashes the bytes of a token it has just lower-cased into a
/// scratch buffer and probes an open-addressing table (FNV-1a 64, linear probing, load <= 1/2).
package struct TermTable: Sendable, Equatable {
    private(set) var bytes: [UInt8] = []
    private(set) var starts: [Int32] = [0]
    private var slots: [Int32]
    private var mask: Int

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

    /// Whether term `a`'s bytes sort before term `b`'s (a prefix first): the canonical term order.
    func bytesPrecede(_ a: Int, _ b: Int) -> Bool {
        let aStart = Int(starts[a]), aEnd = Int(starts[a + 1]), bStart = Int(starts[b]), bEnd = Int(starts[b + 1])
        return bytes.withUnsafeBufferPointer { stored in
            var i = aStart, j = bStart
            while i < aEnd && j < bEnd {
                if stored[i] != stored[j] { return stored[i] < stored[j] }
                i += 1; j += 1
            }
            return aEnd - i < bEnd - j
        }
    }

    /// Length in bytes of a term.
    func length(of term: Int32) -> Int { Int(starts[Int(term) + 1] - starts[Int(term)]) }

    static func hash(_ key: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key { h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        return h
    }

    /// The id of a term, or -1.
    package func lookup(_ key: UnsafeBufferPointer<UInt8>) -> Int32 {
        var slot = Int(truncatingIfNeeded: Self.hash(key)) & mask
        return bytes.withUnsafeBufferPointer { stored in
            while true {
                let term = slots[slot]
                if term < 0 { return -1 }
                let start = Int(starts[Int(term)]), end = Int(starts[Int(term) + 1])
                if end - start == key.count && (key.isEmpty || memoryEqual(stored.baseAddress! + start, key.baseAddress!, key.count)) {
                    return term
                }
                slot = (slot + 1) & mask
            }
        }
    }

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

    private mutating func place(_ term: Int32) {
        let start = Int(starts[Int(term)]), end = Int(starts[Int(term) + 1])
        let h = bytes.withUnsafeBufferPointer { Self.hash(UnsafeBufferPointer(rebasing: $0[start..<end])) }
        var slot = Int(truncatingIfNeeded: h) & mask
        while slots[slot] >= 0 { slot = (slot + 1) & mask }
        slots[slot] = term
    }

    private mutating func grow() {
        slots = [Int32](repeating: -1, count: slots.count * 2)
        mask = slots.count - 1
        for term in 0..<Int32(count) { place(term) }
    }
}

@inline(__always)
private func memoryEqual(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ count: Int) -> Bool {
    for i in 0..<count where a[i] != b[i] { return false }
    return true
}
