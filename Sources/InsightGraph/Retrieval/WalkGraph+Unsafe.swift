extension WalkGraph {
    /// The CSR arrays as buffers, for the inner loops of a walk: reading them skips the array's
    /// retain and bounds check per access. Bounds are still checked in debug builds
    /// (`UnsafeBufferPointer`'s subscript does so). Valid inside ``withBuffers(_:)`` only.
    @usableFromInline package struct Buffers {
        package let offsets: UnsafeBufferPointer<Int32>
        package let neighbors: UnsafeBufferPointer<NodeIndex>
        package let weights: UnsafeBufferPointer<Double>
        package let inverseDegrees: UnsafeBufferPointer<Double>
        package let degrees: UnsafeBufferPointer<Double>
        package let pushEntries: UnsafeBufferPointer<PushEntry>
        package let pushDegrees: UnsafeBufferPointer<Double>

        @usableFromInline
        init(offsets: UnsafeBufferPointer<Int32>, neighbors: UnsafeBufferPointer<NodeIndex>,
             weights: UnsafeBufferPointer<Double>, inverseDegrees: UnsafeBufferPointer<Double>,
             degrees: UnsafeBufferPointer<Double>, pushEntries: UnsafeBufferPointer<PushEntry>,
             pushDegrees: UnsafeBufferPointer<Double>) {
            self.offsets = offsets
            self.neighbors = neighbors
            self.weights = weights
            self.inverseDegrees = inverseDegrees
            self.degrees = degrees
            self.pushEntries = pushEntries
            self.pushDegrees = pushDegrees
        }
    }

    /// Calls `body` with the graph's arrays as ``Buffers``.
    @inlinable @inline(__always)
    package func withBuffers<R>(_ body: (Buffers) throws -> R) rethrows -> R {
        try offsets.withUnsafeBufferPointer { offsets in
            try neighbors.withUnsafeBufferPointer { neighbors in
                try weights.withUnsafeBufferPointer { weights in
                    try inverseDegrees.withUnsafeBufferPointer { inverseDegrees in
                        try degrees.withUnsafeBufferPointer { degrees in
                            try pushEntries.withUnsafeBufferPointer { pushEntries in
                                try pushDegrees.withUnsafeBufferPointer { pushDegrees in
                                    try body(Buffers(offsets: offsets, neighbors: neighbors, weights: weights,
                                                     inverseDegrees: inverseDegrees, degrees: degrees,
                                                     pushEntries: pushEntries, pushDegrees: pushDegrees))
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
