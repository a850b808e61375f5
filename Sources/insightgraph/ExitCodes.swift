import ArgumentParser
import Foundation
import GraphML
import InsightStore

/// The CLI's exit codes, in one place (documented in README "Exit codes"):
///
/// | code | meaning |
/// |------|---------|
/// | 0 | success |
/// | 1 | usage error or any other failure |
/// | 2 | the database could not be reached or refused the login (message names host and database) |
/// | 3 | a required table or column is missing (message names it) |
/// | 4 | an IGQ query error: lexer, syntax, name, type, execution or limit (message gives file:line:column) |
/// | 5 | `ingest --strict` refused the input (IngestCommand) |
/// | 6 | `ingest` skipped bad lines (IngestCommand) |
/// | 7 | `schema check` found differences (SchemaCheckCommand) |
enum ExitCodes {
    static let success: Int32 = 0
    static let failure: Int32 = 1
    static let connectionFailed: Int32 = 2
    static let schemaMissing: Int32 = 3
    static let queryError: Int32 = 4

    /// The exit code for an error a command let escape.
    static func code(for error: any Error) -> Int32 {
        if let exit = error as? ExitCode { return exit.rawValue }
        if let store = error as? StoreError {
            switch store {
            case .connectionFailed, .authenticationFailed, .connectionLost: return connectionFailed
            case .schemaMissing: return schemaMissing
            default: return failure
            }
        }
        return failure
    }
}

extension InsightGraphCommand {
    /// Runs the command line with InsightGraph's exit codes: engine errors print their description
    /// (`insightgraph: ...`) and exit per ``ExitCodes``; usage errors exit 1 (ArgumentParser's own
    /// default would be 64); `--help` and `--version` behave as usual.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as StoreError {
            FileHandle.standardError.write(Data("insightgraph: \(error)\n".utf8))
            Foundation.exit(ExitCodes.code(for: error))
        } catch let error as GraphMLError {
            FileHandle.standardError.write(Data("insightgraph: \(error)\n".utf8))
            Foundation.exit(ExitCodes.failure)
        } catch let error as GraphMLCommandError {
            FileHandle.standardError.write(Data("insightgraph: \(error)\n".utf8))
            Foundation.exit(ExitCodes.failure)
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(ExitCodes.failure)
            }
            if code == .success || error is ExitCode || error is CleanExit {
                exit(withError: error)
            }
            let message = fullMessage(for: error)
            FileHandle.standardError.write(Data("insightgraph: \(message.isEmpty ? String(describing: error) : message)\n".utf8))
            Foundation.exit(ExitCodes.code(for: error))
        }
    }
}
