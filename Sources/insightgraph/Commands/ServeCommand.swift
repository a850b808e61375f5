import ArgumentParser
import Foundation
import InsightServer
import InsightServerPostgres
import Logging

/// `insightgraph serve`: the graph in memory behind an HTTP API, kept current from PostgreSQL.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve retrieval, IGQ and GraphML over HTTP from an in-memory graph kept current from PostgreSQL.",
        discussion: """
            Loads every character, then applies changes: within milliseconds when the triggers of \
            `insightgraph schema apply --notify` are installed (LISTEN/NOTIFY), otherwise by polling the id \
            watermark every --poll-interval-ms and the date watermarks as --date-scan-percent allows; a full \
            reload every --full-reload-seconds catches deletions and updates polling cannot see. If PostgreSQL \
            goes away the service keeps answering from the last snapshot and reconnects with backoff. SIGTERM \
            or SIGINT: stop accepting, finish requests in flight, exit 0. POST /v1/characters/{name}/insights \
            writes ingest records (one transaction per request, like `insightgraph ingest`) and refreshes the \
            rows it wrote at once. Endpoints: see openapi.yaml.

            Startup: if the first load fails (database missing or unreachable, login refused, schema \
            missing, a --character that matches no character) serve exits with the reason and the exit code \
            of the other commands (2: database, 3: schema, 1: other); with --wait-for-database it keeps \
            retrying instead (answering 503 not_ready meanwhile). After a first successful load, failures \
            are always retried.

            Scaling out: --character NAME (repeatable) or --characters-file F makes this instance load and \
            serve only those characters (matched against normalized_name or name, ignoring case); requests \
            for any other character get 404 character_not_served. Run one instance per character set and \
            route each request to the instance serving its character (README "Scaling out").
            """
    )

    @Option(help: "Address to bind. Loopback by default: the service has no TLS.")
    var host = "127.0.0.1"

    @Option(help: "TCP port (0 picks a free one).")
    var port = 8187

    @OptionGroup var database: DatabaseOptions

    @Option(name: .customLong("token-file"), help: ArgumentHelp(
        "File holding a bearer token; every endpoint but /healthz then needs 'Authorization: Bearer <token>'.",
        valueName: "path"))
    var tokenFile: String?

    @Option(help: "Largest request body accepted, in bytes (larger: 413).")
    var maxBodyBytes = 1 << 20

    @Option(help: "Longest wait between checks for changes, in milliseconds.")
    var pollIntervalMs = 250

    @Option(help: ArgumentHelp(
        "Without the triggers: share of one database core, in percent, that polling may spend reading the date columns for updated rows (without an index on them each read scans the tables; 100: at every poll; 0: never, updates wait for the full reload).",
        valueName: "percent"))
    var dateScanPercent = 2.0

    @Option(help: "Seconds between full reloads.")
    var fullReloadSeconds = 300

    @Option(help: "Time budget of one /v1/query, in milliseconds.")
    var queryDeadlineMs = 2000

    @Option(help: ArgumentHelp(
        "Memory for answers to repeated /v1/retrieve requests, per snapshot, in MiB (0: no answer cache).",
        valueName: "MiB"))
    var answerCacheMib = 64

    @Option(help: "Seconds a cached /v1/retrieve answer is served (its recency was measured when it was computed).")
    var answerCacheSeconds = 60

    @Option(name: .customLong("character"), help: ArgumentHelp(
        "Serve only this character (repeatable; with --characters-file, the union). Default: every character.",
        valueName: "name"))
    var characters: [String] = []

    @Option(name: .customLong("characters-file"), help: ArgumentHelp(
        "File of character names to serve, one per line ('#' starts a comment line).", valueName: "path"))
    var charactersFile: String?

    @Option(name: .long, help: ArgumentHelp(
        "Retrieval settings every /v1/retrieve starts from (the JSON object of retrieve --weights; a request's options override it). Its type_weights build the served index.",
        valueName: "file.json"))
    var weights: String?

    @Flag(help: "Keep retrying the first load (e.g. while PostgreSQL starts) instead of exiting when it fails.")
    var waitForDatabase = false

    @OptionGroup var log: LogOptions

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
        guard maxBodyBytes >= 256 else { throw ValidationError("--max-body-bytes must be at least 256") }
        guard pollIntervalMs >= 10 else { throw ValidationError("--poll-interval-ms must be at least 10") }
        guard (0...100).contains(dateScanPercent) else { throw ValidationError("--date-scan-percent must be between 0 and 100") }
        guard fullReloadSeconds >= 1 else { throw ValidationError("--full-reload-seconds must be at least 1") }
        guard queryDeadlineMs >= 1 else { throw ValidationError("--query-deadline-ms must be at least 1") }
        guard (0...65536).contains(answerCacheMib) else { throw ValidationError("--answer-cache-mib must be between 0 and 65536") }
        guard answerCacheSeconds >= 0 else { throw ValidationError("--answer-cache-seconds must be 0 or more") }
        if characters.contains(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
            throw ValidationError("--character needs a non-empty name")
        }
        if let weights {
            do { _ = try RetrievalSettings.load(file: weights) } catch { throw ValidationError("--weights \(error)") }
        }
    }

    func run() async throws {
        let logger = log.bootstrap(label: "insightgraph.serve")
        let scope = CharacterScope(names: characters + (try charactersFile.map(CharacterListFile.read) ?? []))
        let configuration = ServerConfiguration(
            host: host, port: port, bearerToken: try tokenFile.map(Self.readToken), maxBodyBytes: maxBodyBytes,
            queryDeadline: .milliseconds(queryDeadlineMs),
            refresh: RefreshPolicy(pollInterval: .milliseconds(pollIntervalMs),
                                   fullReloadInterval: .seconds(fullReloadSeconds), retryFirstLoad: waitForDatabase),
            characters: scope,
            answerCache: AnswerCachePolicy(maxBytes: answerCacheMib << 20, maxAge: .seconds(answerCacheSeconds)))
        // Long loads (large graphs) say how far they are; short ones only at debug level.
        let source = PostgresSnapshotSource(
            conninfo: database.database ?? "", scope: scope, dateScanShare: dateScanPercent / 100
        ) { progress in
            logger.log(level: progress.secondsElapsed >= 5 ? .info : .debug, "loading", metadata: ["table": "\(progress.table)", "rows": "\(progress.rowsLoaded)",
                                              "percent": "\(progress.percent.map { Int($0) } ?? -1)"])
        }
        if !scope.isAll { logger.info("serving characters: \(scope.names.joined(separator: ", "))") }
        let service = InsightService(
            source: source, engines: .standard(retrieval: try weights.map { try RetrievalSettings.load(file: $0) } ?? RetrievalSettings()), writer: PostgresBatchWriter(conninfo: database.database ?? ""),
            configuration: configuration, logger: logger)
        let app = service.makeApplication { port in
            logger.info("listening on http://\(configuration.host):\(port)")
        }
        do {
            try await app.runService()
        } catch let error as FirstLoadError {
            FileHandle.standardError.write(Data("insightgraph: serve: the first load failed: \(error)\n".utf8))
            FileHandle.standardError.write(Data("insightgraph: serve: exiting (start with --wait-for-database to keep retrying)\n".utf8))
            throw ExitCode(ExitCodes.code(for: error.underlying))
        } catch {
            guard let reason = InsightService.describeStartupError(error, host: host, port: port) else { throw error }
            FileHandle.standardError.write(Data("insightgraph: serve: \(reason)\n".utf8))
            throw ExitCode(ExitCodes.failure)
        }
        logger.info("stopped")
    }

    /// The token is the file's content without surrounding whitespace; an empty file is an error.
    static func readToken(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw ValidationError("--token-file \(path): cannot read the file")
        }
        let token = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !token.isEmpty else { throw ValidationError("--token-file \(path): the file is empty") }
        guard !token.contains(where: { $0.isWhitespace }) else {
            throw ValidationError("--token-file \(path): the token must not contain whitespace")
        }
        return token
    }
}
