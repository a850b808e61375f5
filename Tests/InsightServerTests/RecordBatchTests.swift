import Testing
@testable import InsightServer

@Suite struct RecordBatchTests {
    func texts(_ batch: RecordBatch) -> [String] { batch.records.map { String(decoding: $0.bytes, as: UTF8.self) } }

    @Test func splitsArraysObjectsAndLines() throws {
        let array = try RecordBatch.split(Array(#" [ {"a":"x,]}"} , {"b":[1,2]} ] "#.utf8), ndjson: false)
        #expect(texts(array) == [#"{"a":"x,]}"}"#, #"{"b":[1,2]}"#])
        #expect(array.shape == .array && array.place(of: 1) == "body[1]")

        let object = try RecordBatch.split(Array(#"{"a":1}"#.utf8), ndjson: false)
        #expect(object.shape == .object && object.records.count == 1 && object.place(of: 0) == "body")

        let lines = try RecordBatch.split(Array("{\"a\":1}\r\n  \n{\"b\":2}".utf8), ndjson: true)
        #expect(texts(lines) == [#"{"a":1}"#, #"{"b":2}"#])
        #expect(lines.records.map(\.line) == [1, 3] && lines.place(of: 1) == "line 3")

        #expect(try RecordBatch.split(Array("[]".utf8), ndjson: false).records.isEmpty)
        // A non-object element is handed on: the record decoder names it.
        #expect(texts(try RecordBatch.split(Array("[5]".utf8), ndjson: false)) == ["5"])
    }

    @Test func malformedBodiesNameLineAndColumn() {
        for (body, message) in [
            ("", "request body is empty; expected a JSON object or an array of objects"),
            ("5", "request body is not valid JSON at line 1, column 1: expected a JSON object or an array of objects"),
            ("[{\"a\":1},\n{\"b\":2}", "request body is not valid JSON at line 2, column 8: body ends inside the array (missing ']')"),
            ("[{\"a\":1},]", "request body is not valid JSON at line 1, column 10: expected a record (a JSON object)"),
            ("[{\"a\":1}] x", "request body is not valid JSON at line 1, column 11: unexpected text after the array"),
            ("[{\"a\":\"open}]", "request body is not valid JSON at line 1, column 7: unterminated string"),
        ] {
            #expect(throws: ServiceError.invalidJSON(String(message))) {
                try RecordBatch.split(Array(body.utf8), ndjson: false)
            }
        }
    }
}
