import ArgumentParser
import Foundation
import InsightGraph
import InsightServer

/// `insightgraph tune`: k-fold cross-validation of a small grid of retrieval settings on a labelled
/// set (the questions format of `eval`), choosing by mean held-out recall@10 + MRR@10. Prints each
/// fold's chosen values and held-out metrics (the folds' spread) and writes a settings file that
/// `retrieve`, `eval` and `serve` accept with `--weights`: the base settings (`--weights`, else the
/// defaults) with the grid values chosen on all questions. The best grid point replaces the base
/// settings only when its gain in recall@10 + MRR@10 is significant (paired-bootstrap 95 % interval
/// above 0, ``CrossValidation``), in each fold as on all questions; ties go to the base.
/// `min_score` is not searched: it gates filler messages, which recall and MRR do not see.
struct TuneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tune",
        abstract: "Choose retrieval weights by k-fold cross-validation on labelled messages; write a --weights file."
    )

    @OptionGroup var source: GraphSourceOptions

    @Option(name: .long, help: ArgumentHelp("Labelled messages, one JSON object a line (as for eval).", valueName: "file.jsonl"))
    var questions: String

    @Option(name: .long, help: "Folds (over questions).")
    var folds: Int = 5

    @Option(name: .long, help: "Seed of the fold shuffle.")
    var seed: UInt64 = 1

    @Option(name: .long, help: ArgumentHelp("Where to write the chosen settings.", valueName: "weights.json"))
    var out: String

    @Option(name: .long, help: ArgumentHelp("Base settings: the fields not searched come from here.", valueName: "file.json"))
    var weights: String?

    @Option(name: .customLong("graph-boost-grid"), help: ArgumentHelp("graph_boost values.", valueName: "x,x,..."))
    var graphBoostGrid = "0,0.1,0.2,0.3,0.5"

    @Option(name: .customLong("k1-grid"), help: ArgumentHelp("bm25.k1 values.", valueName: "x,x,..."))
    var k1Grid = "0.9,1.2,1.5"

    @Option(name: .customLong("b-grid"), help: ArgumentHelp("bm25.b values.", valueName: "x,x,..."))
    var bGrid = "0.5,0.75"

    @Option(name: .customLong("phrase-weight-grid"), help: ArgumentHelp("phrase_weight values (default: the base value only).", valueName: "x,x,..."))
    var phraseWeightGrid: String?

    static func values(_ text: String, _ flag: String) throws -> [Double] {
        let values = text.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard !values.isEmpty, values.allSatisfy({ $0 != nil && $0!.isFinite && $0! >= 0 }) else {
            throw ValidationError("\(flag): expected numbers >= 0 separated by commas, got '\(text)'")
        }
        return values.map { $0! }
    }

    func validate() throws {
        guard folds >= 2 else { throw ValidationError("--folds must be at least 2") }
        _ = try Self.values(graphBoostGrid, "--graph-boost-grid")
        _ = try Self.values(k1Grid, "--k1-grid")
        _ = try Self.values(bGrid, "--b-grid")
        if let phraseWeightGrid { _ = try Self.values(phraseWeightGrid, "--phrase-weight-grid") }
    }

    /// The grid over `base`; base's own values first (they win ties).
    func candidates(_ base: RetrievalSettings) throws -> [RetrievalSettings] {
        func ordered(_ values: [Double], first: Double) -> [Double] {
            values.contains(first) ? [first] + values.filter { $0 != first } : values
        }
        let r = base.retrieval
        var out: [RetrievalSettings] = []
        for beta in ordered(try Self.values(graphBoostGrid, "--graph-boost-grid"), first: r.graphBoost) {
            for k1 in ordered(try Self.values(k1Grid, "--k1-grid"), first: r.seeds.k1) {
                for b in ordered(try Self.values(bGrid, "--b-grid"), first: r.seeds.b) {
                    for phrase in ordered(try phraseWeightGrid.map { try Self.values($0, "--phrase-weight-grid") } ?? [r.phraseWeight],
                                          first: r.phraseWeight) {
                        // Through the settings parser, so grid values obey the same ranges as a file.
                        do {
                            out.append(try base.applying(.object([
                                "graph_boost": .number(beta), "bm25": .object(["k1": .number(k1), "b": .number(b)]),
                                "phrase_weight": .number(phrase),
                            ])))
                        } catch { throw ValidationError("grid: \(error.message(root: ""))") }
                    }
                }
            }
        }
        if out.first?.retrieval != base.retrieval { out.insert(base, at: 0) }
        return out
    }

    static func describe(_ s: RetrievalSettings) -> String {
        String(format: "graph_boost %.2f  k1 %.2f  b %.2f  phrase_weight %.2f", s.retrieval.graphBoost, s.retrieval.seeds.k1,
               s.retrieval.seeds.b, s.retrieval.phraseWeight)
    }

    func run() throws {
        let questions = try EvalCommand.readQuestions(self.questions)
        let base = try weights.map { try RetrievalSettings.load(file: $0) } ?? RetrievalSettings()
        let grid = try candidates(base)
        let snapshot = try source.loadGraph().snapshot
        let retriever = Retriever(index: RetrievalIndex(snapshot: snapshot, walkPolicy: base.walkPolicy))
        let report = try CrossValidation.run(questions: questions, candidates: grid.map(\.retrieval), retriever: retriever,
                                             snapshot: snapshot, folds: folds, seed: seed)
        print(Self.table(report, grid: grid, base: base), terminator: "")
        let chosen = grid[report.chosen]
        guard FileManager.default.createFile(atPath: out, contents: Data(chosen.jsonText.utf8)) else {
            throw CommandFailure("cannot write \(out)")
        }
        print("wrote \(out)")
    }

    static func table(_ report: CrossValidationReport, grid: [RetrievalSettings], base: RetrievalSettings) -> String {
        let scored = report.folds.reduce(0) { $0 + $1.questions }
        var out = "\(scored) labelled questions, \(report.folds.count) folds, \(report.candidates) candidates; objective: mean recall@10 + MRR@10\n"
        out += "fold  questions  chosen                                                    train obj  held-out R@10  MRR@10   best on training folds (not significant: base kept)\n"
        for f in report.folds {
            out += String(format: "%-6d%-11d", f.fold, f.questions) + describe(grid[f.chosen]).padding(toLength: 58, withPad: " ", startingAt: 0)
                + String(format: "%-11.4f%-15.4f%-9.4f", f.trainObjective, f.heldOutRecall10, f.heldOutMRR10)
                + (f.best == f.chosen ? "=\n" : describe(grid[f.best]) + "\n")
        }
        out += String(format: "held-out mean R@10 %.4f (sd %.4f, min %.4f, max %.4f)  MRR@10 %.4f (sd %.4f, min %.4f, max %.4f)\n",
                      report.heldOutRecallMean, report.heldOutRecallSD, report.folds.map(\.heldOutRecall10).min() ?? 0,
                      report.folds.map(\.heldOutRecall10).max() ?? 0, report.heldOutMRRMean, report.heldOutMRRSD,
                      report.folds.map(\.heldOutMRR10).min() ?? 0, report.folds.map(\.heldOutMRR10).max() ?? 0)
        let baseIndex = 0
        out += "base settings (\(describe(base))): " + String(format: "R@10 %.4f  MRR@10 %.4f on all questions\n",
                      report.candidateRecall10[baseIndex], report.candidateMRR10[baseIndex])
        let g = report.bestGain
        out += "best on all questions: \(describe(grid[report.best]))  " + String(format: "R@10 %.4f  MRR@10 %.4f; gain in R@10 + MRR@10 over the base %+.4f (95%% CI %+.4f … %+.4f)\n",
                      report.candidateRecall10[report.best], report.candidateMRR10[report.best], g.difference, g.low, g.high)
        out += "chosen on all questions: \(describe(grid[report.chosen]))  " + String(format: "R@10 %.4f  MRR@10 %.4f",
                      report.allRecall10, report.allMRR10) + (report.chosen == baseIndex ? " (= the base settings)\n" : "\n")
        let sameAsBase = report.folds.filter { $0.chosen == baseIndex }.count
        out += "folds choosing the base settings: \(sameAsBase) of \(report.folds.count)\n"
        return out
    }
}
