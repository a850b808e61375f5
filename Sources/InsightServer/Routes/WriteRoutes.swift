import Foundation
import Hummingbird
import Logging
import InsightStore

/// `POST /v1/characters/{name}/insights`: writes a batch of ingest records for one character
/// (``BatchWriter``), answers with the ingest summary, and hands the ids written to the snapshot
/// source so the next refresh starts at once and reads just those rows.
///
/// 200 with the summary when at least one record was written or confirmed (problems listed);
/// 422 `invalid_records` when nothing was valid, or `?strict=true` met any problem (then nothing
/// is written); 404 `unknown_character`; 400 for a body that is not JSON or holds no record.
struct WriteRoutes {
    let store: SnapshotStore
    let writer: (any BatchWriter)?
    let source: (any SnapshotSource)?
    let decoder: RequestDecoder
    let logger: Logger

    func add(to router: Router<some RequestContext>) {
        router.post("/v1/characters/{name}/insights") { request, context in
            guard let writer else { throw ServiceError.engineUnavailable("writing") }
            let raw = context.parameters.get("name") ?? ""
            let sent = raw.removingPercentEncoding ?? raw
            // A display name ("Elena Rodriguez") stands for its normalized_name, as in the CLI.
            let name = store.current.flatMap { served in
                CharacterLookup.index(of: sent, in: served.graph).flatMap { served.graph.characters[$0].normalizedName }
            } ?? sent
            // Another instance's character (`serve --character`): written there, where it is refreshed.
            if !store.scope.includes(name: name) && store.current?.graph.characterIndex(named: name) == nil {
                throw ServiceError.characterNotServed(name, served: store.scope.names)
            }
            let strict = try Self.flag("strict", in: request)
            let body = try await decoder.collect(request)
            let batch = try RecordBatch.split(Array(body.readableBytesView), ndjson: Self.isNDJSON(request))
            guard !batch.records.isEmpty else {
                throw ServiceError.badRequest("the body holds no records", code: "no_records")
            }
            let result: BatchWriteResult
            do {
                result = try await writer.write(batch, character: name, strict: strict)
            } catch let error as BatchWriteError {
                throw map(error, name: name)
            }
            let response = BatchResponse(result, batch: batch)
            let summary = result.summary
            if summary.committed, !summary.writtenIds.isEmpty, let source {
                await source.noteWritten(WrittenRows(
                    insights: summary.writtenIds.insights, relationships: summary.writtenIds.relationships,
                    learningEvents: summary.writtenIds.timeline))
            }
            if !summary.committed || summary.problems.count >= summary.recordsRead {
                throw refused(response, strict: strict)
            }
            return try jsonResponse(response)
        }
    }

    /// `?name=true|false` (absent: false), the spec's boolean and nothing looser: `?strict=` or
    /// `?strict=yes` is a 400, not a guess.
    static func flag(_ name: String, in request: Request) throws -> Bool {
        guard let text = request.uri.queryParameters.get(name) else { return false }
        switch text {
        case "true": return true
        case "false": return false
        default:
            throw ServiceError.badRequest("\(name) must be true or false, got '\(text)'", code: "invalid_parameter")
        }
    }

    static func isNDJSON(_ request: Request) -> Bool {
        request.headers[.contentType].map { $0.lowercased().hasPrefix("application/x-ndjson") } ?? false
    }

    /// 422 listing every problem; the message names the first.
    func refused(_ response: BatchResponse, strict: Bool) -> ServiceError {
        let count = response.problems.count
        var message = "nothing was written: \(count) of \(response.records_read) record(s) have problems"
        if strict && response.records_read > count { message += " (strict: the whole batch is refused)" }
        if let first = response.problems.first {
            message += "; first: \(first.message)"
        }
        let problems = (try? JSONCoding.encoder.encode(response.problems))
            .flatMap { try? JSONCoding.decoder.decode(JSONValue.self, from: $0) } ?? .array([])
        return ServiceError(.unprocessableContent, code: "invalid_records", message: message, details: ["problems": problems])
    }

    func map(_ error: BatchWriteError, name: String) -> ServiceError {
        switch error {
        case .unknownCharacter:
            return .unknownCharacter(name, closeNames: CharacterLookup.closeNames(
                to: name, among: store.current?.characterNames ?? []))
        case let .ingest(ingestError):
            logger.error("write failed", metadata: ["error": .string(ingestError.description)])
            switch ingestError {
            case .database(.connectionFailed), .database(.connectionLost), .database(.authenticationFailed):
                return ServiceError(.serviceUnavailable, code: "database_unavailable",
                                    message: "the database is unreachable; nothing was written, retry later")
            case let .database(.schemaMissing(table, column)):
                let what = column.map { "column \(table).\($0)" } ?? "table \(table)"
                return ServiceError(.internalServerError, code: "schema_missing",
                                    message: "the database has no \(what); nothing was written")
            case .missingUniqueConstraint:
                return ServiceError(.internalServerError, code: "schema_missing",
                                    message: "character_insights lacks UNIQUE(character_id, insight_content); nothing was written")
            default:
                return .internalError
            }
        }
    }
}
