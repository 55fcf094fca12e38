import Foundation
import SeamsPostgres
import SeamsTestSupport
import Testing

/// `seams store copy` moves a SQLite store holding the demo feeds — the seed world (its four stories and the stitched
/// page) among them — into PostgreSQL, and every story, stitched passage and schedule reads back the same.
struct StoreCopyTests {
    @Test func aCopiedStoreReadsBackTheSameStoriesPassagesAndSchedules() async throws {
        let executable = try #require(DaemonProcessTests.executable, "build the seams executable first")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("copy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let sqlite = folder.appendingPathComponent("seams.sqlite").path
        let sources = try Repository.demoFiles().map(\.path)
        let synced = try await ChildProcess.run(executable, ["sync"] + sources + ["--db", sqlite])
        #expect(synced.status == 0, "\(synced.output)")
        try await PostgresTestDatabase.withFresh { location in
            let db = location.description
            let copied = try await ChildProcess.run(executable, ["store", "copy", "--from", sqlite, "--to", db])
            #expect(copied.status == 0, "\(copied.output)")
            #expect(copied.output.contains("every count checked"))
            for view in [["clusters", "--json", "--limit", "10000"], ["feeds", "list", "--json"]] {
                let before = try await ChildProcess.run(executable, view + ["--db", sqlite])
                let after = try await ChildProcess.run(executable, view + ["--db", db])
                #expect(before.status == 0 && after.status == 0)
                #expect(before.output.contains("\"id\""), "the view lists something: \(view)")
                #expect(after.output == before.output, "seams \(view.joined(separator: " ")) reads the same")
            }
            let composites = try await ChildProcess.run(executable, ["clusters", "--composites", "--db", db]).output
            #expect(
                composites.contains("stitched from other stories"),
                "the seed's stitched page is copied: \(composites)"
            )
            let again = try await ChildProcess.run(executable, ["store", "copy", "--from", sqlite, "--to", db])
            #expect(
                again.status == 1 && again.output.contains("already holds feeds"),
                "a copy never merges into a store"
            )
        }
    }
}
