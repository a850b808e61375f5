/// Bounds the reader enforces on top of libxml2's own (which stay on: no XML_PARSE_HUGE).
public struct GraphMLReadLimits: Sendable, Equatable {
    /// Deepest element nesting accepted. GraphML needs about 8 (yEd markup included).
    public var maxDepth: Int
    /// Longest single text or attribute value, in bytes.
    public var maxValueBytes: Int

    public init(maxDepth: Int = 64, maxValueBytes: Int = 8 << 20) {
        self.maxDepth = maxDepth
        self.maxValueBytes = maxValueBytes
    }

    public static let `default` = GraphMLReadLimits()
}
