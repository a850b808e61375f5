import Testing
@testable import InsightStore

@Suite struct FlatJSONTests {
    func parse(_ text: String) throws(JSONSyntaxError) -> [JSONMember] { try FlatJSON.parseObject(Array(text.utf8)) }

    @Test func readsScalarsArraysAndEscapes() throws {
        let members = try parse(#" {"s":"a\"b\\c\n\u00e9\ud83d\ude00","i":-12,"d":1.5e2,"t":true,"n":null,"a":["x",1,false]} "#)
        #expect(members.map(\.key) == ["s", "i", "d", "t", "n", "a"])
        #expect(members[0].value == .string("a\"b\\c\né😀"))
        #expect(members[1].value == .number(-12, integer: -12))
        #expect(members[2].value == .number(150, integer: nil))
        #expect(members[3].value == .bool(true))
        #expect(members[4].value == .null)
        #expect(members[5].value == .array([.string("x"), .number(1, integer: 1), .bool(false)]))
    }

    @Test func errorsNameTheColumn() {
        let cases: [(String, Int)] = [
            (#"{"a":1,}"#, 8), (#"{"a":tru}"#, 6), (#"{"a":01}"#, 7), (#"{"a":"x"} y"#, 11), (#"{"a":{"b":1}}"#, 6),
            (#"{"a":[[1]]}"#, 7), (#"{"é":"\q"}"#, 7), (#"{"a":1,"a":2}"#, 8), (#"{"a":"\ud800"}"#, 7), ("[1]", 1),
            (#"{"a":"unterminated}"#, 6), (#"{"a":1e999}"#, 6),
        ]
        for (text, column) in cases {
            #expect(throws: JSONSyntaxError.self, "\(text)") { try parse(text) }
            do { _ = try parse(text) } catch { #expect(error.column == column, "\(text): \(error)") }
        }
    }

    @Test func neverTrapsOnTruncatedInput() {
        let line = #"{"kind":"insight","character":"é","insight_content":"a\tb","triggers":["x","y"],"confidence_score":0.5}"#
        let bytes = Array(line.utf8)
        for length in 0..<bytes.count {
            #expect(throws: JSONSyntaxError.self) { try FlatJSON.parseObject(Array(bytes[0..<length])) }
        }
        #expect(throws: Never.self) { try FlatJSON.parseObject(bytes) }
    }
}
