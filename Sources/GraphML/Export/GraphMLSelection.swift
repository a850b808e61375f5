import InsightGraph

/// The rows one export writes, resolved from a ``GraphMLScope`` and in output order.
///
/// Output order never depends on how the snapshot grouped its nodes: insights, characters and
/// events are written in id order and relationships in id order, so exporting a re-imported file
/// yields the same bytes.
struct GraphMLSelection {
    /// Insight nodes, ascending by insight id.
    var nodes: [NodeIndex]
    /// Relationships, ascending by id (edge index order is id order).
    var edges: [EdgeIndex]
    /// Character indexes (into `snapshot.characters`, which is in id order).
    var characters: [Int]
    /// Indexes into `snapshot.learningEvents`, ascending by event id.
    var events: [Int]

    init(snapshot: GraphSnapshot, options: GraphMLExportOptions) throws(GraphMLError) {
        var inNodes: [Bool]
        var explicitEdges: [EdgeIndex]?
        switch options.scope {
        case .wholeGraph:
            inNodes = [Bool](repeating: true, count: snapshot.nodeCount)
        case .characters(let names):
            inNodes = [Bool](repeating: false, count: snapshot.nodeCount)
            for name in names {
                let index = try Self.characterIndex(name, in: snapshot)
                for node in snapshot.nodes(ofCharacter: index) { inNodes[Int(node)] = true }
            }
        case let .neighbourhood(insightId, hops):
            guard let start = snapshot.node(forInsightId: insightId) else {
                throw .unknownScope("no insight with id \(insightId) in the graph")
            }
            guard hops >= 0 else { throw .unknownScope("--hops must be 0 or more, not \(hops)") }
            inNodes = Self.neighbourhood(of: start, hops: hops, in: snapshot)
        case let .subset(insightIds, relationshipIds):
            inNodes = [Bool](repeating: false, count: snapshot.nodeCount)
            for id in insightIds {
                guard let node = snapshot.node(forInsightId: id) else {
                    throw .unknownScope("no insight with id \(id) in the graph")
                }
                inNodes[Int(node)] = true
            }
            var edges: [EdgeIndex] = []
            for id in Set(relationshipIds) {
                guard let edge = Self.edgeIndex(forRelationshipId: id, in: snapshot) else {
                    throw .unknownScope("no relationship with id \(id) in the graph")
                }
                edges.append(edge)
                inNodes[Int(snapshot.edgeFrom[Int(edge)])] = true
                inNodes[Int(snapshot.edgeTo[Int(edge)])] = true
            }
            explicitEdges = edges.sorted()
        }

        var nodes: [NodeIndex] = []
        for n in 0..<snapshot.nodeCount where inNodes[n] { nodes.append(NodeIndex(n)) }
        nodes.sort { snapshot.insights[Int($0)].id < snapshot.insights[Int($1)].id }
        self.nodes = nodes

        if let explicitEdges {
            edges = explicitEdges
        } else {
            edges = []
            for e in 0..<snapshot.edgeCount
            where inNodes[Int(snapshot.edgeFrom[e])] && inNodes[Int(snapshot.edgeTo[e])] {
                edges.append(EdgeIndex(e))
            }
        }

        characters = []
        events = []
        guard options.includesCharacters else { return }
        if options.scope == .wholeGraph {
            characters = Array(snapshot.characters.indices)
        } else {
            var used = Set<Int>()
            for node in nodes where snapshot.nodeCharacter[Int(node)] >= 0 {
                used.insert(Int(snapshot.nodeCharacter[Int(node)]))
            }
            if case .characters(let names) = options.scope {
                for name in names { used.insert(try Self.characterIndex(name, in: snapshot)) }
            }
            characters = used.sorted()
        }
        guard options.withTimeline else { return }
        if options.scope == .wholeGraph {
            events = Array(snapshot.learningEvents.indices)
        } else {
            for c in characters {
                let range = snapshot.learningEvents(ofCharacter: c).indices
                events.append(contentsOf: range)
            }
        }
        events.sort { snapshot.learningEvents[$0].id < snapshot.learningEvents[$1].id }
    }

    /// The insights within `hops` relationships of `start`, either way, over every stored
    /// relationship (the core's breadth-first search with ``EdgeMask/everyRelationship``).
    static func neighbourhood(of start: NodeIndex, hops: Int, in snapshot: GraphSnapshot) -> [Bool] {
        var seen = [Bool](repeating: false, count: snapshot.nodeCount)
        for reached in snapshot.breadthFirst(from: [start], maxHops: hops, mask: .everyRelationship).order {
            seen[Int(reached.node)] = true
        }
        return seen
    }

    static func characterIndex(_ name: String, in snapshot: GraphSnapshot) throws(GraphMLError) -> Int {
        if let index = snapshot.characterIndex(named: name) { return index }
        if let index = snapshot.characters.firstIndex(where: { $0.name?.lowercased() == name.lowercased() }) {
            return index
        }
        if let id = Int(name), let index = snapshot.characterIndex(forId: id) { return index }
        let known = snapshot.characters.compactMap(\.normalizedName).prefix(12).joined(separator: ", ")
        throw .unknownScope("no character named \"\(name)\" (known: \(known.isEmpty ? "none" : known))")
    }

    /// Edge indexes are in relationship id order, so a binary search finds an id.
    static func edgeIndex(forRelationshipId id: Int, in snapshot: GraphSnapshot) -> EdgeIndex? {
        var low = 0, high = snapshot.edgeCount
        while low < high {
            let mid = (low + high) / 2
            if snapshot.edgeIds[mid] < id { low = mid + 1 } else { high = mid }
        }
        return low < snapshot.edgeCount && snapshot.edgeIds[low] == id ? EdgeIndex(low) : nil
    }
}
