extension TermTable {
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

    /// FNV-1a 64 of the bytes.
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

    /// Puts `term` into its slot of the open-addressing table (linear probing).
    mutating func place(_ term: Int32) {
        let start = Int(starts[Int(term)]), end = Int(starts[Int(term) + 1])
        let h = bytes.withUnsafeBufferPointer { Self.hash(UnsafeBufferPointer(rebasing: $0[start..<end])) }
        var slot = Int(truncatingIfNeeded: h) & mask
        while slots[slot] >= 0 { slot = (slot + 1) & mask }
        slots[slot] = term
    }
}

@inline(__always)
private func memoryEqual(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ count: Int) -> Bool {
    for i in 0..<count where a[i] != b[i] { return false }
    return true
}
