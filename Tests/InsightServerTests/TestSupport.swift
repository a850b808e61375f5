import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import InsightGraph
import Logging
import NIOCore
@testable import InsightServer

/// A small two-character graph: elena (4 insights, 3 relationships), marcus (2 insights, 1 relationship).
func makeTestGraph(extraInsight: Insight? = nil) -> GraphSnapshot {
    var builder = GraphBuilder()
    builder.add(Character(id: 1, name: "Elena Rodriguez", normalizedName: "elena"))
    builder.add(Character(id: 2, name: "Marcus Thompson", normalizedName: "marcus"))
    let day = Timestamp.utc(year: 2025, month: 3, day: 1)!
    builder.add(Insight(id: 10, characterId: 1, type: "preference", content: "I love the ocean",
                        confidence: 0.9, discoveryDate: day, triggers: ["ocean", "reef"]))
    builder.add(Insight(id: 11, characterId: 1, type: "preference", content: "Diving calms me",
                        confidence: 0.7, triggers: ["diving"]))
    builder.add(Insight(id: 12, characterId: 1, type: "emotional_pattern", content: "Deadlines stress me",
                        confidence: nil, triggers: ["deadline"]))
    builder.add(Insight(id: 13, characterId: 1, type: "memory_formation", content: "Grandmother's kitchen",
                        confidence: 0.5, triggers: ["family"]))
    builder.add(Insight(id: 20, characterId: 2, type: "preference", content: "Jazz on Sundays",
                        confidence: 0.8, triggers: ["jazz"]))
    builder.add(Insight(id: 21, characterId: 2, type: "preference", content: "Guitar practice",
                        confidence: 0.6, triggers: ["guitar"]))
    if let extraInsight { builder.add(extraInsight) }
    builder.add(Relationship(id: 100, fromInsightId: 10, toInsightId: 11, type: "supports", strength: 0.8))
    builder.add(Relationship(id: 101, fromInsightId: 11, toInsightId: 12, type: "leads_to", strength: 0.4))
    builder.add(Relationship(id: 102, fromInsightId: 10, toInsightId: 20, type: "supports", strength: 0.5))
    builder.add(Relationship(id: 103, fromInsightId: 20, toInsightId: 21, type: "builds_on", strength: 0.9))
    builder.add(LearningEvent(id: 1, characterId: 1, event: "learned to dive", learningDate: day))
    return builder.build()
}

/// A retrieval engine for exercising the service's plumbing (not the ranking): returns the ids of
/// the character's insights whose triggers occur in the message, as JSON.
struct TriggerMatchRetrievalEngine: RetrievalEngine {
    struct Retriever: SnapshotRetriever {
        let graph: GraphSnapshot
        func retrieve(_ request: RetrievalRequest) throws -> [UInt8] {
            let words = Set(request.message.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init))
            var ids: [Int] = []
            for word in words.sorted() {
                ids += graph.nodes(withTrigger: word, character: request.characterIndex).map { graph.insight(at: $0).id }
            }
            ids += request.seeds.map(\.id)
            ids = Array(Set(ids)).sorted().prefix(request.limit ?? 10).map { $0 }
            return Array(#"{"character":"\#(request.character)","ids":\#(ids)}"#.utf8)
        }
    }
    func prepare(_ snapshot: GraphSnapshot) throws -> any SnapshotRetriever { Retriever(graph: snapshot) }
}

let testLogger: Logger = {
    var logger = Logger(label: "insightgraph.test")
    logger.logLevel = .warning
    return logger
}()

/// A service with a snapshot installed and no refresher (routes only).
func makeLoadedService(configuration: ServerConfiguration = ServerConfiguration(port: 0),
                       engines: Engines = Engines(retrieval: TriggerMatchRetrievalEngine())) throws -> InsightService {
    let service = InsightService(source: nil, engines: engines, configuration: configuration, logger: testLogger)
    try service.store.install(makeTestGraph(), full: true)
    return service
}

/// Parses a JSON response body into a dictionary.
func json(_ buffer: ByteBuffer) throws -> [String: Any] {
    let object = try JSONSerialization.jsonObject(with: Data(buffer.readableBytesView))
    guard let dictionary = object as? [String: Any] else { throw TestFailure("body is not a JSON object: \(String(buffer: buffer))") }
    return dictionary
}

/// The `error` object of an error response, checked to have exactly a string code and message (+ details).
func errorBody(_ response: TestResponse) throws -> (code: String, message: String, fields: [String: Any]) {
    let body = try json(response.body)
    guard let error = body["error"] as? [String: Any], let code = error["code"] as? String,
          let message = error["message"] as? String, body.count == 1
    else { throw TestFailure("not an error body: \(String(buffer: response.body))") }
    return (code, message, error)
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

func jsonBody(_ text: String) -> ByteBuffer { ByteBuffer(string: text) }

let jsonHeaders: HTTPFields = [.contentType: "application/json"]
