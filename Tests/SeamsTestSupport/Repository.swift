package import Foundation

/// Paths inside this repository, for tests that read the demo feeds.
package enum Repository {
    package static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    package static let demoOPML = root.appendingPathComponent("Feeds/demo.opml")
    package static let demoFolder = root.appendingPathComponent("Feeds/demo")

    package static func demoFiles() throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: demoFolder, includingPropertiesForKeys: nil).sorted {
            $0.path < $1.path
        }
    }

    /// A fresh database path in the temporary folder; the caller removes it with ``remove(_:)``.
    package static func temporaryDatabase() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("seams-test-\(UUID().uuidString).sqlite").path
    }

    package static func remove(_ database: String) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: database + suffix) }
    }
}
