import InsightGraph

/// Writes a ``GraphSnapshot`` (or part of it) as GraphML, streaming: memory does not grow with the
/// output, and the same graph and options always give the same bytes.
///
/// ```swift
/// let report = try GraphMLExporter(snapshot: graph, options: .init(flavour: .yed)).write(toFile: "mind.graphml")
/// ```
public struct GraphMLExporter: Sendable {
    public let snapshot: GraphSnapshot
    public var options: GraphMLExportOptions

    public init(snapshot: GraphSnapshot, options: GraphMLExportOptions = GraphMLExportOptions()) {
        self.snapshot = snapshot
        self.options = options
    }

    /// Writes to `path` through a temporary file renamed on success.
    /// - Parameter progress: called now and then with (elements written, elements in total).
    @discardableResult
    public func write(toFile path: String, progress: ((Int, Int) -> Void)? = nil) throws(GraphMLError) -> GraphMLExportReport {
        let selection = try GraphMLSelection(snapshot: snapshot, options: options)
        let output = try GraphMLOutputFile(path: path)
        let report: GraphMLExportReport
        do {
            report = try write(selection, to: output.fileDescriptor, progress: progress)
        } catch .writeFailed(let action, let number) {
            // Name the file: the writer only knows the element it was writing.
            throw .writeFailed("\(action) to \(path)", errno: number)
        }
        try output.commit()
        return report
    }

    /// Writes to an open descriptor (e.g. 1 for standard output), which stays open.
    @discardableResult
    public func write(toFileDescriptor fd: Int32, progress: ((Int, Int) -> Void)? = nil) throws(GraphMLError) -> GraphMLExportReport {
        let selection = try GraphMLSelection(snapshot: snapshot, options: options)
        return try write(selection, to: fd, progress: progress)
    }

    private func write(_ selection: GraphMLSelection, to fd: Int32,
                       progress: ((Int, Int) -> Void)?) throws(GraphMLError) -> GraphMLExportReport {
        let sink = try XMLSink(fileDescriptor: fd)
        let document = try GraphMLDocumentWriter(sink: sink, snapshot: snapshot, options: options, progress: progress)
        try document.write(selection)
        return document.report
    }
}
