import ArgumentParser
import Foundation
import InsightStore

extension SchemaCommand {
    /// `insightgraph schema check [--production] [--format json]`: differences from the seed schema
    /// (plus the recommended indexes; with `--production`, the production constraints). Changes
    /// nothing. Exit 0 when identical, 7 (``ExitCodes``) when it differs.
    ///
    /// JSON: `{"identical": bool, "differences": [{"kind", "table", "column"?, "expected"?, "actual"?}]}`,
    /// kinds as in ``SchemaCheck/Difference/kind``.
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Report how the database differs from the seed schema (changes nothing; exit 0 if identical, 7 if it differs).")

        enum Format: String, ExpressibleByArgument, CaseIterable { case table, json }

        static let differsExitCode: Int32 = 7

        @Flag(name: .long, help: "Compare with the seed schema plus the production constraints.")
        var production = false

        @Option(name: .long, help: "Output format: table or json.")
        var format: Format = .table

        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let differences = try SchemaCheck.run(on: database.connect(), production: production)
            switch format {
            case .json:
                let list: [[String: Any]] = differences.map { difference in
                    var object: [String: Any] = ["kind": difference.kind, "table": difference.table]
                    if let column = difference.column { object["column"] = column }
                    if let expected = difference.expected { object["expected"] = expected }
                    if let actual = difference.actual { object["actual"] = actual }
                    return object
                }
                let data = try JSONSerialization.data(
                    withJSONObject: ["identical": differences.isEmpty, "differences": list] as [String: Any],
                    options: [.prettyPrinted, .sortedKeys])
                print(String(decoding: data, as: UTF8.self))
            case .table:
                if differences.isEmpty { print("identical to the seed schema\(production ? " (production)" : "")") }
                for difference in differences { print(difference) }
            }
            if !differences.isEmpty { throw ExitCode(Self.differsExitCode) }
        }
    }

    /// Output of `schema apply`: tables, then indexes, then (with --production) constraints.
    static func runApply(database: DatabaseOptions, production: Bool) throws {
        let result: SchemaSetup.Result
        do {
            result = try SchemaSetup.apply(on: database.connect(), production: production)
        } catch let ProductionConstraints.ApplyError.database(inner) {
            throw inner  // exit codes 2/3 for connection and schema
        } catch {
            FileHandle.standardError.write(Data("insightgraph: \(error)\n".utf8))
            throw ExitCode.failure
        }
        for table in result.tables.created { print("created \(table)") }
        for table in result.tables.alreadyPresent { print("exists  \(table)") }
        for index in result.indexes.created { print("created index \(index)") }
        for (index, existing) in result.indexes.alreadyPresent {
            print("exists  index \(index)" + (existing == index ? "" : " (as \(existing))"))
        }
        for constraint in result.constraints?.applied ?? [] { print("added   \(constraint)") }
        for constraint in result.constraints?.alreadyPresent ?? [] { print("exists  \(constraint)") }
    }
}
