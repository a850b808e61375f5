import InsightGraph

extension RetrieverEngine {
    /// An incremental refresh: the new snapshot's ``RetrievalIndex`` reuses the served one's parts
    /// (``RetrievalIndex/init(snapshot:reusing:)``, equal to a full build).
    func prepare(_ snapshot: GraphSnapshot, reusing previous: (any SnapshotRetriever)?) throws -> any SnapshotRetriever {
        guard let old = previous?.retrievers?.index else { return try prepare(snapshot) }
        return PooledRetriever(index: RetrievalIndex(snapshot: snapshot, reusing: old), defaults: defaults)
    }
}
