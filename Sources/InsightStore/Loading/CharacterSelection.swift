import InsightGraph

/// Resolves `--character NAME` arguments against the `characters` rows.
///
/// A name matches a character whose `normalized_name` or `name` equals it, ignoring case. Names
/// that match nothing fail together, with the closest existing names as a hint.
enum CharacterSelection {
    static func resolve(_ names: [String], among characters: [Character]) throws(StoreError) -> Set<Int> {
        var selected = Set<Int>()
        var unknown: [String] = []
        for name in names {
            let key = name.lowercased()
            let matches = characters.filter {
                $0.normalizedName?.lowercased() == key || $0.name?.lowercased() == key
            }
            if matches.isEmpty { unknown.append(name) }
            for match in matches { selected.insert(match.id) }
        }
        guard unknown.isEmpty else {
            throw .unknownCharacters(names: unknown, closeNames: closeNames(to: unknown, among: characters))
        }
        return selected
    }

    /// Up to five normalized names within a small edit distance of (or containing) any unknown name.
    static func closeNames(to unknown: [String], among characters: [Character]) -> [String] {
        var scored: [(distance: Int, name: String)] = []
        for candidate in Set(characters.compactMap(\.normalizedName)) {
            let lowered = candidate.lowercased()
            var best = Int.max
            for name in unknown {
                let key = name.lowercased()
                let distance = (lowered.contains(key) || key.contains(lowered)) ? 1 : editDistance(key, lowered)
                best = min(best, distance)
            }
            if best <= max(2, candidate.count / 3) { scored.append((best, candidate)) }
        }
        return scored.sorted { ($0.distance, $0.name) < ($1.distance, $1.name) }.prefix(5).map(\.name)
    }

    /// Levenshtein distance over Unicode scalars.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a.unicodeScalars), b = Array(b.unicodeScalars)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
