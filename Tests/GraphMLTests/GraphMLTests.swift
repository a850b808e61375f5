import Testing
@testable import GraphML

@Suite struct GraphMLPlaceholderTests {
    @Test func moduleLinks() { #expect(Bool(true)) }
}
