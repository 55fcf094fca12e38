import Foundation
import SeamsFuzzTargets
import Testing

/// Replays every input kept under `Fuzz/`: the crashers fuzzing found (fixed since, in `Fuzz/Regressions/TARGET/`) and
/// the seed corpus (`Fuzz/Corpus/TARGET/`), through the same entry points and invariants libFuzzer runs.
@Suite struct FuzzRegressionTests {
    static let fuzzFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fuzz")

    static func inputs(_ kind: String, _ target: FuzzTarget) -> [URL] {
        let folder = fuzzFolder.appendingPathComponent(kind).appendingPathComponent(target.rawValue)
        let files = (try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)) ?? []
        return files.filter { !$0.lastPathComponent.hasPrefix(".") }.sorted { $0.path < $1.path }
    }

    @Test(arguments: FuzzTarget.allCases)
    func keptCrashersStayFixed(_ target: FuzzTarget) throws {
        for file in Self.inputs("Regressions", target) {
            let data = try Data(contentsOf: file)
            data.withUnsafeBytes { target.run($0) }  // a regression traps here and fails the whole run
        }
    }

    @Test(arguments: FuzzTarget.allCases)
    func seedCorpusHoldsTheInvariants(_ target: FuzzTarget) throws {
        let seeds = Self.inputs("Corpus", target)
        #expect(seeds.count >= 5, "the \(target.rawValue) seed corpus is missing")
        for file in seeds {
            let data = try Data(contentsOf: file)
            data.withUnsafeBytes { target.run($0) }
        }
    }
}
