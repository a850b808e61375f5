import InsightGraph

/// Which characters one service instance serves: every character, or the names given with
/// `serve --character` (sharding characters across instances).
///
/// A name matches a character whose `normalized_name` or `name` equals it, ignoring case, as the
/// loader's character filter does.
public struct CharacterScope: Sendable, Equatable {
    /// The configured names, first spelling kept, duplicates (ignoring case) dropped; empty = all.
    public let names: [String]
    private let keys: Set<String>

    public static let all = CharacterScope(names: [])

    public init(names: [String]) {
        var seen = Set<String>()
        var kept: [String] = []
        for name in names where seen.insert(name.lowercased()).inserted { kept.append(name) }
        self.names = kept
        self.keys = seen
    }

    /// True when no names were configured: the instance serves every character.
    public var isAll: Bool { names.isEmpty }

    /// Whether a request for `name` belongs to this instance.
    public func includes(name: String) -> Bool { isAll || keys.contains(name.lowercased()) }

    /// Whether a `characters` row belongs to this instance.
    public func includes(_ character: Character) -> Bool {
        isAll || [character.normalizedName, character.name].contains { $0.map { keys.contains($0.lowercased()) } ?? false }
    }
}
