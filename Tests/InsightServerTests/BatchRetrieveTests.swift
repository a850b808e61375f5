import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import InsightGraph
import Testing
@testable import InsightServer

/// `POST /v1/retrieve/batch`: each item answered exactly as `/v1/retrieve` would, errors per item.
@Suite struct BatchRetrieveTests {
    /// The parsed body without `micros` (the time of the computation, not part of the answer).
    static func withoutTiming(_ value: Any?) -> NSDictionary? {
        guard var object = value as? [String: Any] else { return nil }
        object["micros"] = nil
        return NSDictionary(dictionary: object)
    }

    /// Equal JSON, numbers within a relative 1e-5 (recency drifts with the clock between the two
    /// computations); strings, booleans, keys and order exact.
    static func nearlyEqual(_ a: Any, _ b: Any) -> Bool {
        switch (a, b) {
        case let (a as NSDictionary, b as NSDictionary):
            return Set(a.allKeys.map { "\($0)" }) == Set(b.allKeys.map { "\($0)" })
                && a.allKeys.allSatisfy { nearlyEqual(a[$0]!, b[$0]!) }
        case let (a as [String: Any], b as [String: Any]):
            return nearlyEqual(NSDictionary(dictionary: a), NSDictionary(dictionary: b))
        case let (a as [Any], b as [Any]):
            return a.count == b.count && zip(a, b).allSatisfy { nearlyEqual($0, $1) }
        case let (a as String, b as String):
            return a == b
        case let (a as NSNumber, b as NSNumber):
            let x = a.doubleValue, y = b.doubleValue
            return x == y || abs(x - y) <= 1e-5 * max(abs(x), abs(y))
        case (is NSNull, is NSNull):
            return true
        default:
            return false
        }
    }

    static func post(_ client: some TestClientProtocol, _ path: String, _ body: String) async throws -> TestResponse {
        try await client.execute(uri: path, method: .post, headers: jsonHeaders, body: jsonBody(body))
    }

    @Test func itemsAreAnsweredExactlyAsSingleRetrieves() async throws {
        let items = [
            #"{"character":"elena","message":"diving on the reef","limit":3}"#,
            #"{"character":"marcus","message":"jazz guitar on sunday","seeds":[{"id":21,"weight":0.5}]}"#,
            #"{"character":"elena","message":"deadline stress","options":{"method":"exact","tokens":50}}"#,
            #"{"character":"Elena Rodriguez","message":"family kitchen","options":{"method":"path","explain":true}}"#,
            #"{"character":"elena","message":"diving on the reef","limit":3}"#,
        ]
        // Answer cache on and off: the batch goes through the same path either way.
        for cache in [AnswerCachePolicy(), AnswerCachePolicy.off] {
            let service = try makeLoadedService(configuration: ServerConfiguration(port: 0, answerCache: cache),
                                                engines: .standard)
            try await Application(router: service.makeRouter()).test(.router) { client in
                let batch = try await Self.post(client, "/v1/retrieve/batch", #"{"items":[\#(items.joined(separator: ","))]}"#)
                #expect(batch.status == .ok)
                #expect(batch.headers[.contentType] == "application/json; charset=utf-8")
                let results = try #require(try json(batch.body)["results"] as? [[String: Any]])
                #expect(results.count == items.count)
                for (item, result) in zip(items, results) {
                    #expect(result["ok"] as? Bool == true)
                    #expect(Set(result.keys) == ["ok", "answer"])
                    let single = try await Self.post(client, "/v1/retrieve", item)
                    #expect(single.status == .ok)
                    let answer = try #require(Self.withoutTiming(result["answer"]))
                    let alone = try #require(Self.withoutTiming(try json(single.body)))
                    if single.headers[.init(answerCacheHeader)!] == "hit" {
                        #expect(answer.isEqual(to: alone as! [AnyHashable: Any]), "\(item)")  // the batch's answer, stored
                    } else {
                        // Computed again: recency is measured against the clock, so scores may move in the last digits.
                        #expect(Self.nearlyEqual(answer, alone), "\(item)")
                    }
                    #expect((answer["results"] as? [Any])?.isEmpty == false)
                }
            }
        }
    }

    @Test func oneBadItemDoesNotFailTheOthers() async throws {
        let service = try makeLoadedService(engines: .standard)
        try await Application(router: service.makeRouter()).test(.router) { client in
            let body = """
                {"items":[
                  {"character":"elena","message":"ocean"},
                  {"character":"elana","message":"ocean"},
                  {"character":"elena","message":"ocean","limt":2},
                  {"character":"elena","message":"ocean","limit":0},
                  7,
                  {"character":"elena","message":"ocean","options":{"method":"fast"}},
                  {"character":"elena","message":"ocean","seeds":[{"id":20,"weight":1}]},
                  {"message":"ocean"},
                  {"character":"marcus","message":"jazz"}
                ]}
                """
            let response = try await Self.post(client, "/v1/retrieve/batch", body)
            #expect(response.status == .ok)
            let results = try #require(try json(response.body)["results"] as? [[String: Any]])
            #expect(results.map { $0["ok"] as? Bool } == [true, false, false, false, false, false, false, false, true])
            let errors = results.map { $0["error"] as? [String: Any] }
            #expect(errors.map { $0?["code"] as? String } == [
                nil, "unknown_character", "unknown_field", "invalid_parameter", "invalid_json", "invalid_parameter",
                "invalid_parameter", "invalid_json", nil,
            ])
            #expect(errors[1]?["close_names"] as? [String] == ["elena"])
            #expect(errors[2]?["field"] as? String == "body.items[2].limt")
            #expect(errors[3]?["message"] as? String == "body.limit: must be between 1 and 1000, got 0")
            #expect(errors[4]?["message"] as? String == "body.items[4]: expected an object")
            #expect(errors[6]?["message"] as? String == "body.seeds[0].id: 20 is not an insight of character 'elena'")
            #expect(errors[7]?["message"] as? String == "body.items[7].character: required field is missing")

            // Each error is the one /v1/retrieve gives for that item on its own.
            let single = try await Self.post(client, "/v1/retrieve", #"{"character":"elana","message":"ocean"}"#)
            #expect(single.status == .notFound)
            #expect(NSDictionary(dictionary: try json(single.body)["error"] as! [String: Any]).isEqual(to: errors[1]!))
            #expect((results[8]["answer"] as? [String: Any])?["character"] as? String == "marcus")
        }
    }

