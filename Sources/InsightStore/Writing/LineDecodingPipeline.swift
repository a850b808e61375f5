import Dispatch

/// Reads and decodes input lines on a second thread while the caller's thread talks to the
/// database, so JSON decoding (about a quarter of an ingest's time) overlaps the server's work.
/// Chunks of decoded lines travel through a small bounded buffer (at most `depth` chunks ahead).
final class LineDecodingPipeline: @unchecked Sendable {
    /// A decoded line: its number and the record or the problem.
    typealias Entry = (line: Int, result: Result<IngestRecord, IngestProblem>)

    private let lock = DispatchSemaphore(value: 1)
    private let free: DispatchSemaphore
    private let filled = DispatchSemaphore(value: 0)
    private var chunks: [[Entry]] = []
    private var finished = false
    private var closed = false
    private var readFailedAfterLine: Int?
    private let done = DispatchSemaphore(value: 0)

    /// Starts the reading thread; `reader` belongs to it from now on.
    init(reader: LineReader, decoder: IngestRecordDecoder, chunkSize: Int = 4096, depth: Int = 8) {
        free = DispatchSemaphore(value: depth)
        let transfer = UncheckedBox(reader)
        DispatchQueue.global().async { [self] in
            defer { done.signal() }
            let reader = transfer.value
            var chunk: [Entry] = []
            chunk.reserveCapacity(chunkSize)
            var lineNumber = 0
            while let line = reader.next() {
                lineNumber += 1
                if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }  // blank lines are ignored
                chunk.append((lineNumber, decoder.decode(line: line, lineNumber: lineNumber)))
                if chunk.count == chunkSize {
                    guard send(chunk) else { return }
                    chunk.removeAll(keepingCapacity: true)
                }
            }
            if !chunk.isEmpty, !send(chunk) { return }
            lock.wait()
            if reader.failed { readFailedAfterLine = lineNumber }
            finished = true
            lock.signal()
            filled.signal()
        }
    }

    /// Stops the reading thread (if still running) and waits for it.
    deinit {
        close()
    }

    private func send(_ chunk: [Entry]) -> Bool {
        free.wait()
        lock.wait()
        defer { lock.signal() }
        if closed { return false }
        chunks.append(chunk)
        filled.signal()
        return true
    }

    /// The next chunk, or nil at the end of the input.
    func next() -> [Entry]? {
        filled.wait()
        lock.wait()
        defer { lock.signal() }
        if chunks.isEmpty {
            filled.signal()  // finished: let later calls return nil too
            return nil
        }
        free.signal()
        return chunks.removeFirst()
    }

    /// The last line read before a read error, if reading stopped on one (valid after ``next()`` returned nil).
    var readError: Int? {
        lock.wait()
        defer { lock.signal() }
        return readFailedAfterLine
    }

    /// Makes a blocked reader give up, then waits for the thread to end.
    func close() {
        lock.wait()
        let wasClosed = closed
        closed = true
        lock.signal()
        guard !wasClosed else { return }
        for _ in 0..<64 { free.signal() }  // wake a reader waiting for room; it sees `closed`
        done.wait()
    }
}

/// Hands a value to another thread that becomes its only user.
private struct UncheckedBox<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
