import InsightGraph

/// Reads GraphML into a ``GraphSnapshot`` so the engine can run offline from a file.
///
/// Safe by construction: no network, no DTD, no entity expansion, bounded depth and value size
/// (``GraphMLReadLimits``). Reads InsightGraph's own exports (both flavours) exactly, so
/// export → import → export gives the same bytes, and reads other tools' GraphML reasonably.
public struct GraphMLImporter: Sendable {
    public var limits: GraphMLReadLimits
    public var strengthPolicy: StrengthPolicy

    public init(limits: GraphMLReadLimits = .default, strengthPolicy: StrengthPolicy = .default) {
        self.limits = limits
        self.strengthPolicy = strengthPolicy
    }

    /// - Parameter progress: called now and then with the bytes read so far.
    public func read(path: String, progress: ((Int64) -> Void)? = nil) throws(GraphMLError) -> GraphMLImport {
        try read(XMLStreamReader(path: path, limits: limits), progress: progress)
    }

    public func read(bytes: [UInt8]) throws(GraphMLError) -> GraphMLImport {
        try read(XMLStreamReader(bytes: bytes, limits: limits), progress: nil)
    }

    private func read(_ reader: XMLStreamReader, progress: ((Int64) -> Void)?) throws(GraphMLError) -> GraphMLImport {
        var parser = GraphMLDocumentParser(reader: reader, limits: limits)
        parser.progress = progress
        let collector = GraphMLRowCollector(strengthPolicy: strengthPolicy)
        try parser.parse(into: collector)
        return try collector.finish()
    }
}
