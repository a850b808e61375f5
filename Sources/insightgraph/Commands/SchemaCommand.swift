import ArgumentParser
import InsightStore

/// `insightgraph schema print|apply`: the seed schema InsightGraph reads.
struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the seed schema, or create its missing tables.",
        subcommands: [Print.self, Apply.self]
    )

    struct Print: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the seed schema's DDL (SQL).")

        func run() throws {
            print(SchemaDDL.seedSQL, terminator: "")
        }
    }

    struct Apply: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create the seed tables that are missing (never alters existing tables; safe to repeat).")

        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let connection = try database.connect()
            let result = try SchemaDDL.apply(on: connection)
            for table in result.created { print("created \(table)") }
            for table in result.alreadyPresent { print("exists  \(table)") }
        }
    }
}
