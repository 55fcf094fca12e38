// Parse and text-extraction throughput of Seams on large feed files, one core, best of several runs.
//
// Usage: seams-bench FILE... ; prints one JSON object per file on standard output.
import Foundation
import SeamsExtract
import SeamsParse

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

/// The fastest of `runs` timings of `work`, so that noise from other processes counts least.
func best(runs: Int, _ work: () throws -> Void) rethrows -> Double {
    var fastest = Double.infinity
    for _ in 0..<runs {
        let started = ContinuousClock.now
        try work()
        fastest = min(fastest, seconds(ContinuousClock.now - started))
    }
    return fastest
}

let parser = FeedParser()
let extractor = TextExtractor()
let runs = Int(ProcessInfo.processInfo.environment["SEAMS_BENCH_RUNS"] ?? "5") ?? 5
for path in CommandLine.arguments.dropFirst() {
    guard let data = FileManager.default.contents(atPath: path) else {
        FileHandle.standardError.write(Data("cannot read \(path)\n".utf8))
        exit(1)
    }
    let bytes = Array(data)
    var entries = 0
    var words = 0
    let parseOnly = try best(runs: runs) { entries = try parser.parse(bytes).entries.count }
    let parseAndExtract = try best(runs: runs) {
        let feed = try parser.parse(bytes)
        words = 0
        for entry in feed.entries {
            words += extractor.articleText(content: entry.content, summary: entry.summary).utf8.count
        }
    }
    let megabytes = Double(bytes.count) / 1_000_000
    let result: [String: Any] = [
        "file": (path as NSString).lastPathComponent, "bytes": bytes.count, "entries": entries,
        "parse_seconds": parseOnly, "parse_mb_per_s": megabytes / parseOnly,
        "parse_extract_seconds": parseAndExtract, "parse_extract_mb_per_s": megabytes / parseAndExtract,
        "parse_extract_entries_per_s": Double(entries) / parseAndExtract, "text_bytes": words,
    ]
    let json = try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys])
    print(String(decoding: json, as: UTF8.self))
}
