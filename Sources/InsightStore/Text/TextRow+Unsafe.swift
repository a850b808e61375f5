// The pointer code of `TextRow`: copying a line out of libpq's buffer, and handing a field's bytes
// to the parsers without copying them again.

extension TextRow {
    /// Replaces the row's bytes with a copy of `line` (one line of a COPY stream, still escaped).
    ///
    /// After this returns, the row holds no pointer into `line`: the caller frees it at once.
    mutating func copyLine(from line: UnsafeRawBufferPointer) {
        storage.removeAll(keepingCapacity: true)
        storage.append(contentsOf: line)
    }

    /// Runs `body` on the bytes of field `index`, valid only inside `body`; nil for SQL NULL.
    func withField<R, E: Error>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) throws(E) -> R) throws(E) -> R? {
        let field = fields[index]
        if field.isNull { return nil }
        return try storage.withUnsafeBufferPointer { (buffer) throws(E) -> R in
            assert(0 <= field.start && field.start <= field.end && field.end <= buffer.count, "field outside its row")
            return try body(UnsafeBufferPointer(rebasing: buffer[field.start..<field.end]))
        }
    }
}