    @Test(arguments: [
        (#"{"items":[]}"#, "invalid_parameter", "body.items: expected 1 to 64 items, got 0"),
        (#"{"item":[]}"#, "unknown_field", "body.item: unknown field; known fields: items"),
        (#"{}"#, "invalid_json", "body.items: required field is missing"),
        (#"{"items":{}}"#, "invalid_json", "body.items: expected an array"),
        (#"[]"#, "invalid_json", "body: expected an object"),
    ])
    func malformedEnvelopeIs400(body: String, code: String, message: String) async throws {
        try await Application(router: try makeLoadedService().makeRouter()).test(.router) { client in
            let response = try await Self.post(client, "/v1/retrieve/batch", body)
            #expect(response.status == .badRequest)
            #expect(try errorBody(response).code == code)
            #expect(try errorBody(response).message == message)
        }
    }

    @Test func atMost64Items() async throws {
        let item = #"{"character":"marcus","message":"jazz"}"#
        try await Application(router: try makeLoadedService().makeRouter()).test(.router) { client in
            let full = try await Self.post(client, "/v1/retrieve/batch",
                                           #"{"items":[\#(Array(repeating: item, count: 64).joined(separator: ","))]}"#)
            #expect(full.status == .ok)
            #expect((try json(full.body)["results"] as? [Any])?.count == 64)
            let over = try await Self.post(client, "/v1/retrieve/batch",
                                           #"{"items":[\#(Array(repeating: item, count: 65).joined(separator: ","))]}"#)
            #expect(over.status == .badRequest)
            #expect(try errorBody(over).message == "body.items: expected 1 to 64 items, got 65")
        }
    }

    @Test func notReadyIs503() async throws {
        let service = InsightService(source: nil, engines: Engines(retrieval: TriggerMatchRetrievalEngine()),
                                     configuration: ServerConfiguration(port: 0), logger: testLogger)
        try await Application(router: service.makeRouter()).test(.router) { client in
            let response = try await Self.post(client, "/v1/retrieve/batch", #"{"items":[{"character":"elena","message":"x"}]}"#)
            #expect(response.status == .serviceUnavailable)
            #expect(try errorBody(response).code == "not_ready")
        }
    }
}
