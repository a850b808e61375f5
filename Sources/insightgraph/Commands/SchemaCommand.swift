import ArgumentParser
import InsightStore

/// `insightgraph schema print|apply`: the seed schema InsightGraph reads.
struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the seed schema, or create its missing tables.",
        subcommands: [Print.self, Apply.self, Check.self]
    )

    struct Print: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the seed schema's DDL (SQL).")

        func run() throws {
            print(SchemaDDL.seedSQL, terminator: "")
        }
    }

    struct Apply: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create the seed tables that are missing and the recommended indexes (never alters existing columns; safe to repeat).")

        @OptionGroup var database: DatabaseOptions

        @Flag(name: .long, help: "Also add the production constraints (NOT NULLs, UNIQUE relationship triple, ON DELETE CASCADE); refused, naming the rows, if existing data breaks them.")
        var production = false

        @Flag(help: "Also install triggers that NOTIFY each row change (lets `serve` see writes within milliseconds).")
        var notify = false

        func run() throws {
            try SchemaCommand.runApply(database: database, production: production)  // SchemaCheckCommand.swift
            if notify {
                for table in try NotifyTriggers.apply(on: database.connect()) { print("notify  \(table)") }
            }
        }
    }
}
