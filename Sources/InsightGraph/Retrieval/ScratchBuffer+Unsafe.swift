/// A fixed-size array of plain values owned by one workspace and reused across calls, so the
/// retrieval hot path does no allocation after warm-up. Not thread-safe: one per workspace, one
/// workspace per thread.
///
/// The only raw memory of the retrieval code: every access goes through the subscript, which checks
/// bounds in debug builds (`assert`) and not in release, where callers index with node numbers of
/// the snapshot the buffer was sized to.
@usableFromInline package final class ScratchBuffer<Element: BitwiseCopyable> {
    // Inlinable accessors, so the benchmark module's loops inline them as the core's do.
    @usableFromInline let base: UnsafeMutablePointer<Element>
    @usableFromInline package let count: Int

    package init(count: Int, repeating value: Element) {
        self.count = count
        base = .allocate(capacity: max(count, 1))
        base.initialize(repeating: value, count: max(count, 1))
    }

    deinit { base.deallocate() }

    @inlinable @inline(__always)
    package subscript(index: Int) -> Element {
        get {
            assert(index >= 0 && index < count, "scratch index \(index) out of 0..<\(count)")
            return base[index]
        }
        set {
            assert(index >= 0 && index < count, "scratch index \(index) out of 0..<\(count)")
            base[index] = newValue
        }
    }

    /// Sets every element of `range` to `value`. Inlinable: called from another module, a generic
    /// body that is not would run unspecialized, one value-witness call per element.
    @inlinable
    package func fill(_ value: Element, in range: Range<Int>) {
        precondition(range.lowerBound >= 0 && range.upperBound <= count, "fill range \(range) out of 0..<\(count)")
        (base + range.lowerBound).update(repeating: value, count: range.count)
    }
}

extension ScratchBuffer where Element == UInt8 {
    /// Calls `body` with each folded token of an ASCII `text` (runs of letters and digits, A–Z
    /// lower-cased, anything else separates: exactly ``Tokenizer/foldedTokens(_:)`` on ASCII), each
    /// assembled in this buffer, so nothing is allocated. The token's bytes are valid inside `body`
    /// only. Returns false when `text` is not ASCII or is longer than the buffer; `body` may then
    /// have seen some tokens, and the caller starts over the general way.
    @inline(__always)
    package func forEachASCIIToken(of text: inout String, _ body: (UnsafeBufferPointer<UInt8>) -> Void) -> Bool {
        text.withUTF8 { bytes -> Bool in
            if bytes.count > count { return false }
            var length = 0
            for byte in bytes {
                if byte >= 0x80 { return false }
                if (byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x7A) {
                    base[length] = byte
                    length += 1
                } else if byte >= 0x41 && byte <= 0x5A {
                    base[length] = byte + 32
                    length += 1
                } else if length > 0 {
                    body(UnsafeBufferPointer(start: base, count: length))
                    length = 0
                }
            }
            if length > 0 { body(UnsafeBufferPointer(start: base, count: length)) }
            return true
        }
    }
}
