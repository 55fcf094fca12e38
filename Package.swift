// swift-tools-version:6.1
import PackageDescription

/// One target per pipeline stage; data flows one way: fetch → parse → fingerprint → cluster → store → sync → serve and
/// export → CLI, over SeamsCore (what every stage shares) and SeamsExtract (HTML text and sanitizing, which parsing
/// and the later stages use). The C libraries come from Debian packages through system-library targets.
let package = Package(
    name: "seams",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "seams", targets: ["seams"]),
        .executable(name: "seams-bench", targets: ["SeamsBench"]),
        .executable(name: "seams-fuzz", targets: ["SeamsFuzz"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
    ],
    targets: [
        // C libraries (Debian: libcurl4-openssl-dev, libxml2-dev, libxxhash-dev, libutf8proc-dev).
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "CXXHash", pkgConfig: "libxxhash", providers: [.apt(["libxxhash-dev"])]),
        .systemLibrary(name: "CUtf8proc", providers: [.apt(["libutf8proc-dev"])]),

        // 0 what every stage shares: failure codes, web addresses, stable hashes
        .target(name: "SeamsCore", dependencies: ["CXXHash"]),
        // 1 fetch
        .target(name: "SeamsFetch", dependencies: ["CCurl", "SeamsCore"]),
        // HTML beneath the stages: visible text (entries, titles) and sanitized markup (pages)
        .target(name: "SeamsExtract", dependencies: ["CXML2"]),
        // 2 parse
        .target(name: "SeamsParse", dependencies: ["CXML2", "CUtf8proc", "SeamsExtract", "SeamsCore"]),
        // 3 fingerprint / match
        .target(name: "SeamsFingerprint", dependencies: ["SeamsCore", "CUtf8proc"]),
        // 4 cluster: the deduplicator, over a storage protocol
        .target(name: "SeamsCluster", dependencies: ["SeamsCore", "SeamsFingerprint"]),
        // 5 store
        .target(
            name: "SeamsStore",
            dependencies: [
                "SeamsCore", "SeamsParse", "SeamsFingerprint", "SeamsCluster",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        // 5 store, when one machine is not enough: the same interfaces in PostgreSQL, shared by many nodes
        .target(
            name: "SeamsPostgres",
            dependencies: [
                "SeamsCore", "SeamsFetch", "SeamsParse", "SeamsFingerprint", "SeamsCluster", "SeamsStore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // 6 sync
        .target(
            name: "SeamsSync",
            dependencies: [
                "SeamsCore", "SeamsFetch", "SeamsParse", "SeamsExtract", "SeamsFingerprint", "SeamsStore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Metrics", package: "swift-metrics"),
            ]
        ),
        // 7 export and serve
        .target(
            name: "SeamsExport",
            dependencies: ["SeamsCore", "SeamsCluster", "SeamsStore", "SeamsParse", "SeamsExtract"]
        ),
        .target(
            name: "SeamsServer",
            dependencies: [
                "SeamsCore", "SeamsFetch", "SeamsParse", "SeamsExtract", "SeamsCluster", "SeamsStore", "SeamsSync",
                "SeamsExport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            resources: [.copy("Resources/openapi.json"), .copy("Resources/seams.css")]
        ),
        // 8 CLI
        .target(
            name: "SeamsCLI",
            dependencies: [
                "SeamsCore", "SeamsFetch", "SeamsParse", "SeamsExtract", "SeamsFingerprint", "SeamsCluster",
                "SeamsStore", "SeamsPostgres", "SeamsSync", "SeamsExport", "SeamsServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        .executableTarget(name: "seams", dependencies: ["SeamsCLI"]),
        .executableTarget(
            name: "SeamsBench",
            dependencies: [
                "SeamsParse", "SeamsExtract", "SeamsFingerprint", .product(name: "GRDB", package: "GRDB.swift"),
            ],
            path: "Benchmarks/SeamsBench"
        ),
        // Fuzzing: the libFuzzer targets (Fuzz/run.sh builds them with -sanitize=fuzzer,address) and their replayer.
        .target(
            name: "SeamsFuzzTargets",
            dependencies: ["SeamsParse", "SeamsExtract", "SeamsFingerprint"],
            path: "Fuzz/Targets"
        ),
        .executableTarget(name: "SeamsFuzz", dependencies: ["SeamsFuzzTargets"], path: "Fuzz/Driver"),

        // Tests
        .target(
            name: "SeamsTestSupport",
            dependencies: [
                "SeamsFetch", "SeamsSync", "SeamsStore", "SeamsFingerprint", "SeamsPostgres",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"), .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "PostgresNIO", package: "postgres-nio"), .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/SeamsTestSupport"
        ),
        .testTarget(name: "SeamsFetchTests", dependencies: ["SeamsFetch", "SeamsTestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "SeamsParseTests", dependencies: ["SeamsParse"]),
        .testTarget(name: "SeamsExtractTests", dependencies: ["SeamsExtract"]),
        .testTarget(name: "SeamsFingerprintTests", dependencies: ["SeamsFingerprint", "SeamsCore"]),
        // The founding example's stories, ingested by the deduplicator's tests and the store's.
        .target(name: "SeamsSeedFixture", path: "Tests/SeamsSeedFixture", exclude: ["seed-stitched-page.txt"]),
        .testTarget(
            name: "SeamsClusterTests",
            dependencies: ["SeamsCluster", "SeamsCore", "SeamsFingerprint", "SeamsSeedFixture"]
        ),
        .testTarget(
            name: "SeamsStoreTests",
            dependencies: [
                "SeamsStore", "SeamsCluster", "SeamsCore", "SeamsParse", "SeamsFingerprint", "SeamsSeedFixture",
                "SeamsTestSupport", .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(
            name: "SeamsPostgresTests",
            dependencies: [
                "SeamsPostgres", "SeamsStore", "SeamsCluster", "SeamsCore", "SeamsParse", "SeamsSeedFixture",
                "SeamsTestSupport", .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        ),
        .testTarget(name: "SeamsExportTests", dependencies: ["SeamsExport", "SeamsStore", "SeamsParse", "SeamsFetch"]),
        .testTarget(
            name: "SeamsSyncTests",
            dependencies: [
                "SeamsSync", "SeamsStore", "SeamsCore", "SeamsFetch", "SeamsExport", "SeamsTestSupport",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // The `seams` executable as a user runs it: signals, kill -9, a full disk, the API under load.
        .testTarget(
            name: "SeamsEndToEndTests",
            dependencies: [
                "seams", "SeamsCore", "SeamsFetch", "SeamsStore", "SeamsPostgres", "SeamsSync", "SeamsTestSupport",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "SeamsServerTests",
            dependencies: [
                "SeamsServer", "SeamsStore", "SeamsParse", "SeamsExport", "SeamsSync", "SeamsFetch", "SeamsTestSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            exclude: ["Scripts"]
        ),
        .testTarget(name: "SeamsFuzzTests", dependencies: ["SeamsFuzzTargets"]),
        .testTarget(
            name: "SeamsCLITests",
            dependencies: [
                "SeamsCLI", "SeamsCore", "SeamsFetch", "SeamsStore", "SeamsSync", "SeamsParse", "SeamsTestSupport",
            ]
        ),
    ]
)

// Swift 6 everywhere, and the upcoming rules that catch drift: `any` on every existential, a module's members
// visible only where it is imported, and imports internal unless a declaration needs them to be `package`.
for target in package.targets where target.type != .system {
    target.swiftSettings =
        (target.swiftSettings ?? []) + [
            .swiftLanguageMode(.v6), .enableUpcomingFeature("ExistentialAny"),
            .enableUpcomingFeature("MemberImportVisibility"),
            .enableUpcomingFeature("InternalImportsByDefault"),
        ]
}
