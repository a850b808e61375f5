import Testing
@testable import InsightStore

@Suite struct NumberParserTests {
    func int(_ text: String) throws -> Int { try NumberParser.parseInt(Array(text.utf8)) }
    func double(_ text: String) throws -> Double { try NumberParser.parseDouble(Array(text.utf8)) }

    @Test func integers() throws {
        #expect(try int("0") == 0)
        #expect(try int("42") == 42)
        #expect(try int("-17") == -17)
        #expect(try int("+5") == 5)
        #expect(try int("9223372036854775807") == Int.max)
        #expect(try int("-9223372036854775808") == Int.min)
    }

    @Test func badIntegersThrowWithOffset() {
        #expect(throws: TextParseError(.integer, at: 0, "expected a digit")) { try int("") }
        #expect(throws: TextParseError(.integer, at: 1, "expected a digit")) { try int("-") }
        #expect(throws: TextParseError(.integer, at: 2, "expected a digit")) { try int("12x") }
        #expect(throws: TextParseError(.integer, at: 18, "out of range")) { try int("9223372036854775808") }
        #expect(throws: TextParseError(.integer, at: 1, "expected a digit")) { try int("1.5") }
    }

    @Test func floatsMatchTheStandardLibrary() throws {
        for text in ["0.5", "0.523", "1", "-2.25", "1e-7", "1.5E+10", "0.1", "0.30000000000000004",
                     "3.141592653589793", "1.7976931348623157e+308", "5e-324", "2.2250738585072014e-308",
                     "123456789012345678901234567890", "0.000000000000000000000000001", "9007199254740993",
                     "4.9406564584124654e-324", "1e23", "8.98846567431158e307", ".5", "5."] {
            #expect(try double(text) == Double(text)!, "\(text)")
        }
    }

    @Test func specialFloats() throws {
        #expect(try double("NaN").isNaN)
        #expect(try double("nan").isNaN)
        #expect(try double("Infinity") == .infinity)
        #expect(try double("-Infinity") == -.infinity)
        #expect(try double("+inf") == .infinity)
        let negativeZero = try double("-0")
        #expect(negativeZero == 0 && negativeZero.sign == .minus)
    }

    @Test func badFloatsThrowWithOffset() {
        #expect(throws: TextParseError(.float, at: 0, "expected a number")) { try double("") }
        #expect(throws: TextParseError(.float, at: 0, "expected a number")) { try double("abc") }
        #expect(throws: TextParseError(.float, at: 3, "unexpected character")) { try double("1.5.2") }
        #expect(throws: TextParseError(.float, at: 2, "expected exponent digits")) { try double("1e") }
        #expect(throws: TextParseError(.float, at: 1, "expected a digit")) { try double(".") }
        #expect(throws: TextParseError(.float, at: 1, "expected a number")) { try double("-Infinityx") }
    }

    @Test func randomBytesNeverTrap() {
        var generator = SeededGenerator(seed: 7)
        let alphabet = Array("0123456789.eE+-naNIfity ".utf8)
        for _ in 0..<20_000 {
            let bytes = (0..<Int.random(in: 0...12, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
            _ = try? NumberParser.parseDouble(bytes)
            _ = try? NumberParser.parseInt(bytes)
            if let value = try? NumberParser.parseDouble(bytes), let expected = Double(String(decoding: bytes, as: UTF8.self)) {
                #expect(value == expected || (value.isNaN && expected.isNaN), "\(String(decoding: bytes, as: UTF8.self))")
            }
        }
    }
}

/// A small deterministic generator (SplitMix64) so fuzz-style tests repeat exactly.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
