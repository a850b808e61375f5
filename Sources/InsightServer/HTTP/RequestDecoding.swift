import Foundation
import Hummingbird
import NIOCore

/// Reads a JSON request body within the size limit and decodes it, turning every failure into a
/// ``ServiceError`` that names the problem (the field path and what was expected).
struct RequestDecoder: Sendable {
    let maxBodyBytes: Int

    func decode<T: Decodable>(_ type: T.Type, from request: Request) async throws -> T {
        try Self.decode(type, from: try await collect(request))
    }

    /// The whole body, or 413 when it is larger than the limit (checked before reading when the
    /// client sends Content-Length).
    func collect(_ request: Request) async throws -> ByteBuffer {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > maxBodyBytes {
            throw ServiceError.bodyTooLarge(limit: maxBodyBytes)
        }
        do {
            return try await request.body.collect(upTo: maxBodyBytes)
        } catch is NIOTooManyBytesError {
            throw ServiceError.bodyTooLarge(limit: maxBodyBytes)
        }
    }

    static func decode<T: Decodable>(_ type: T.Type, from buffer: ByteBuffer) throws -> T {
        guard buffer.readableBytes > 0 else { throw ServiceError.invalidJSON("request body is empty; expected a JSON object") }
        do {
            return try buffer.withUnsafeReadableBytes { bytes in
                try JSONCoding.decoder.decode(type, from: Data(bytes))
            }
        } catch let error as DecodingError {
            if case .dataCorrupted(let context) = error, context.codingPath.isEmpty {
                throw notJSON(Array(buffer.readableBytesView))
            }
            throw ServiceError.invalidJSON(describe(error))
        } catch let error as ServiceError {
            throw error
        } catch {
            throw notJSON(Array(buffer.readableBytesView))
        }
    }

    /// `invalid_json` saying where: `line`, `column` (1-based, bytes) and `offset` (0-based byte).
    static func notJSON(_ bytes: [UInt8]) -> ServiceError {
        guard let syntax = JSONSyntax.firstError(in: bytes) else {
            return .invalidJSON("request body is not valid JSON (not UTF-8, or a lone \\u surrogate)")
        }
        return ServiceError(.badRequest, code: "invalid_json",
                            message: "request body is not valid JSON at line \(syntax.line), column \(syntax.column): \(syntax.reason)",
                            details: ["line": .number(Double(syntax.line)), "column": .number(Double(syntax.column)),
                                      "offset": .number(Double(syntax.offset))])
    }

    /// `body.seeds[0].weight`: where in the body a coding path points.
    static func path(_ keys: [any CodingKey]) -> String {
        keys.reduce("body") { text, key in
            if let index = key.intValue { return text + "[\(index)]" }
            return text + "." + key.stringValue
        }
    }

    /// `body.seeds[0].weight: expected a number`, without Foundation's internal wording.
    static func describe(_ error: DecodingError) -> String {
        switch error {
        case .typeMismatch(let type, let context):
            return "\(path(context.codingPath)): expected \(describe(type))"
        case .valueNotFound(let type, let context):
            return "\(path(context.codingPath)): expected \(describe(type)), found null"
        case .keyNotFound(let key, let context):
            return "\(path(context.codingPath + [key])): required field is missing"
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty { return "request body is not valid JSON" }
            return "\(path(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            return "request body could not be read"
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Int.Type: return "an integer"
        case is Double.Type: return "a number"
        case is Bool.Type: return "true or false"
        case is [Any].Type: return "an array"
        default:
            let name = String(describing: type)
            if name.hasPrefix("Array") { return "an array" }
            return "an object"
        }
    }
}

/// Encodes a response value as JSON with a status.
func jsonResponse<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
    let data = try JSONCoding.encoder.encode(value)
    return jsonResponse(bytes: data, status: status)
}

/// Wraps JSON an engine already encoded. `answerCache`: the `X-InsightGraph-Answer-Cache` header
/// of `/v1/retrieve` (`hit`: the bytes are a stored answer, its `micros` from when it was computed).
func jsonResponse(bytes: some Collection<UInt8>, status: HTTPResponse.Status = .ok, answerCache: String? = nil) -> Response {
    var buffer = ByteBufferAllocator().buffer(capacity: bytes.count)
    buffer.writeBytes(bytes)
    var headers = HTTPFields()
    headers[.contentType] = "application/json; charset=utf-8"
    headers[.contentLength] = String(buffer.readableBytes)
    if let answerCache { headers[.init(answerCacheHeader)!] = answerCache }
    return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: buffer))
}

/// Whether a `/v1/retrieve` answer came from the snapshot's answer cache (`hit`) or was computed (`miss`).
let answerCacheHeader = "X-InsightGraph-Answer-Cache"
