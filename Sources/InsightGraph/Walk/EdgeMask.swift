/// Which relationships one walk may take: a per-call restriction of the snapshot's edges.
///
/// Callers build one per walk (IGQ from VIA, direction, MIN STRENGTH and EDGES WHERE; GraphML's
/// neighbourhood export and ``GraphSnapshot/neighbourhood(of:hops:filter:)`` from a
/// ``TraversalFilter``), and every walk of the core reads it the same way: the breadth-first search
/// and ``LocalWalk``, on which PageRank and path search run. Unless ``includesUnwalkable`` is set,
/// relationships whose ends belong to different characters (or one to a character and the other to
/// none), self-loops and relationships of weight 0 (NULL, NaN or negative strength under the
/// default ``StrengthPolicy``) are never taken. Insights without a loaded character (a GraphML file
/// exported without characters) still walk among themselves.
public struct EdgeMask {
    public var direction: WalkPolicy.Direction { didSet { precomputed = nil } }
    /// Allowed relationship types by the snapshot's type code (``GraphSnapshot/relationshipTypes``
    /// index); `nil` allows every type.
    public var allowedTypeCodes: Set<UInt16>? {
        didSet {
            allowedByCode = Self.flags(allowedTypeCodes)
            precomputed = nil
        }
    }
    /// ``allowedTypeCodes`` as one flag per code: tested for every relationship a walk looks at,
    /// where hashing into the set showed in profiles.
    private var allowedByCode: [Bool]?
    /// Relationships whose weight (strength after the snapshot's ``StrengthPolicy``) is below this
    /// are not taken.
    public var minimumStrength: Double { didSet { precomputed = nil } }
    /// Nodes a walk may enter; `nil`: any (a walk never leaves a character in any case).
    public var nodes: Range<NodeIndex>? { didSet { precomputed = nil } }
    /// A further test per relationship (IGQ's `EDGES WHERE`); `nil` accepts every relationship.
    public var accepts: ((EdgeIndex) -> Bool)? { didSet { precomputed = nil } }
    /// Also take what a ranking walk never does (cross-character relationships, self-loops, weight
    /// 0): for showing what is stored around an insight (GraphML's neighbourhood export), not for ranking.
    public var includesUnwalkable = false { didSet { precomputed = nil } }
    /// This mask's steps from each node of its character, kept by a ``MaskedStepsCache``
    /// (``MaskedStepsCache/attach(to:)`` sets it; changing the mask drops it): walks then read
    /// them instead of testing relationships, with the same results.
    public internal(set) var precomputed: MaskedSteps?

    /// Every stored relationship, both ways (see ``includesUnwalkable``).
    public static var everyRelationship: EdgeMask {
        var mask = EdgeMask()
        mask.includesUnwalkable = true
        return mask
    }

    public init(direction: WalkPolicy.Direction = .both, allowedTypeCodes: Set<UInt16>? = nil, minimumStrength: Double = 0,
                nodes: Range<NodeIndex>? = nil, accepts: ((EdgeIndex) -> Bool)? = nil) {
        self.direction = direction
        self.allowedTypeCodes = allowedTypeCodes
        allowedByCode = Self.flags(allowedTypeCodes)
        self.minimumStrength = minimumStrength
        self.nodes = nodes
        self.accepts = accepts
    }

    /// The mask of a ``TraversalFilter``: its type names resolved to `graph`'s type codes.
    public init(_ filter: TraversalFilter, in graph: GraphSnapshot) {
        var codes: Set<UInt16>?
        if let types = filter.types {
            codes = Set(graph.relationshipTypes.indices.filter { graph.relationshipTypes[$0].map(types.contains) ?? false }
                .map { UInt16($0) })
        }
        self.init(direction: filter.direction, allowedTypeCodes: codes, minimumStrength: filter.minimumStrength)
    }

    /// Whether a walk may take the adjacency entry `entry` of `graph`.
    @inline(__always)
    public func allows(_ entry: Adjacency, in graph: GraphSnapshot) -> Bool {
        let e = Int(entry.edge)
        if !includesUnwalkable {
            let flags = graph.edgeFlags[e]
            if flags.contains(.selfLoop) || !(entry.weight > 0) { return false }
            if flags.contains(.crossCharacter)
                && graph.nodeCharacter[Int(graph.edgeFrom[e])] != graph.nodeCharacter[Int(graph.edgeTo[e])] { return false }
        }
        if entry.weight < minimumStrength { return false }
        if let nodes, !nodes.contains(entry.node) { return false }
        if let allowedByCode {
            let code = Int(graph.edgeTypeCodes[e])
            if code >= allowedByCode.count || !allowedByCode[code] { return false }
        }
        if let accepts, !accepts(entry.edge) { return false }
        return true
    }

    private static func flags(_ codes: Set<UInt16>?) -> [Bool]? {
        guard let codes else { return nil }
        var flags = [Bool](repeating: false, count: Int(codes.max() ?? 0) + 1)
        for code in codes { flags[Int(code)] = true }
        return flags
    }

    /// Calls `body` with every entry a walk at `node` may take: outgoing first (unless the mask
    /// walks incoming only), then incoming, each in the snapshot's adjacency order.
    @inline(__always)
    public func forEachStep(from node: NodeIndex, in graph: GraphSnapshot, _ body: (Adjacency) -> Void) {
        if let precomputed, precomputed.nodes.contains(node) {
            precomputed.forEachStep(from: node, body)
            return
        }
        if direction != .incoming { for entry in graph.outgoing(node) where allows(entry, in: graph) { body(entry) } }
        if direction != .outgoing { for entry in graph.incoming(node) where allows(entry, in: graph) { body(entry) } }
    }
}
