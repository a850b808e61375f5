import Foundation
import InsightGraph

// Minimal seeding, written here while the retrieval module (issue 3) was not yet on main.
// Replace with its seed API once merged; the rule below is documented in Queries/README.md.
extension Execution {
    /// Seeds from a message: every insight with a trigger that occurs as a phrase in the message
    /// (case and diacritics folded). Each matched trigger adds `ln(1 + N / df)` to the insight's
    /// weight, where N is the number of insights in the source and df how many of them carry the
    /// trigger: a trigger many insights share says less about any one of them.
    func messageSeeds(_ message: String, into weights: inout [NodeIndex: Double], reasons: inout [NodeIndex: [String]]) {
        let words = TextFolding.words(message)
        guard !words.isEmpty else { return }
        let characters = sourceCharacter.map { [$0] } ?? Array(0..<graph.characters.count)
        for character in characters {
            let total = Double(graph.nodes(ofCharacter: character).count)
            for (trigger, nodes) in graph.triggers(ofCharacter: character).sorted(by: { $0.key < $1.key }) {
                let phrase = TextFolding.words(trigger)
                guard TextFolding.contains(words, phrase: phrase) else { continue }
                let weight = log(1 + total / Double(nodes.count))
                for node in nodes {
                    weights[node, default: 0] += weight
                    reasons[node, default: []].append("trigger '\(trigger)'")
                }
            }
        }
    }
}
