import Foundation
import Hummingbird

/// An error a client may see: a stable machine `code`, a message a person can act on, and a status.
///
/// Every failure leaving the service is turned into one of these (``ErrorMiddleware``), so the body
/// is always `{"error": {"code": "...", "message": "..."}}` and nothing internal (stack traces,
/// SQL, file paths) leaks. Domain errors are mapped here and nowhere else.
public struct ServiceError: Error, Sendable, Equatable, CustomStringConvertible {
    public var status: HTTPResponse.Status
    public var code: String
    public var message: String
    /// Extra fields for the client, e.g. close names for an unknown character, the problems of a batch.
    public var details: [String: JSONValue]
    /// Extra response headers (`Allow` with a 405).
    public var headers: HTTPFields = [:]

    public init(_ status: HTTPResponse.Status, code: String, message: String, details: [String: JSONValue] = [:]) {
        self.status = status
        self.code = code
        self.message = message
        self.details = details
    }

    public var description: String { "\(status.code) \(code): \(message)" }

    // MARK: The errors the service uses

    public static func badRequest(_ message: String, code: String = "bad_request") -> ServiceError {
        ServiceError(.badRequest, code: code, message: message)
    }

    public static func invalidJSON(_ message: String) -> ServiceError {
        ServiceError(.badRequest, code: "invalid_json", message: message)
    }

    public static func unknownCharacter(_ name: String, closeNames: [String]) -> ServiceError {
        var message = "no character named '\(name)'"
        if !closeNames.isEmpty { message += "; did you mean " + closeNames.map { "'\($0)'" }.joined(separator: ", ") + "?" }
        return ServiceError(.notFound, code: "unknown_character", message: message, details: ["close_names": .array(closeNames.map(JSONValue.string))])
    }

    /// A character outside this instance's `--character` set: another instance serves it (or none).
    public static func characterNotServed(_ name: String, served: [String]) -> ServiceError {
        ServiceError(.notFound, code: "character_not_served",
                     message: "character '\(name)' is not served by this instance (it serves: "
                         + served.map { "'\($0)'" }.joined(separator: ", ") + "); ask the instance that serves it",
                     details: ["served_characters": .array(served.map(JSONValue.string))])
    }

    public static func bodyTooLarge(limit: Int) -> ServiceError {
        ServiceError(.contentTooLarge, code: "body_too_large",
                     message: "request body is larger than the limit of \(limit) bytes")
    }

    public static let unauthorized = ServiceError(
        .unauthorized, code: "unauthorized",
        message: "missing or wrong bearer token: send 'Authorization: Bearer <token>'")

    public static let notReady = ServiceError(
        .serviceUnavailable, code: "not_ready",
        message: "no graph snapshot is loaded yet; see /healthz for the last refresh error")

    public static func engineUnavailable(_ what: String) -> ServiceError {
        ServiceError(.notImplemented, code: "engine_unavailable", message: "\(what) is not available in this build")
    }

    public static func notFound(path: String) -> ServiceError {
        ServiceError(.notFound, code: "not_found", message: "no endpoint at \(path)")
    }

    public static let internalError = ServiceError(
        .internalServerError, code: "internal_error", message: "the service failed to answer; see its log")
}

extension ServiceError: HTTPResponseError {
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers = self.headers
        headers[.contentType] = "application/json; charset=utf-8"
        if status == .unauthorized { headers[.wwwAuthenticate] = "Bearer" }
        let body = ByteBuffer(bytes: jsonBody())
        headers[.contentLength] = String(body.readableBytes)
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: body))
    }

    /// `{"error": {"code", "message", ...details}}`, keys sorted.
    func jsonBody() -> Data {
        Data(#"{"error":"#.utf8) + errorObjectJSON() + Data("}".utf8)
    }

    /// `{"code", "message", ...details}`, keys sorted: the `error` of an error body or of a batch item.
    func errorObjectJSON() -> Data {
        var fields: [String: JSONValue] = ["code": .string(code), "message": .string(message)]
        for (key, value) in details { fields[key] = value }
        return (try? JSONCoding.encoder.encode(fields)) ?? Data(#"{"code":"internal_error","message":"error encoding failed"}"#.utf8)
    }
}
