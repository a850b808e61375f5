import Synchronization

/// Retrievers for one ``RetrievalIndex``, shared by every thread that serves it.
///
/// A ``Retriever`` owns scratch buffers sized to the whole snapshot and serves one call at a time;
/// making one per request would cost an allocation of those buffers each time. The pool hands an
/// idle one out for the length of a call and grows to the peak number of concurrent calls. The
/// HTTP service keeps one pool per snapshot for `/v1/retrieve` and IGQ's `SEED MESSAGE`.
public final class RetrieverPool: @unchecked Sendable {
    public let index: RetrievalIndex
    /// The options a caller ranks with when it has none of its own: the service's (`serve
    /// --weights`), so that IGQ's default ranking is the one `/v1/retrieve` answers with.
    public let defaults: RetrievalOptions
    /// Walk rows per character and edge mask, for IGQ's walks over this snapshot (see ``MaskedStepsCache``).
    public let maskedSteps: MaskedStepsCache
    /// Numeric insight fields as dense columns, for IGQ's RANK BY over this snapshot.
    public let numbers: InsightNumberColumns
    /// Idle retrievers, read and written only under `lock`. `@unchecked Sendable`: a retriever is
    /// used only by the thread that took it out of this list.
    private var idle: [Retriever]
    private var idleScratch: [WalkScratch] = []
    private let lock = Mutex(())

    /// One retriever is made here, so that the first call does not pay for sizing scratch buffers.
    public init(index: RetrievalIndex, defaults: RetrievalOptions = .init()) {
        self.index = index
        self.defaults = defaults
        maskedSteps = MaskedStepsCache(snapshot: index.snapshot)
        numbers = InsightNumberColumns(snapshot: index.snapshot)
        idle = [Retriever(index: index)]
    }

    /// Runs `body` with walk scratch (``WalkScratch``) for this snapshot that no other thread uses meanwhile.
    public func withWalkScratch<Result>(_ body: (WalkScratch) throws -> Result) rethrows -> Result {
        let scratch = lock.withLock { _ in idleScratch.popLast() } ?? WalkScratch(nodeCount: index.snapshot.nodeCount)
        defer { lock.withLock { _ in idleScratch.append(scratch) } }
        return try body(scratch)
    }

    /// Runs `body` with a retriever no other thread uses meanwhile.
    public func withRetriever<Result>(_ body: (Retriever) throws -> Result) rethrows -> Result {
        let retriever = lock.withLock { _ in idle.popLast() } ?? Retriever(index: index)
        defer { lock.withLock { _ in idle.append(retriever) } }
        return try body(retriever)
    }
}
