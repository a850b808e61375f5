/// A row of `characters`: the columns the engine needs (the table usually has many more).
public struct Character: Hashable, Sendable {
    public var id: Int
    /// Display name, e.g. "Elena Rodriguez".
    public var name: String?
    /// The bot key, e.g. "elena"; looked up case-insensitively.
    public var normalizedName: String?

    public init(id: Int, name: String?, normalizedName: String?) {
        self.id = id
        self.name = name
        self.normalizedName = normalizedName
    }
}
