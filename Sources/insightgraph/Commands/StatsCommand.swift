import ArgumentParser
import Foundation
import InsightGraph
import InsightStore

/// `insightgraph stats`: sizes, type histograms and anomalies of the loaded graph.
///
/// JSON (`--format json`, keys sorted, stable):
/// ```
/// {"totals": {"characters", "insights", "relationships", "learning_events",
///             "unassigned_insights", "unassigned_relationships"},
///  "anomalies": {"<reason>": n, ...}            every reason, 0 included
///  "anomaly_examples": {"<reason>": [row ids]}  up to 5 ids per reason present
///  "characters": [{"id", "name", "normalized_name", "insights", "relationships",
///                  "insight_types": {...}, "relationship_types": {...}}]  by id
///  "rows_read": {"<table>": n}}                 database sources only
/// ```
/// `relationships` of a character counts the loaded edges whose from-insight is the character's;
/// NULL types are counted under "(null)".
struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Per-character insight and relationship counts, type histograms and anomalies."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, json
    }

    @OptionGroup var source: GraphSourceOptions

    @Option(name: .long, help: "Output format: table or json.")
    var format: Format = .table

    func run() throws {
        let loaded = try source.loadGraph()
        let statistics = GraphStatistics(loaded.snapshot)
        switch format {
        case .json:
            let object = Self.json(statistics, graph: loaded.snapshot, stats: loaded.stats)
            let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        case .table:
            print(Self.table(statistics, graph: loaded.snapshot, stats: loaded.stats), terminator: "")
        }
    }

    static func json(_ statistics: GraphStatistics, graph: GraphSnapshot, stats: LoadStats?) -> [String: Any] {
        var anomalies: [String: Any] = [:]
        var examples: [String: Any] = [:]
        for reason in AnomalyReason.allCases {
            anomalies[reason.rawValue] = graph.anomalies.count(reason)
            if let ids = graph.anomalies.examples[reason], !ids.isEmpty { examples[reason.rawValue] = ids }
        }
        var object: [String: Any] = [
            "totals": [
                "characters": graph.characters.count,
                "insights": statistics.insights,
                "relationships": statistics.relationships,
                "learning_events": graph.learningEvents.count,
                "unassigned_insights": statistics.unassignedInsights,
                "unassigned_relationships": statistics.unassignedRelationships,
            ],
            "anomalies": anomalies,
            "anomaly_examples": examples,
            "characters": statistics.characters.map { character -> [String: Any] in
                [
                    "id": character.id,
                    "name": character.name ?? NSNull(),
                    "normalized_name": character.normalizedName ?? NSNull(),
                    "insights": character.insights,
                    "relationships": character.relationships,
                    "insight_types": character.insightTypes,
                    "relationship_types": character.relationshipTypes,
                ]
            },
        ]
        if let stats { object["rows_read"] = stats.rowsPerTable }
        return object
    }

    static func table(_ statistics: GraphStatistics, graph: GraphSnapshot, stats: LoadStats?) -> String {
        var out = "characters \(graph.characters.count)  insights \(statistics.insights)  "
            + "relationships \(statistics.relationships)  learning events \(graph.learningEvents.count)\n"
        if statistics.unassignedInsights > 0 {
            out += "insights without a known character: \(statistics.unassignedInsights) "
                + "(relationships from them: \(statistics.unassignedRelationships))\n"
        }
        if let stats {
            out += String(format: "loaded in %.2f s (read %.2f s, build %.2f s)\n",
                          stats.totalSeconds, stats.readSeconds, stats.buildSeconds)
        }
        out += "\n"
        let header = ["ID", "NORMALIZED_NAME", "NAME", "INSIGHTS", "RELATIONSHIPS"]
        var rows = statistics.characters.map {
            [String($0.id), $0.normalizedName ?? "(null)", $0.name ?? "(null)", String($0.insights), String($0.relationships)]
        }
        rows.insert(header, at: 0)
        let widths = (0..<header.count).map { column in rows.map { $0[column].count }.max() ?? 0 }
        for row in rows {
            let line = zip(row, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }
                .joined(separator: "  ")
            out += String(line.reversed().drop { $0 == " " }.reversed()) + "\n"
        }
        for character in statistics.characters where character.insights > 0 || character.relationships > 0 {
            out += "\n\(character.normalizedName ?? String(character.id)):\n"
            out += "  insight types:      " + histogram(character.insightTypes) + "\n"
            out += "  relationship types: " + histogram(character.relationshipTypes) + "\n"
        }
        out += "\nanomalies:"
        let reasons = graph.anomalies.reasons
        if reasons.isEmpty { out += " none\n" } else { out += "\n" }
        for reason in reasons {
            let ids = graph.anomalies.examples[reason, default: []].map(String.init).joined(separator: ", ")
            out += "  \(reason.rawValue) (\(reason.action.rawValue)): \(graph.anomalies.count(reason))"
                + "  e.g. \(reason.table) id \(ids)\n"
        }
        return out
    }

    static func histogram(_ counts: [String: Int]) -> String {
        if counts.isEmpty { return "-" }
        return counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { "\($0.key) \($0.value)" }
            .joined(separator: ", ")
    }
}
