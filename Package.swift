// swift-tools-version:6.0
import PackageDescription

// Dependencies point one way: the CLI and the adapters (InsightStore, GraphML, InsightQuery) know
// InsightGraph; InsightGraph knows no database, file format, language or transport.
let package = Package(
    name: "InsightGraph",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "InsightGraph", targets: ["InsightGraph"]),
        .library(name: "InsightBench", targets: ["InsightBench"]),
        .library(name: "InsightStore", targets: ["InsightStore"]),
        .library(name: "InsightQuery", targets: ["InsightQuery"]),
        .library(name: "GraphML", targets: ["GraphML"]),
        .library(name: "InsightServer", targets: ["InsightServer"]),
        .library(name: "InsightServerPostgres", targets: ["InsightServerPostgres"]),
        .library(name: "InsightMCP", targets: ["InsightMCP"]),
        .executable(name: "insightgraph", targets: ["insightgraph"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.1.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.0.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.0.0"),
        .package(url: "https://github.com/modelcontextprotocol/swift-sdk", from: "0.12.1"),
    ],
    targets: [
        // C libraries, reached through thin targets so nothing above the adapters sees a pointer.
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        .systemLibrary(
            name: "CLibXML2System",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        // Snowball stemmers for the retrieval analyzer; libstemmer-dev has no pkg-config file.
        .systemLibrary(name: "CLibStemmer", providers: [.apt(["libstemmer-dev"])]),
        // libxml2 is built with ICU here and its headers clash with Foundation's; this C target
        // includes them privately and exposes only its own functions (include/CLibXML2.h).
        .target(name: "CLibXML2", dependencies: ["CLibXML2System"]),

        .target(name: "InsightGraph", dependencies: [
            "CLibStemmer",
            .product(name: "HeapModule", package: "swift-collections"),
        ], exclude: ["Retrieval/stopwords-en.txt"]),
        // The shared benchmark's retrieval workload (R-PPR, R-HOP: shared/bench/README.md), for
        // `insightgraph bench` and Benchmarks/ReferenceCSV; the product's retrieval never uses it.
        .target(name: "InsightBench", dependencies: ["InsightGraph"]),
        .target(name: "InsightStore", dependencies: ["InsightGraph", "CLibPQ"]),
        .target(name: "InsightQuery", dependencies: ["InsightGraph"]),
        .target(name: "GraphML", dependencies: ["InsightGraph", "CLibXML2"]),
        // The HTTP service: holds snapshots, maps domain errors to HTTP; engines plug in behind protocols.
        .target(name: "InsightServer", dependencies: [
            "InsightGraph", "InsightStore", "InsightQuery", "GraphML",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ]),
        // The service's PostgreSQL side: its snapshot source and batch writer, driving InsightStore
        // (which holds every SQL statement) behind InsightServer's protocols.
        .target(name: "InsightServerPostgres", dependencies: ["InsightGraph", "InsightStore", "InsightServer"]),
        // The MCP tools (definitions and handlers, no transport): `insightgraph mcp` serves them on stdio.
        .target(name: "InsightMCP", dependencies: [
            "InsightGraph", "InsightQuery", "InsightServer",
            .product(name: "MCP", package: "swift-sdk"),
        ]),
        .executableTarget(name: "insightgraph", dependencies: [
            "InsightGraph", "InsightBench", "InsightStore", "InsightQuery", "GraphML", "InsightServer", "InsightServerPostgres", "InsightMCP",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),

        // The demo dataset (Scripts/demo/demo-data.sql) as a graph, shared by the test targets.
        .target(name: "DemoGraph", dependencies: ["InsightGraph"], path: "Tests/DemoGraph"),
        // Small and random graphs for the core's and the benchmark's tests.
        .target(name: "GraphTestSupport", dependencies: ["InsightGraph"], path: "Tests/GraphTestSupport"),
        .testTarget(name: "InsightGraphTests", dependencies: ["InsightGraph", "DemoGraph", "GraphTestSupport"]),
        .testTarget(name: "InsightBenchTests", dependencies: ["InsightBench", "GraphTestSupport"]),
        .testTarget(name: "InsightStoreTests", dependencies: ["InsightStore"]),
        // Resources/ holds NetworkX's PageRank answers (and their generator); read through #filePath.
        .testTarget(name: "InsightQueryTests", dependencies: ["InsightQuery", "DemoGraph"], exclude: ["Resources"]),
        // Resources/ holds the GraphML XSD; tests read it through #filePath, not as a bundle.
        .testTarget(name: "GraphMLTests", dependencies: ["GraphML"], exclude: ["Resources"]),
        .testTarget(name: "InsightServerTests", dependencies: [
            "InsightServer", "InsightServerPostgres", .product(name: "HummingbirdTesting", package: "hummingbird"),
        ]),
        .testTarget(name: "InsightMCPTests", dependencies: ["InsightMCP"]),
    ]
)

// Fuzz harnesses (Sources/Fuzzers, libFuzzer entry points): declared only when Scripts/fuzz.sh sets
// INSIGHTGRAPH_FUZZ=1 and builds with --sanitize=fuzzer in its own scratch path, so `swift build`
// and `swift test` never compile them.
if Context.environment["INSIGHTGRAPH_FUZZ"] == "1" {
    package.targets += [
        .target(name: "FuzzSupport", dependencies: ["InsightGraph"], path: "Sources/Fuzzers/FuzzSupport"),
        .executableTarget(name: "FuzzIGQ", dependencies: ["InsightQuery", "FuzzSupport"],
                          path: "Sources/Fuzzers/FuzzIGQ"),
        .executableTarget(name: "FuzzPGText", dependencies: ["InsightStore"], path: "Sources/Fuzzers/FuzzPGText"),
        .executableTarget(name: "FuzzGraphML", dependencies: ["GraphML"], path: "Sources/Fuzzers/FuzzGraphML"),
        .executableTarget(name: "FuzzHTTP", dependencies: [
            "InsightServer", "FuzzSupport",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "Logging", package: "swift-log"),
        ], path: "Sources/Fuzzers/FuzzHTTP"),
    ]
}
