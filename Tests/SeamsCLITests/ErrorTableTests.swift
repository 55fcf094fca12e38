import Foundation
import SeamsCore
import SeamsFetch
import SeamsParse
import SeamsStore
import SeamsSync
import Testing

@testable import SeamsCLI

/// README's error table and the program's failure codes are one list: every code a stage can report is explained
/// there, and the table names no code the program does not have.
struct ErrorTableTests {
    static let readme = CommandTests.root.appendingPathComponent("README.md")

    /// The codes named in the table under "### Error codes".
    func documentedCodes() throws -> Set<String> {
        let text = try String(contentsOf: Self.readme, encoding: .utf8)
        let section = try #require(text.range(of: "### Error codes")).upperBound
        let rest = text[section...]
        let table = rest.prefix { _ in true }.split(separator: "\n").drop { !$0.hasPrefix("|") }.prefix {
            $0.hasPrefix("|")
        }
        let firstColumns = table.map { $0.split(separator: "|").first.map(String.init) ?? "" }
        let pattern = /`((?:fetch|parse|store)\.[a-z_]+)`/
        return Set(firstColumns.flatMap { $0.matches(of: pattern).map { String($0.output.1) } })
    }

    @Test func everyFailureCodeIsInREADMEsErrorTableAndTheTableNamesNoOther() throws {
        let program = Set(
            FetchError.Code.allCases.map(\.failureCode) + ParseError.Code.allCases.map(\.failureCode)
                + StoreError.Code.allCases.map(\.failureCode)
        ).map(\.rawValue)
        let documented = try documentedCodes()
        #expect(documented.count > 20, "the table was found and read")
        #expect(Set(program).subtracting(documented).sorted() == [], "codes missing from README's error table")
        #expect(
            documented.subtracting(program).sorted() == [],
            "codes in README's error table that the program does not have"
        )
    }

    @Test func aStoreErrorKeepsItsCauseForTheLogsButShowsOnlyItsMessage() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("seams-not-a-db-\(UUID().uuidString)")
            .path
        try Data("this is not a database, it is a text file that happens to be long enough".utf8).write(
            to: URL(fileURLWithPath: path)
        )
        defer { try? FileManager.default.removeItem(atPath: path) }
        let error = try #require(throws: StoreError.self) { try Store(path: path) }
        #expect(error.failureCode == StoreError.Code.cannotOpen.failureCode)
        #expect(error.cause != nil, "the SQLite error is kept")
        #expect(error.description == error.message)
        #expect(error.debugDescription.contains("store.cannot_open") && error.debugDescription.contains("cause:"))
    }
}

/// README's settings table shows the defaults the configuration structs hold, as the help does.
struct SettingsTableTests {
    @Test func everySettingsDefaultInREADMEIsTheOneTheProgramUses() throws {
        let text = try String(contentsOf: ErrorTableTests.readme, encoding: .utf8)
        let rows = text.split(separator: "\n").filter { $0.hasPrefix("| `--") }
        for setting in SyncSetting.allCases {
            let row = try #require(
                rows.first { $0.hasPrefix("| `--\(setting.name)`") },
                "README has a row for --\(setting.name)"
            )
            let columns = row.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            #expect(columns.count >= 3 && columns[1] == "`\(setting.environmentName)`", "--\(setting.name)'s variable")
            let shown = setting.defaultValue.isEmpty ? "none" : setting.defaultValue
            #expect(
                columns.count >= 3 && columns[2] == shown,
                "--\(setting.name)'s default: README \(columns.count >= 3 ? columns[2] : "-"), program \(shown)"
            )
        }
        let summary = try #require(rows.first { $0.hasPrefix("| `--summary-interval`") })
        #expect(summary.contains("| \(SettingParser.text(SyncDaemon.defaultSummaryInterval)) |"))
    }
}
