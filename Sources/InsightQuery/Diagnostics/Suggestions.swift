/// "Did you mean" help: the candidates closest to a misspelled name by edit distance.
enum Suggestions {
    /// Levenshtein distance over lower-cased Unicode scalars, with transpositions counted as one
    /// edit (optimal string alignment), because swapped letters are the commonest typo.
    static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a.lowercased().unicodeScalars), y = Array(b.lowercased().unicodeScalars)
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var previous2 = [Int](repeating: 0, count: y.count + 1)
        var previous = Array(0...y.count)
        var current = [Int](repeating: 0, count: y.count + 1)
        for i in 1...x.count {
            current[0] = i
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                var best = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] {
                    best = min(best, previous2[j - 2] + 1)
                }
                current[j] = best
            }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[y.count]
    }

    /// Candidates within a distance that grows with the name's length (1 for short names, up to
    /// a third of the length), closest first, then alphabetically.
    static func closest(to name: String, in candidates: [String], limit: Int = 3) -> [String] {
        // Long inputs cannot be near any candidate; skip the quadratic work (fuzzed queries).
        guard name.unicodeScalars.count <= 64 else { return [] }
        let threshold = max(1, min(3, name.count / 3))
        var scored: [(Int, String)] = []
        var seen = Set<String>()
        for candidate in candidates where seen.insert(candidate.lowercased()).inserted {
            let d = distance(name, candidate)
            if d <= threshold || candidate.lowercased().hasPrefix(name.lowercased()) && name.count >= 3 {
                scored.append((d, candidate))
            }
        }
        scored.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
        return scored.prefix(limit).map(\.1)
    }

    /// `; did you mean 'x'?` or `; did you mean 'x' or 'y'?`, or empty.
    static func didYouMean(_ name: String, in candidates: [String], quote: Bool = true) -> String {
        let found = closest(to: name, in: candidates)
        guard !found.isEmpty else { return "" }
        let shown = found.map { quote ? "'\($0)'" : $0 }
        let list = shown.count == 1 ? shown[0]
            : shown.dropLast().joined(separator: ", ") + " or " + shown[shown.count - 1]
        return "; did you mean \(list)?"
    }
}
