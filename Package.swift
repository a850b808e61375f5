// swift-tools-version:6.0
import PackageDescription

// Dependencies point one way: the CLI and the adapters (InsightStore, GraphML, InsightQuery) know
// InsightGraph; InsightGraph knows no database, file format, language or transport.
let package = Package(
    name: "InsightGraph",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "InsightGraph", targets: ["InsightGraph"]),
        .library(name: "InsightStore", targets: ["InsightStore"]),
        .library(name: "InsightQuery", targets: ["InsightQuery"]),
        .library(name: "GraphML", targets: ["GraphML"]),
        .executable(name: "insightgraph", targets: ["insightgraph"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.1.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
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
        // libxml2 is built with ICU here and its headers clash with Foundation's; this C target
        // includes them privately and exposes only its own functions (include/CLibXML2.h).
        .target(name: "CLibXML2", dependencies: ["CLibXML2System"]),

        .target(name: "InsightGraph", dependencies: [
            .product(name: "HeapModule", package: "swift-collections"),
        ]),
        .target(name: "InsightStore", dependencies: ["InsightGraph", "CLibPQ"]),
        .target(name: "InsightQuery", dependencies: ["InsightGraph"]),
        .target(name: "GraphML", dependencies: ["InsightGraph", "CLibXML2"]),
        .executableTarget(name: "insightgraph", dependencies: [
            "InsightGraph", "InsightStore", "InsightQuery", "GraphML",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),

        .testTarget(name: "InsightGraphTests", dependencies: ["InsightGraph"]),
        .testTarget(name: "InsightStoreTests", dependencies: ["InsightStore"]),
        .testTarget(name: "InsightQueryTests", dependencies: ["InsightQuery"]),
        // Resources/ holds the GraphML XSD; tests read it through #filePath, not as a bundle.
        .testTarget(name: "GraphMLTests", dependencies: ["GraphML"], exclude: ["Resources"]),
    ]
)
