// swift-tools-version:6.0
import CompilerPluginSupport
import PackageDescription

/// Every command-line executable parses its arguments with swift-argument-parser.
let argumentParser = Target.Dependency.product(name: "ArgumentParser", package: "swift-argument-parser")

let package = Package(
    name: "clickstream",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "clickstreamd", targets: ["clickstreamd"]),
        .executable(name: "clickctl", targets: ["clickctl"]),
        .executable(name: "clickbench", targets: ["clickbench"]),
        .library(name: "ClickstreamGenerator", targets: ["ClickstreamGenerator"]),
        .library(name: "ClickstreamAPI", targets: ["ClickstreamAPI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/swiftlang/swift-syntax", from: "603.0.1"),
    ],
    targets: [
        // Entities and their hand-written JSON encoding. No library dependencies: it sits on the
        // hot path. At build time EmbedPlugin gives it the texts of schemas/ (SchemaTexts), and
        // the ClickstreamMacros plugin expands @PublicMemberwiseInit (declared here for all).
        .target(name: "ClickstreamModel", dependencies: ["ClickstreamMacros"], plugins: ["EmbedPlugin"]),
        .executableTarget(name: "Embed"),
        .plugin(name: "EmbedPlugin", capability: .buildTool(), dependencies: ["Embed"]),
        // PRNG, vocabularies (EmbedPlugin turns its Vocabularies/*.tsv into Swift), world,
        // session engine, event clock.
        .target(name: "CPrefetch"),
        .target(
            name: "ClickstreamGenerator", dependencies: ["ClickstreamModel", "CPrefetch"], plugins: ["EmbedPlugin"]),
        // The RPC contract shared by clickstreamd, clickctl and the HTTP adapter.
        .target(name: "ClickstreamAPI", dependencies: ["ClickstreamModel"]),
        // @PublicMemberwiseInit, for the value types other modules build (a build-time compiler
        // plugin: swift-syntax is not linked into any product).
        .macro(
            name: "ClickstreamMacros",
            dependencies: [
                .product(name: "SwiftSyntaxMacros", package: "swift-syntax"),
                .product(name: "SwiftCompilerPlugin", package: "swift-syntax"),
            ]
        ),

        .systemLibrary(
            name: "CRdKafka",
            pkgConfig: "rdkafka",
            providers: [.apt(["librdkafka-dev"])]
        ),
        .target(name: "ClickstreamKafka", dependencies: ["CRdKafka"]),
        .systemLibrary(
            name: "CSystemd",
            pkgConfig: "libsystemd",
            providers: [.apt(["libsystemd-dev"])]
        ),

        .target(
            name: "ClickstreamDaemon",
            dependencies: [
                "ClickstreamModel", "ClickstreamGenerator", "ClickstreamAPI", "ClickstreamKafka", "CSystemd",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "TOMLKit", package: "TOMLKit"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            // The OpenAPI schemas served at /openapi.json, compiled in as bytes (no bundle to ship).
            resources: [.embedInCode("HTTP/OpenAPISchemas.json")]
        ),
        // jemalloc as the process's allocator (a DT_NEEDED library ahead of libc, so it serves
        // the Swift runtime and librdkafka alike): librdkafka allocates ~7 blocks per message and
        // frees them in bulk from delivery reports, which overflows glibc's 7-entry thread
        // caches into its locked arenas; jemalloc's thread caches take it (docs/kafka.md, "Where
        // the time goes"). Debian: libjemalloc-dev to build, libjemalloc2 to run.
        .executableTarget(
            name: "clickstreamd",
            dependencies: [
                "ClickstreamDaemon",
                argumentParser,
            ],
            linkerSettings: [.linkedLibrary("jemalloc", .when(platforms: [.linux]))]
        ),
        .executableTarget(
            name: "clickctl",
            dependencies: [
                "ClickstreamAPI",
                argumentParser,
            ]
        ),
        // The fuzz targets of ClickstreamDaemon.FuzzTargets: a corpus replayer in normal builds;
        // `make fuzz` builds it with -sanitize=fuzzer,address and -D CLICKFUZZ_LIBFUZZER,
        // where libFuzzer drives it.
        .systemLibrary(name: "CLibFuzzer"),
        .executableTarget(name: "clickfuzz", dependencies: ["ClickstreamDaemon", "CLibFuzzer"]),
        // Release-build benchmarks that print figures; never timed in unit tests. They measure
        // the daemon's own Kafka sink and start their peers (Tansu, kcat, clickstreamd) with
        // the test support's process and socket helpers.
        .executableTarget(
            name: "clickbench",
            dependencies: [
                "ClickstreamModel", "ClickstreamGenerator", "ClickstreamKafka", "ClickstreamDaemon",
                "ClickstreamTestSupport",
                argumentParser,
            ]
        ),

        // Starts real peers for tests: a Tansu broker on a free port, a built clickstreamd.
        .target(name: "ClickstreamTestSupport", path: "Tests/ClickstreamTestSupport"),

        .testTarget(name: "ClickstreamModelTests", dependencies: ["ClickstreamModel"]),
        .testTarget(name: "ClickstreamGeneratorTests", dependencies: ["ClickstreamGenerator", "ClickstreamModel"]),
        .testTarget(name: "ClickstreamAPITests", dependencies: ["ClickstreamAPI"]),
        .testTarget(
            name: "ClickstreamMacrosTests",
            dependencies: [
                "ClickstreamMacros",
                .product(name: "SwiftSyntaxMacroExpansion", package: "swift-syntax"),
                .product(name: "SwiftSyntaxMacrosGenericTestSupport", package: "swift-syntax"),
            ]
        ),
        .testTarget(name: "ClickstreamKafkaTests", dependencies: ["ClickstreamKafka", "ClickstreamTestSupport"]),
        .testTarget(
            name: "ClickstreamDaemonTests",
            dependencies: [
                "ClickstreamDaemon", "ClickstreamAPI", "ClickstreamTestSupport",
                // EmbeddedChannel: the RPC line framing tested in process.
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ]
        ),
        .testTarget(name: "ClickctlTests", dependencies: ["ClickstreamAPI", "ClickstreamTestSupport"]),
        .testTarget(name: "DeploymentTests", dependencies: ["ClickstreamTestSupport"]),
    ]
)
