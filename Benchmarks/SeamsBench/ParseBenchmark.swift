import Foundation
import SeamsExtract
import SeamsParse

/// Parse and text-extraction throughput on large feed files: one JSON object per file.
func parseBenchmark(_ paths: [String], runs: Int) throws {
    let parser = FeedParser()
    let extractor = TextExtractor()
    for path in paths {
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
        printJSON(result)
    }
}
