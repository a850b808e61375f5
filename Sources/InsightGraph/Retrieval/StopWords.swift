/// Stop words: folded tokens the analyzer drops before stemming, so function words and small talk
/// ("the", "of", "thanks", "lol") never match an insight.
///
/// The list is the data file `stopwords-en.txt` next to this file (its header says where the words
/// come from); the core target has no resource bundle, so the words are also here, and a test
/// asserts both lists are equal. Regenerate this list from the file when the file changes.
enum StopWords {
    /// English, in the data file's order.
    static let english: [String] = [
        "i", "me", "my", "myself", "we", "our", "ours", "ourselves", "you", "your", "yours", "yourself",
        "yourselves", "he", "him", "his", "himself", "she", "her", "hers", "herself", "it", "its", "itself",
        "they", "them", "their", "theirs", "themselves", "what", "which", "who", "whom", "this", "that",
        "these", "those", "am", "is", "are", "was", "were", "be", "been", "being", "have", "has", "had",
        "having", "do", "does", "did", "doing", "a", "an", "the", "and", "but", "if", "or", "because", "as",
        "until", "while", "of", "at", "by", "for", "with", "about", "against", "between", "into", "through",
        "during", "before", "after", "above", "below", "to", "from", "up", "down", "in", "out", "on", "off",
        "over", "under", "again", "further", "then", "once", "here", "there", "when", "where", "why", "how",
        "all", "any", "both", "each", "few", "more", "most", "other", "some", "such", "no", "nor", "not",
        "only", "own", "same", "so", "than", "too", "very", "s", "t", "can", "will", "just", "don", "should",
        "now", "m", "re", "ve", "ll", "d", "would", "could", "hi", "hello", "hey", "thanks", "thank", "ok",
        "okay", "lol", "yeah", "yes", "yep", "bye", "please",
    ]

    /// ``english`` as a byte-keyed table: the query hot path checks a token's bytes without
    /// making a `String`.
    static let englishTable: TermTable = {
        var table = TermTable(capacity: english.count)
        for word in english { table.intern(word) }
        return table
    }()
}
