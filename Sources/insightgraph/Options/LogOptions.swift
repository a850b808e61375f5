import ArgumentParser
import Logging

/// `--log-level` of the long-running commands (`serve`, `mcp`): what they log to stderr.
struct LogOptions: ParsableArguments {
    @Option(help: "stderr log level: trace, debug, info, notice, warning, error or critical.")
    var logLevel = "info"

    func validate() throws {
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError("--log-level must be one of: " + Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))
        }
    }

    /// Sends every logger to stderr at the chosen level and returns one with `label`.
    func bootstrap(label: String) -> Logger {
        let level = Logger.Level(rawValue: logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        return Logger(label: label)
    }
}
