import InsightGraph

/// Finds a character by `normalized_name` (case-insensitive) or explains why not, with close names.
public enum CharacterLookup {
    /// The character's index, or a 404 ``ServiceError``: not served by this instance (outside its
    /// `--character` set), or unknown with up to three close names.
    static func find(_ name: String, in served: ServedSnapshot) throws -> Int {
        if let index = index(of: name, in: served.graph) { return index }
        if !served.scope.includes(name: name) { throw ServiceError.characterNotServed(name, served: served.scope.names) }
        throw ServiceError.unknownCharacter(name, closeNames: closeNames(to: name, among: served.characterNames))
    }

    /// A character by `normalized_name`, else by display `name` (both ignoring case), as the CLI's
    /// `--character` matches: "elena" and "Elena Rodriguez" are the same character.
    public static func index(of name: String, in graph: GraphSnapshot) -> Int? {
        if let index = graph.characterIndex(named: name) { return index }
        let lowered = name.lowercased()
        return graph.characters.firstIndex { $0.name?.lowercased() == lowered }
    }

    /// Names within a small edit distance (or sharing a prefix), nearest first, at most `limit`.
    public static func closeNames(to name: String, among names: [String], limit: Int = 3) -> [String] {
        let target = Array(name.lowercased())
        guard !target.isEmpty else { return [] }
        let allowed = max(2, target.count / 3)
        var scored: [(distance: Int, name: String)] = []
        for candidate in names {
            let lowered = Array(candidate.lowercased())
            let distance = editDistance(target, lowered, cap: allowed + 1)
            let prefix = target.count >= 3 && lowered.starts(with: target)
            if distance <= allowed || prefix { scored.append((prefix ? min(distance, allowed) : distance, candidate)) }
        }
        scored.sort { $0.distance != $1.distance ? $0.distance < $1.distance : $0.name < $1.name }
        return scored.prefix(limit).map(\.name)
    }

    /// Levenshtein distance, giving up (returning `cap`) once every path exceeds `cap`.
    static func editDistance(_ a: [Swift.Character], _ b: [Swift.Character], cap: Int) -> Int {
        if abs(a.count - b.count) >= cap { return cap }
        var previous = Array(0...b.count)
        var row = [Int](repeating: 0, count: b.count + 1)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            row[0] = i
            var best = row[0]
            for j in 1..<(b.count + 1) {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                row[j] = min(substitution, previous[j] + 1, row[j - 1] + 1)
                best = min(best, row[j])
            }
            if best >= cap { return cap }
            swap(&previous, &row)
        }
        return min(previous[b.count], cap)
    }
}
