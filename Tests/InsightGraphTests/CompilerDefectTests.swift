import Testing

/// A Swift 6.3.1 optimizer defect this code base once met, kept as a minimal reproduction so that a
/// toolchain upgrade that fixes it (or a rewrite that reintroduces the pattern) is noticed.
///
/// Pattern: an array made as a copy of another (`var rank = teleport`: both share one buffer),
/// then rotated with a second array by `swap` inside a loop that writes into it. At `-O`, the SIL
/// `cow-opts` pass treats the written buffer as uniquely referenced after the swap, so the writes
/// skip copy-on-write and land in `teleport` too (disabling that pass with
/// `-Xllvm -sil-disable-pass=cow-opts` restores the right answer). The power iteration IGQ's
/// `ppr()` used had exactly this shape: its restart term vanished after the first round, so
/// release builds returned scores decaying like damping^k. The cure in our code: PageRank runs on
/// the core's workspace, whose buffers are never copies of each other; do not write array code of
/// this shape (make the second array with `Array(repeating:count:)` and copy elements instead).
@Suite struct CompilerDefectTests {
    @inline(never)
    static func rotate(_ n: Int) -> (rank: [Double], teleport: [Double]) {
        var teleport = [Double](repeating: 0, count: n)
        teleport[0] = 1
        var rank = teleport
        var next = [Double](repeating: 0, count: n)
        for _ in 0..<2 {
            for i in 0..<n { next[i] = 0 }
            for i in 0..<n { next[i] += rank[i] + teleport[i] }
            swap(&rank, &next)
        }
        return (rank, teleport)
    }

    /// The same loop with the second array made on its own: right in every build.
    @inline(never)
    static func rotateWithoutSharedBuffer(_ n: Int) -> (rank: [Double], teleport: [Double]) {
        var teleport = [Double](repeating: 0, count: n)
        teleport[0] = 1
        var rank = [Double](repeating: 0, count: n)
        for i in 0..<n { rank[i] = teleport[i] }
        var next = [Double](repeating: 0, count: n)
        for _ in 0..<2 {
            for i in 0..<n { next[i] = 0 }
            for i in 0..<n { next[i] += rank[i] + teleport[i] }
            swap(&rank, &next)
        }
        return (rank, teleport)
    }

    @Test func workaroundIsRightInEveryBuild() {
        let result = Self.rotateWithoutSharedBuffer(1)
        #expect(result.rank == [3] && result.teleport == [1])
    }

    @Test func sharedBufferSwapLoop() {
        let result = Self.rotate(1)
        #if DEBUG
        #expect(result.rank == [3] && result.teleport == [1])
        #else
        // Known defect of the toolchain at -O (see the type's documentation). When a toolchain
        // computes this right, this known issue stops occurring and the test says so.
        withKnownIssue("Swift 6.3.1 -O: cow-opts skips copy-on-write after swap") {
            #expect(result.rank == [3] && result.teleport == [1])
        }
        #endif
    }
}
