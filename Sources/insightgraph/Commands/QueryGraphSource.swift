import ArgumentParser
import InsightGraph

/// SEAM: where `query` gets its graph. The shared `GraphSourceOptions` (store helper, issue 2) was
/// not on main when this was written; once it is, replace this type's use in QueryCommand with
/// `@OptionGroup var source: GraphSourceOptions` and `try source.loadGraph().snapshot`, and delete
/// this file.
struct QueryGraphSource: ParsableArguments {
    struct Unavailable: Error, CustomStringConvertible {
        var description: String { "no graph source is available in this build yet (GraphSourceOptions is not merged)" }
    }

    func loadSnapshot() throws -> GraphSnapshot {
        throw Unavailable()
    }
}
