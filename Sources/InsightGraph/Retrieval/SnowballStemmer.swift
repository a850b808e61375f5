import CLibStemmer

/// A Snowball stemmer (libstemmer) for one language: reduces a word to its stem so that
/// "painting", "painted" and "paints" all meet at "paint".
///
/// Owns one `sb_stemmer`, created in `init` and freed in `deinit`; every pointer stays in this
/// type. libstemmer's stemmer keeps its work buffer inside the handle, so one instance must not be
/// used from two threads at once: each ``Retriever`` and each index build has its own.
final class SnowballStemmer {
    private let handle: OpaquePointer

    /// A stemmer for `language` (a libstemmer algorithm name such as "english"), UTF-8 in and out;
    /// `nil` when libstemmer has no such algorithm.
    init?(language: String) {
        guard let handle = sb_stemmer_new(language, "UTF_8") else { return nil }
        self.handle = handle
    }

    deinit { sb_stemmer_delete(handle) }

    /// Calls `body` with the stem of the UTF-8 `word`. The bytes live in the stemmer's own buffer
    /// and are valid only inside `body` (no allocation). A stemmer out of memory passes the word unchanged.
    @inline(__always)
    func withStem<R>(of word: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        guard let base = word.baseAddress, word.count > 0,
              let stem = sb_stemmer_stem(handle, base, Int32(word.count)) else { return body(word) }
        let length = Int(sb_stemmer_length(handle))
        return body(UnsafeBufferPointer(start: stem, count: length))
    }

    /// The stem of `word` as a `String`.
    func stem(_ word: String) -> String {
        var copy = word
        return copy.withUTF8 { bytes in withStem(of: bytes) { String(decoding: $0, as: UTF8.self) } }
    }
}
