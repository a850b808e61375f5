/// How a stored `strength` becomes the weight that traversal and ranking use.
///
/// Nothing in the database keeps strengths in 0...1. The default policy makes sure a bad value can
/// never dominate a ranking: NULL and NaN weigh ``unusableWeight`` (0: the edge is kept and
/// exported, but never walked), negative values and -infinity weigh 0, values above 1 and
/// +infinity weigh 1. The stored value is always kept for export.
public struct StrengthPolicy: Hashable, Sendable {
    /// Weight given to NULL and NaN strengths.
    public var unusableWeight: Double

    public init(unusableWeight: Double = 0) {
        self.unusableWeight = unusableWeight
    }

    public static let `default` = StrengthPolicy()

    public func weight(for strength: Double?) -> Double {
        guard let strength, !strength.isNaN else { return unusableWeight }
        return min(max(strength, 0), 1)
    }
}
