/// The one text normaliser of retrieval, applied identically to insight content, triggers
/// (multi-word ones included) and messages, at index and at query time — a term matches only if
/// both sides went through the same steps:
/// 1. fold: runs of letters and digits, lower-cased, diacritics removed (``Tokenizer/foldedTokens(_:)``);
/// 2. drop stop words (``StopWords``), on the folded surface form, before stemming — so "thanks"
///    is dropped even though its stem "thank" would match "thankful";
/// 3. stem with Snowball English (Porter2).
///
/// Stemming is the largest single gain in the measured ranking (LoCoMo dev recall@10 0.554 → 0.619);
/// stop words trade a little recall for precision (function-word matches otherwise fill the tail
/// of the list at random) and keep small talk from seeding anything.
///
/// Holds a stemmer, which is not thread-safe: one analyzer per thread.
final class Analyzer {
    let stemmer: SnowballStemmer

    init() {
        // "english" is compiled into every libstemmer build.
        stemmer = SnowballStemmer(language: "english")!
    }

    /// The analysed terms of `text`, in order (duplicates kept, for phrases and term frequency).
    func terms(_ text: String) -> [String] {
        var out: [String] = []
        for token in Tokenizer.foldedTokens(text) where !Self.isStopWord(token) {
            out.append(stemmer.stem(token))
        }
        return out
    }

    static func isStopWord(_ token: String) -> Bool { StopWords.englishTable.lookup(token) >= 0 }
}
