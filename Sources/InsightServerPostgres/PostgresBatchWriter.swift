import InsightServer
import Dispatch
import InsightStore

/// ``BatchWriter`` over one PostgreSQL connection of its own, through ``InsightWriter`` (the same
/// merge rules and one transaction per batch as `insightgraph ingest`). Batches are written one at
/// a time — writers serialise on an advisory lock anyway — on a private queue, since libpq blocks.
/// A database failure drops the connection; the next batch reconnects.
public final class PostgresBatchWriter: BatchWriter, @unchecked Sendable {
    private let conninfo: String
    private let queue = DispatchQueue(label: "insightgraph.batch-writer")
    /// Touched only on `queue`.
    private var connection: Connection?

    /// - Parameter conninfo: a libpq conninfo string or URI; empty means the PG* environment.
    public init(conninfo: String) { self.conninfo = conninfo }

    public func write(_ batch: RecordBatch, character: String, strict: Bool) async throws -> BatchWriteResult {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(with: Result { () throws(BatchWriteError) in
                    try self.writeOnQueue(batch, character: character, strict: strict)
                })
            }
        }
    }

    private func writeOnQueue(_ batch: RecordBatch, character: String, strict: Bool) throws(BatchWriteError) -> BatchWriteResult {
        let result: BatchWriteResult?
        do {
            result = try ingest(batch, character: character, strict: strict)
        } catch {
            if case .database = error { connection = nil }  // reconnect next time
            throw .ingest(error)
        }
        guard let result else { throw .unknownCharacter(character) }
        return result
    }

    /// `nil` when no character has this name.
    private func ingest(_ batch: RecordBatch, character: String, strict: Bool) throws(IngestError) -> BatchWriteResult? {
        let connection: Connection
        if let open = self.connection {
            connection = open
        } else {
            do { connection = try Connection(conninfo) } catch { throw .database(error) }
            self.connection = connection
        }
        let writer = InsightWriter(connection: connection, options: IngestOptions(strict: strict, collectWrittenIds: true))
        return try writer.write(jsonRecords: batch.records.map(\.bytes), character: character)
            .map { BatchWriteResult(character: $0.character, summary: $0.summary) }
    }
}
