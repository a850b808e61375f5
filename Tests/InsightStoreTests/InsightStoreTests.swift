import Testing
@testable import InsightStore

@Suite struct InsightStorePlaceholderTests {
    @Test func moduleLinks() { #expect(Bool(true)) }
}
