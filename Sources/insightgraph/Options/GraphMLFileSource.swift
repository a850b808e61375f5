import Foundation
import GraphML
import InsightGraph

/// `--source FILE.graphml`: the graph read from an earlier export instead of PostgreSQL, so the
/// engine runs offline. Meant for every command that takes a graph source.
enum GraphMLFileSource {
    /// Reads the file; with `characters`, keeps only those characters' rows, as the database loader
    /// does (relationships leaving the selection are counted as outside it). What the import left
    /// out (other tools' columns, hyperedges) is noted on stderr.
    /// - Parameter showProgress: a self-overwriting "reading FILE: 45%" line on stderr.
    static func load(path: String, characters: [String] = [], showProgress: Bool = false) throws -> GraphSnapshot {
        let result: GraphMLImport
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int64) ?? nil
        var shown = false
        let progress: ((Int64) -> Void)? = showProgress ? { bytes in
            let amount = size.map { "\(min(bytes * 100 / max($0, 1), 100))%" } ?? "\(bytes >> 20) MiB"
            FileHandle.standardError.write(Data("\r\u{1B}[Kreading \(path): \(amount)".utf8))
            shown = true
        } : nil
        defer { if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) } }
        do {
            result = try GraphMLImporter().read(path: path, progress: progress)
        } catch {
            throw GraphMLCommandError("reading \(path): \(error)")
        }
        for note in notes(result.report) {
            FileHandle.standardError.write(Data("note: \(path): \(note)\n".utf8))
        }
        return characters.isEmpty ? result.snapshot : try select(characters, from: result.snapshot, path: path)
    }

    static func notes(_ report: GraphMLImportReport) -> [String] {
        var notes: [String] = []
        if !report.ignoredKeys.isEmpty {
            notes.append("ignored \(report.ignoredValues) values of \(report.ignoredKeys.count) unknown keys ("
                         + report.ignoredKeys.prefix(8).joined(separator: ", ") + (report.ignoredKeys.count > 8 ? ", ..." : "") + ")")
        }
        if report.ignoredElements > 0 { notes.append("ignored \(report.ignoredElements) elements a graph of insights cannot hold") }
        if report.ignoredEdges > 0 { notes.append("ignored \(report.ignoredEdges) edges that do not join two insights") }
        if report.duplicateEdgeIds > 0 { notes.append("\(report.duplicateEdgeIds) edge ids repeat (read anyway)") }
        if report.generatedInsightIds + report.generatedRelationshipIds > 0 {
            notes.append("gave ids to \(report.generatedInsightIds) nodes and \(report.generatedRelationshipIds) edges without db_id")
        }
        return notes
    }

    /// The chosen characters' rows rebuilt into a snapshot of their own.
    static func select(_ names: [String], from graph: GraphSnapshot, path: String) throws -> GraphSnapshot {
        var builder = GraphBuilder(isPartialSelection: true, strengthPolicy: graph.strengthPolicy)
        for name in names {
            guard let index = graph.characterIndex(named: name)
                ?? graph.characters.firstIndex(where: { $0.name?.lowercased() == name.lowercased() })
                ?? Int(name).flatMap({ graph.characterIndex(forId: $0) }) else {
                throw GraphMLCommandError("\(path) has no character named \"\(name)\"")
            }
            builder.add(graph.characters[index])
            for node in graph.nodes(ofCharacter: index) {
                builder.add(graph.insight(at: node))
                for entry in graph.outgoing(node) { builder.add(graph.relationship(at: entry.edge)) }
            }
            for event in graph.learningEvents(ofCharacter: index) { builder.add(event) }
        }
        return builder.build()
    }
}
